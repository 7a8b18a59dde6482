/// The QRS detection figures of one record (or of a pooled set of records).
public struct RecordScore: Sendable, Equatable, Codable {
    public var record: String
    /// Reference beats matched by a test beat.
    public var truePositives: Int
    /// Reference beats without a match (missed).
    public var falseNegatives: Int
    /// Test beats without a match (extra).
    public var falsePositives: Int
    /// Sum of the offsets test − reference of matched beats, in seconds.
    public var offsetSum: Double
    /// Sum of the squared offsets, in square seconds.
    public var offsetSquareSum: Double

    public init(record: String, truePositives: Int, falseNegatives: Int, falsePositives: Int,
                offsetSum: Double = 0, offsetSquareSum: Double = 0) {
        self.record = record
        self.truePositives = truePositives
        self.falseNegatives = falseNegatives
        self.falsePositives = falsePositives
        self.offsetSum = offsetSum
        self.offsetSquareSum = offsetSquareSum
    }

    /// Sensitivity TP / (TP + FN) in percent; nil when there is no reference beat.
    public var sensitivity: Double? {
        truePositives + falseNegatives > 0 ? 100 * Double(truePositives) / Double(truePositives + falseNegatives) : nil
    }

    /// Positive predictivity TP / (TP + FP) in percent; nil when there is no test beat.
    public var positivePredictivity: Double? {
        truePositives + falsePositives > 0 ? 100 * Double(truePositives) / Double(truePositives + falsePositives) : nil
    }

    /// F1 score 2TP / (2TP + FN + FP) in percent.
    public var f1: Double? {
        let d = 2 * truePositives + falseNegatives + falsePositives
        return d > 0 ? 100 * Double(2 * truePositives) / Double(d) : nil
    }

    /// Mean offset of matched beats (test − reference) in seconds.
    public var meanOffset: Double? {
        truePositives > 0 ? offsetSum / Double(truePositives) : nil
    }

    /// Standard deviation of the offsets of matched beats in seconds.
    public var offsetStandardDeviation: Double? {
        guard truePositives > 1, let mean = meanOffset else { return nil }
        let n = Double(truePositives)
        let variance = (offsetSquareSum - n * mean * mean) / (n - 1)
        return variance > 0 ? variance.squareRoot() : 0
    }
}
