/// A caliper-like interval of the answer key: two vertical lines joined by a bar, with the duration.
public struct IntervalMark: Sendable, Hashable {
    /// Which interval this is; it decides the lane below the baseline the bar is drawn in.
    public enum Kind: Sendable, Hashable {
        case pr
        case qrs
        case qt
        case rr
        case other(String)

        var name: String {
            switch self {
            case .pr: return "PR"
            case .qrs: return "QRS"
            case .qt: return "QT"
            case .rr: return "RR"
            case .other(let name): return name
            }
        }

        /// Lanes below the baseline, top to bottom.
        var lane: Int {
            switch self {
            case .pr: return 0
            case .qrs: return 1
            case .qt: return 2
            case .rr, .other: return 3
            }
        }
    }

    public var kind: Kind
    /// Start and end, in seconds from the start of the record.
    public var start: Double
    public var end: Double
    /// The row to draw on (index into the page's rows); nil for the first row that shows `start`.
    public var row: Int?
    /// The text beside the bar; nil for the kind and duration (`PR 0.16 s`).
    public var text: String?

    public init(kind: Kind, start: Double, end: Double, row: Int? = nil, text: String? = nil) {
        self.kind = kind
        self.start = start
        self.end = end
        self.row = row
        self.text = text
    }

    /// The label drawn beside the bar.
    var label: String {
        if let text { return text }
        // Seconds with two decimals, as calipers are read off paper (0.16 s).
        let duration = abs(end - start)
        guard duration.isFinite, duration < 1e6 else { return "\(kind.name) ?" }
        let hundredths = Int((duration * 100).rounded())
        let secondsText = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        return "\(kind.name) \(secondsText) s"
    }
}
