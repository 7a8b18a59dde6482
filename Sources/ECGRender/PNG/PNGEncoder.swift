import CLibPNG
import Foundation

/// Encodes 8-bit images as PNG through the system libpng (classic API, so the pHYs chunk can be written).
enum PNGEncoder {
    /// The pixel layout of the rows given to the encoder.
    enum ColorType {
        case palette([RGBColor])
        case gray
        case rgb

        var channels: Int {
            switch self {
            case .palette, .gray: return 1
            case .rgb: return 3
            }
        }
    }

    /// Encodes `pixels` (rows of `width * channels` bytes, top to bottom) into PNG bytes.
    static func encode(
        pixels: [UInt8], width: Int, height: Int, colorType: ColorType, dpi: Double, settings: PNGSettings
    ) throws(StripRenderError) -> Data {
        guard width > 0, height > 0, width <= 1 << 20, height <= 1 << 20,
              pixels.count >= width * height * colorType.channels else {
            throw .encodingFailed("\(width)×\(height) is not a valid image size for \(pixels.count) bytes")
        }
        var paletteBytes: [UInt8] = []
        let pngColorType: Int32
        switch colorType {
        case .palette(let palette):
            guard (1...256).contains(palette.count) else {
                throw .encodingFailed("a palette needs 1 to 256 colours, not \(palette.count)")
            }
            paletteBytes = palette.flatMap { [$0.red, $0.green, $0.blue] }
            pngColorType = PNG_COLOR_TYPE_PALETTE
        case .gray: pngColorType = PNG_COLOR_TYPE_GRAY
        case .rgb: pngColorType = PNG_COLOR_TYPE_RGB
        }
        let paletteCount = Int32(paletteBytes.count / 3)
        // pHYs stores pixels per metre: 200 DPI is 7874 px/m.
        let pixelsPerMetre = UInt32((dpi / 0.0254).rounded())
        var state = rhythmstrip_png_state()
        let succeeded = pixels.withUnsafeBufferPointer { pixelBuffer in
            paletteBytes.withUnsafeBufferPointer { paletteBuffer in
                rhythmstrip_png_encode(
                    &state, pixelBuffer.baseAddress, UInt32(width), UInt32(height), width * colorType.channels,
                    pngColorType, paletteBuffer.baseAddress, paletteCount, pixelsPerMetre,
                    settings.filters.rawValue, Int32(settings.compressionLevel), settings.strategy.rawValue)
            }
        }
        guard succeeded == 1, let bytes = state.data else {
            let message = withUnsafeBytes(of: state.message) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            throw .encodingFailed(message.isEmpty ? "libpng failed" : message)
        }
        return Data(bytesNoCopy: bytes, count: state.size, deallocator: .free)
    }
}
