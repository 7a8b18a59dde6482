/// What one strip image shows: its rows, its labels and its answer-key overlays.
public struct StripPage: Sendable {
    /// The rows from top to bottom; all rows last `seconds`.
    public var rows: [StripRow]
    /// The duration of every row, in seconds.
    public var seconds: Double
    /// Where 0 mV of each row sits.
    public var baseline: Baseline
    /// A title printed in the header band.
    public var title: String?
    /// A strip number printed in the header band (`Strip 12`).
    public var stripNumber: Int?
    /// A heart rate printed in a box in the header band, in beats per minute.
    public var heartRate: Int?
    /// Answer-key marks: beats, the rhythm label, interval calipers.
    public var overlays: StripOverlays

    /// How a row's signal is placed vertically.
    public enum Baseline: Sendable, Hashable {
        /// The median of the row's samples sits on the row's baseline grid
        /// line, which cancels an offset or slow drift (as a monitor's
        /// high-pass filter does).
        case median
        /// 0 mV sits on the row's baseline grid line.
        case zero
    }

    public init(
        rows: [StripRow], seconds: Double, baseline: Baseline = .median, title: String? = nil,
        stripNumber: Int? = nil, heartRate: Int? = nil, overlays: StripOverlays = StripOverlays()
    ) {
        self.rows = rows
        self.seconds = seconds
        self.baseline = baseline
        self.title = title
        self.stripNumber = stripNumber
        self.heartRate = heartRate
        self.overlays = overlays
    }

    /// A single rhythm strip of one lead (6 seconds by default).
    public static func rhythmStrip(lead: Int = 0, start: Double = 0, seconds: Double = 6) -> StripPage {
        StripPage(rows: [StripRow(lead: lead, start: start)], seconds: seconds)
    }

    /// A full-page printout: `rows` rows of one lead in consecutive time.
    public static func continuous(lead: Int = 0, start: Double = 0, secondsPerRow: Double = 10, rows: Int = 4) -> StripPage {
        StripPage(
            rows: (0..<max(0, rows)).map { StripRow(lead: lead, start: start + Double($0) * secondsPerRow) },
            seconds: secondsPerRow)
    }

    /// Several leads stacked over the same time.
    public static func stacked(leads: [Int], start: Double = 0, seconds: Double = 6) -> StripPage {
        StripPage(rows: leads.map { StripRow(lead: $0, start: start) }, seconds: seconds)
    }

    /// Whether the rows show several leads over the same time.
    var isStacked: Bool {
        rows.count > 1 && rows.allSatisfy { $0.start == rows[0].start }
    }

    /// The row a beat at `time` is marked under: the row showing it; for stacked leads, the bottom one.
    func beatRow(for time: Double) -> Int? {
        let showing = rows.indices.filter { time >= rows[$0].start && time < rows[$0].start + seconds }
        return isStacked ? showing.last : showing.first
    }

    /// Whether row `row` has a lane for beat marks under it.
    func hasBeatLane(row: Int) -> Bool {
        guard !overlays.beats.isEmpty else { return false }
        return isStacked ? row == rows.count - 1 : true
    }

    var hasHeader: Bool { title != nil || stripNumber != nil || heartRate != nil }
    var hasFooter: Bool { overlays.rhythmLabel != nil }
}
