/// How a strip is drawn: scale, resolution, colours and line widths.
public struct StripStyle: Sendable, Hashable {
    /// Paper speed in millimetres per second (25 by convention; 12.5 and 50 are common).
    public var speed: Double
    /// Gain in millimetres per millivolt (10 by convention; 5 and 20 are common).
    public var gain: Double
    /// Output resolution in dots per inch (stored in the PNG so prints come out at true scale).
    public var dpi: Double
    public var theme: Theme
    /// What happens where a wave leaves its row.
    public var overflow: Overflow
    /// The height of one row of trace, in millimetres (whole large squares look best).
    public var rowHeight: Double
    /// The trace line width in millimetres (a thermal-printer trace is about 0.25 mm).
    public var traceWidth: Double

    /// What happens to a wave taller than its row.
    public enum Overflow: String, Sendable, Hashable, CaseIterable {
        /// Cut the trace at the row's edge, as an ECG machine does.
        case clip
        /// Squeeze the part beyond the row's last 3 mm smoothly into it, so tall waves stay visible.
        case compress
    }

    /// The range of resolutions the renderer accepts.
    public static let dpiRange: ClosedRange<Double> = 50...1200

    public init(
        speed: Double = 25, gain: Double = 10, dpi: Double = 200, theme: Theme = .classic,
        overflow: Overflow = .clip, rowHeight: Double = 40, traceWidth: Double = 0.25
    ) {
        self.speed = speed
        self.gain = gain
        self.dpi = dpi
        self.theme = theme
        self.overflow = overflow
        self.rowHeight = rowHeight
        self.traceWidth = traceWidth
    }

    /// Pixels per millimetre at this resolution (200 DPI: 7.874; 300 DPI: 11.811).
    public var pixelsPerMillimetre: Double { dpi / 25.4 }

    /// Checks that every value is drawable, naming the first that is not.
    func validate() throws(StripRenderError) {
        guard Self.dpiRange.contains(dpi) else {
            throw .invalidStyle("resolution \(dpi) DPI is outside \(Int(Self.dpiRange.lowerBound))–\(Int(Self.dpiRange.upperBound)) DPI")
        }
        guard speed.isFinite, (1...200).contains(speed) else {
            throw .invalidStyle("paper speed \(speed) mm/s is outside 1–200 mm/s")
        }
        guard gain.isFinite, (0.5...100).contains(gain) else {
            throw .invalidStyle("gain \(gain) mm/mV is outside 0.5–100 mm/mV")
        }
        guard rowHeight.isFinite, (10...300).contains(rowHeight) else {
            throw .invalidStyle("row height \(rowHeight) mm is outside 10–300 mm")
        }
        guard traceWidth.isFinite, (0.05...2).contains(traceWidth) else {
            throw .invalidStyle("trace width \(traceWidth) mm is outside 0.05–2 mm")
        }
    }
}
