/// Why a strip could not be drawn or written.
public enum StripRenderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A style value (resolution, speed, gain, ...) is out of range.
    case invalidStyle(String)
    /// The page asks for something the signals cannot give (a missing lead, an empty window).
    case invalidPage(String)
    /// The page would be too large to hold in memory.
    case imageTooLarge(width: Int, height: Int)
    /// libpng refused to encode the image.
    case encodingFailed(String)
    /// The PNG file could not be written; nothing was left at the path.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidStyle(let reason): return "invalid strip style: \(reason)"
        case .invalidPage(let reason): return "invalid strip page: \(reason)"
        case .imageTooLarge(let width, let height):
            return "the strip image would be \(width)×\(height) pixels, larger than the 40-megapixel limit; lower --dpi or the duration"
        case .encodingFailed(let reason): return "PNG encoding failed: \(reason)"
        case .cannotWrite(let path, let reason): return "\(path): cannot write the PNG: \(reason)"
        }
    }
}
