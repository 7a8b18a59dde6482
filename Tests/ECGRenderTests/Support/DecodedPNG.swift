import CLibPNG
import Foundation

/// A PNG file read back with libpng's simplified read API, as 8-bit RGB.
struct DecodedPNG {
    let width: Int
    let height: Int
    let rgb: [UInt8]
    /// The raw file, for chunk-level checks.
    let file: Data

    struct ReadError: Error, CustomStringConvertible { var description: String }

    init(url: URL) throws {
        file = try Data(contentsOf: url)
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        guard png_image_begin_read_from_file(&image, url.path) != 0 else {
            throw ReadError(description: "libpng cannot read \(url.path)")
        }
        image.format = UInt32(PNG_FORMAT_RGB)
        let imageWidth = Int(image.width), imageHeight = Int(image.height)
        width = imageWidth
        height = imageHeight
        var buffer = [UInt8](repeating: 0, count: imageWidth * imageHeight * 3)
        let ok = buffer.withUnsafeMutableBytes { raw in
            png_image_finish_read(&image, nil, raw.baseAddress, Int32(imageWidth * 3), nil)
        }
        png_image_free(&image)
        guard ok != 0 else { throw ReadError(description: "libpng cannot decode \(url.path)") }
        rgb = buffer
    }

    func pixel(_ x: Int, _ y: Int) -> (r: Int, g: Int, b: Int) {
        let index = (y * width + x) * 3
        return (Int(rgb[index]), Int(rgb[index + 1]), Int(rgb[index + 2]))
    }

    /// Darkness 0 (white) ... 255 (black), the mean of the three channels inverted.
    func darkness(_ x: Int, _ y: Int) -> Int {
        let p = pixel(x, y)
        return 255 - (p.r + p.g + p.b) / 3
    }

    func matches(_ x: Int, _ y: Int, _ color: (UInt8, UInt8, UInt8)) -> Bool {
        let p = pixel(x, y)
        return p.r == Int(color.0) && p.g == Int(color.1) && p.b == Int(color.2)
    }

    /// The chunks of the file, in order: type and payload.
    var chunks: [(type: String, data: Data)] {
        var result: [(String, Data)] = []
        var offset = 8
        let bytes = [UInt8](file)
        while offset + 8 <= bytes.count {
            let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let start = offset + 8
            guard start + length <= bytes.count else { break }
            result.append((type, Data(bytes[start..<(start + length)])))
            offset = start + length + 4
        }
        return result
    }

    /// The pHYs chunk: pixels per unit on x and y, and the unit (1 = metre).
    var physicalPixelDimensions: (x: UInt32, y: UInt32, unit: UInt8)? {
        guard let chunk = chunks.first(where: { $0.type == "pHYs" })?.data, chunk.count == 9 else { return nil }
        let b = [UInt8](chunk)
        func u32(_ i: Int) -> UInt32 { UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3]) }
        return (u32(0), u32(4), b[8])
    }

    /// The IHDR colour type (3 = palette).
    var colorType: UInt8? {
        guard let chunk = chunks.first(where: { $0.type == "IHDR" })?.data, chunk.count == 13 else { return nil }
        return [UInt8](chunk)[9]
    }
}
