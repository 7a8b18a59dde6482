import Foundation

/// What a clinician measures on one strip: the figures the answer key and the
/// drill feedback show for that very strip.
public struct StripFigures: Sendable, Hashable, Codable {
    /// Ventricular rate per minute, nil when there are no QRS complexes.
    public var rate: Int?
    /// Atrial rate per minute where P waves can be counted.
    public var atrialRate: Int?
    /// `regular`, `irregular`, `irregularly irregular`, or `none` (no complexes).
    public var regularity: String
    /// What the P waves look like (`upright, one before every QRS`, `none seen`).
    public var pWaves: String
    /// PR interval in seconds, nil when not measurable.
    public var pr: Double?
    /// How the PR behaves beat to beat, when not constant (`lengthening until a P wave is dropped`).
    public var prPattern: String?
    /// QRS duration in seconds of the dominant beats, nil when there are no QRS complexes.
    public var qrs: Double?
    /// What else the QRS complexes show (`PVCs 0.15 s`, `changing shape and height`).
    public var qrsNote: String?
    /// Where the figures come from.
    public var source: String

    public init(rate: Int?, atrialRate: Int?, regularity: String, pWaves: String, pr: Double?, qrs: Double?, source: String) {
        self.rate = rate
        self.atrialRate = atrialRate
        self.regularity = regularity
        self.pWaves = pWaves
        self.pr = pr
        self.qrs = qrs
        self.source = source
    }

    public var rateText: String { rate.map { "\($0)/min" } ?? "none" }
    public var prText: String {
        let value = pr.map(Self.seconds) ?? (prPattern == nil ? "none" : "")
        guard let prPattern else { return value }
        return value.isEmpty ? prPattern : "\(value), \(prPattern)"
    }
    public var qrsText: String {
        let value = qrs.map(Self.seconds) ?? "none"
        return qrsNote.map { "\(value) (\($0))" } ?? value
    }

    /// Seconds with two decimals, as read off paper with calipers (`0.16 s`).
    public static func seconds(_ value: Double) -> String { String(format: "%.2f s", (value * 100).rounded() / 100) }

    /// One line: `rate 82/min, irregularly irregular, P waves: none; fibrillatory (f) waves, PR none, QRS 0.08 s`.
    public var summary: String {
        "rate \(rateText), \(regularity), P waves: \(pWaves), PR \(prText), QRS \(qrsText)"
    }
}
