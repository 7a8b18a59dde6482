/// The answer for one strip: a rhythm of the library, or an honest "cannot tell".
public struct StripClassification: Sendable, Hashable, Codable {
    /// What the strip is called.
    public var outcome: Outcome
    /// 0 to 1: how well the strip fits the rhythm's criteria.
    public var confidence: Double
    /// The measurements that led to the label.
    public var measurements: StripMeasurements
    /// Why, in the words a learner is taught (rate, rhythm, P waves, PR, QRS, extras), one point per line.
    public var explanation: [String]
    /// Other library ids worth considering (nearest alternatives first).
    public var alternatives: [String]

    public init(outcome: Outcome, confidence: Double, measurements: StripMeasurements,
                explanation: [String], alternatives: [String] = []) {
        self.outcome = outcome
        self.confidence = confidence
        self.measurements = measurements
        self.explanation = explanation
        self.alternatives = alternatives
    }

    /// The library id named, if any (for `.cannotTellOnOneLead`, the first candidate).
    public var rhythmID: String? {
        switch outcome {
        case .rhythm(let id): return id
        case .cannotTellOnOneLead(let candidates, _): return candidates.first
        case .indeterminate: return nil
        }
    }

    /// What the classifier says about a strip.
    public enum Outcome: Sendable, Hashable, Codable {
        /// A rhythm of the library, by id.
        case rhythm(String)
        /// A single lead cannot tell these apart (e.g. an organised rhythm that may be PEA).
        case cannotTellOnOneLead(candidates: [String], reason: String)
        /// Too noisy or too short to call.
        case indeterminate(reason: String)
    }
}
