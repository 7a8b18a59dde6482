/// The solid colours a pixel can have under the trace.
///
/// The canvas is an 8-bit palette image: each pixel is `ink << 4 | coverage`,
/// where `coverage` (0...15) is how much of the pixel the anti-aliased trace
/// covers. The palette holds every ink blended with the trace colour at every
/// coverage, so the trace can cross the grid, labels and marks and still be
/// smooth, and the image stays one byte per pixel (a third of RGB for libpng).
enum Ink: UInt8, CaseIterable {
    case paper = 0
    case minorLine
    case majorLine
    case marks
    case panel
    case beatMark
    case caliper

    /// The pixel value of this ink with no trace over it.
    var pixel: UInt8 { rawValue << Ink.coverageBits }

    /// Bits of trace coverage per pixel.
    static let coverageBits: UInt8 = 4
    /// The largest coverage value (full trace colour).
    static let fullCoverage: UInt8 = 15

    func color(in theme: Theme) -> RGBColor {
        switch self {
        case .paper: return theme.paper
        case .minorLine: return theme.minorLine
        case .majorLine: return theme.majorLine
        case .marks: return theme.marks
        case .panel: return theme.panel
        case .beatMark: return theme.beatMark
        case .caliper: return theme.caliper
        }
    }

    /// The palette of a theme: every ink at every trace coverage, as RGB triples.
    static func palette(for theme: Theme) -> [RGBColor] {
        var palette: [RGBColor] = []
        palette.reserveCapacity(allCases.count << Int(coverageBits))
        for ink in allCases {
            let base = ink.color(in: theme)
            for level in 0...Int(fullCoverage) {
                palette.append(base.mixed(with: theme.trace, amount: Double(level) / Double(fullCoverage)))
            }
        }
        return palette
    }
}
