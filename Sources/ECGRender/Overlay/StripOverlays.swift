/// The answer-key marks drawn over a strip.
public struct StripOverlays: Sendable {
    /// Beat marks under the QRS complexes.
    public var beats: [BeatMark]
    /// Notes along the top of the rows (rhythm changes).
    public var notes: [TimeNote]
    /// Interval calipers.
    public var intervals: [IntervalMark]
    /// The rhythm's name, printed in a footer band (`Answer: Atrial fibrillation`).
    public var rhythmLabel: String?

    public init(
        beats: [BeatMark] = [], notes: [TimeNote] = [], intervals: [IntervalMark] = [], rhythmLabel: String? = nil
    ) {
        self.beats = beats
        self.notes = notes
        self.intervals = intervals
        self.rhythmLabel = rhythmLabel
    }
}
