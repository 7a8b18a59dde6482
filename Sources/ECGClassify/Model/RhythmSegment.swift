/// A stretch of a record with one rhythm.
public struct RhythmSegment: Sendable, Hashable, Codable {
    /// First sample of the segment.
    public var start: Int
    /// One past the last sample.
    public var end: Int
    /// Sampling frequency of the record, Hz (to turn samples into seconds).
    public var samplingFrequency: Double
    /// The label and measurements (of the first window of the segment for
    /// measurements; confidence is the mean over its windows).
    public var classification: StripClassification
    /// How many analysis windows were merged into this segment.
    public var windowCount: Int

    public init(start: Int, end: Int, samplingFrequency: Double, classification: StripClassification, windowCount: Int = 1) {
        self.start = start
        self.end = end
        self.samplingFrequency = samplingFrequency
        self.classification = classification
        self.windowCount = windowCount
    }

    public var startTime: Double { Double(start) / samplingFrequency }
    public var endTime: Double { Double(end) / samplingFrequency }
    /// The id used for merging and annotation: the rhythm, or `indeterminate`.
    public var label: String { classification.rhythmID ?? RhythmClassifier.indeterminateLabel }
}
