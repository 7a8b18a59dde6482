/// The libpng settings of the PNG writer.
///
/// Defaults, measured on a 6-second 200 DPI strip (1301×317 palette pixels,
/// Benchmarks/Rendering): the single filter Up, which turns every grid row
/// that repeats the row above into zeros without libpng's per-row filter
/// search (the search is what makes libpng's default slow), and zlib level 3
/// with the default strategy. Encoding takes about 1.9 ms and gives 13 KB;
/// level 1 is no faster here (19 KB); the RLE strategy without a filter is
/// slower and 59 KB; level 9 with every filter gives 8.8 KB in 20 ms.
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

    public init(compressionLevel: Int = 3, strategy: Strategy = .default, filters: Filters = .up) {
        self.compressionLevel = compressionLevel
        self.strategy = strategy
        self.filters = filters
    }

    /// The renderer's default: fast and compact for strip images.
    public static let fast = PNGSettings()
    /// The smallest files libpng makes (level 9, every filter, default strategy); several times slower.
    public static let smallest = PNGSettings(compressionLevel: 9, strategy: .default, filters: .all)
}
