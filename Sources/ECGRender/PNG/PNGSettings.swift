/// The libpng settings of the PNG writer.
///
/// Defaults, measured on a 6-second 200 DPI strip (see Benchmarks/Rendering):
/// palette images with no row filter (the PNG specification's advice for
/// palette images, and the filter heuristic is what makes libpng slow) and
/// zlib level 6 with the RLE strategy, which finds the long runs of paper
/// colour and repeating grid rows at a fraction of the default's cost.
public struct PNGSettings: Sendable, Hashable {
    /// zlib compression level, 0 (store) to 9 (smallest).
    public var compressionLevel: Int
    /// zlib strategy.
    public var strategy: Strategy
    /// PNG row filters libpng may choose from.
    public var filters: Filters

    public enum Strategy: Int32, Sendable, Hashable {
        // zlib.h: Z_DEFAULT_STRATEGY 0, Z_FILTERED 1, Z_HUFFMAN_ONLY 2, Z_RLE 3.
        case `default` = 0
        case filtered = 1
        case huffmanOnly = 2
        case runLength = 3
    }

    public struct Filters: OptionSet, Sendable, Hashable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        // png.h: PNG_FILTER_NONE 0x08, SUB 0x10, UP 0x20, AVG 0x40, PAETH 0x80.
        public static let none = Filters(rawValue: 0x08)
        public static let sub = Filters(rawValue: 0x10)
        public static let up = Filters(rawValue: 0x20)
        public static let average = Filters(rawValue: 0x40)
        public static let paeth = Filters(rawValue: 0x80)
        public static let all: Filters = [.none, .sub, .up, .average, .paeth]
    }

    public init(compressionLevel: Int = 6, strategy: Strategy = .runLength, filters: Filters = .none) {
        self.compressionLevel = compressionLevel
        self.strategy = strategy
        self.filters = filters
    }

    /// The renderer's default: fast and compact for strip images.
    public static let fast = PNGSettings()
    /// The smallest files libpng makes (level 9, every filter, default strategy); several times slower.
    public static let smallest = PNGSettings(compressionLevel: 9, strategy: .default, filters: .all)
}
