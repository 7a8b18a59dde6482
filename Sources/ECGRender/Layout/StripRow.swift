/// One row of a strip page: a lead shown over a span of time.
public struct StripRow: Sendable, Hashable {
    /// Index of the lead in the signals given to the renderer.
    public var lead: Int
    /// Start of the row, in seconds from the start of the record.
    public var start: Double

    public init(lead: Int, start: Double) {
        self.lead = lead
        self.start = start
    }
}
