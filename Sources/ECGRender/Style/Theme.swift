/// The colours of the paper, the trace and the answer-key marks.
public struct Theme: Sendable, Hashable {
    /// A short name (`classic`, `monitor`, `bw`), used by the command line.
    public var name: String
    public var paper: RGBColor
    public var minorLine: RGBColor
    public var majorLine: RGBColor
    /// Printed marks: tick marks, labels, the calibration pulse is trace ink.
    public var marks: RGBColor
    /// Header and footer bands (title, heart rate, rhythm label).
    public var panel: RGBColor
    public var trace: RGBColor
    /// Beat marks of the answer key.
    public var beatMark: RGBColor
    /// Interval calipers (PR, QRS, RR) of the answer key.
    public var caliper: RGBColor

    public init(
        name: String, paper: RGBColor, minorLine: RGBColor, majorLine: RGBColor, marks: RGBColor,
        panel: RGBColor, trace: RGBColor, beatMark: RGBColor, caliper: RGBColor
    ) {
        self.name = name
        self.paper = paper
        self.minorLine = minorLine
        self.majorLine = majorLine
        self.marks = marks
        self.panel = panel
        self.trace = trace
        self.beatMark = beatMark
        self.caliper = caliper
    }

    /// Pink paper with red lines and a near-black trace, like a 12-lead machine's printout.
    public static let classic = Theme(
        name: "classic",
        paper: RGBColor(255, 244, 244), minorLine: RGBColor(246, 196, 196),
        majorLine: RGBColor(232, 128, 128), marks: RGBColor(90, 20, 24),
        panel: RGBColor(255, 255, 255), trace: RGBColor(16, 16, 32),
        beatMark: RGBColor(20, 70, 200), caliper: RGBColor(0, 120, 60)
    )

    /// A bedside monitor: green trace on black with a faint grid.
    public static let monitor = Theme(
        name: "monitor",
        paper: RGBColor(0, 0, 0), minorLine: RGBColor(18, 38, 18),
        majorLine: RGBColor(40, 86, 40), marks: RGBColor(190, 230, 190),
        panel: RGBColor(16, 16, 16), trace: RGBColor(64, 255, 96),
        beatMark: RGBColor(255, 220, 60), caliper: RGBColor(90, 200, 255)
    )

    /// Greys only, for photocopied handouts: light grid, black trace.
    public static let blackAndWhite = Theme(
        name: "bw",
        paper: RGBColor(255, 255, 255), minorLine: RGBColor(214, 214, 214),
        majorLine: RGBColor(150, 150, 150), marks: RGBColor(0, 0, 0),
        panel: RGBColor(255, 255, 255), trace: RGBColor(0, 0, 0),
        beatMark: RGBColor(70, 70, 70), caliper: RGBColor(40, 40, 40)
    )

    /// The built-in themes.
    public static let all: [Theme] = [.classic, .monitor, .blackAndWhite]

    /// The built-in theme with the given name.
    public static func named(_ name: String) -> Theme? {
        all.first { $0.name == name }
    }
}
