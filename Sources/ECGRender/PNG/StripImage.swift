import ECGSignal
import Foundation

/// A rendered strip: a palette image at a known resolution.
public struct StripImage: Sendable {
    public let width: Int
    public let height: Int
    /// The resolution the strip was drawn at; written to the PNG's pHYs chunk.
    public let dpi: Double
    /// Palette indices, row by row.
    public let pixels: [UInt8]
    /// The colours the indices refer to.
    public let palette: [RGBColor]

    init(canvas: IndexedCanvas, palette: [RGBColor], dpi: Double) {
        width = canvas.width
        height = canvas.height
        pixels = canvas.pixels
        self.palette = palette
        self.dpi = dpi
    }

    /// The colour of one pixel.
    public func color(x: Int, y: Int) -> RGBColor {
        palette[Int(pixels[y * width + x])]
    }

    /// The image as PNG bytes: 8-bit palette (one byte per pixel), the DPI in pHYs.
    public func pngData(settings: PNGSettings = .fast) throws(StripRenderError) -> Data {
        try PNGEncoder.encode(
            pixels: pixels, width: width, height: height, colorType: .palette(palette), dpi: dpi, settings: settings)
    }

    /// Writes the PNG to `url` through a temporary file in the same folder and
    /// a rename, so a failure never leaves a partial file at `url`.
    public func writePNG(to url: URL, settings: PNGSettings = .fast) throws(StripRenderError) {
        let data = try pngData(settings: settings)
        do {
            try AtomicFileWriter.write([(url.path, data)])
        } catch {
            throw .cannotWrite(path: url.path, reason: Self.reason(for: error, at: url))
        }
    }

    private static func reason(for error: Error, at url: URL) -> String {
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            return "the folder \(folder.path) does not exist"
        }
        if !isDirectory.boolValue { return "\(folder.path) is not a folder" }
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "it is a folder"
        }
        if !FileManager.default.isWritableFile(atPath: folder.path) {
            return "the folder \(folder.path) is not writable"
        }
        if let error = error as? ECGSignalError { return error.reason }
        return (error as NSError).localizedDescription
    }
}
