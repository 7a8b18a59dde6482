import Foundation

/// The time target of a timed drill: recognising a rhythm in a few seconds is
/// what a resuscitation needs (ACLS rhythm checks take no more than 10 s; the
/// default allows a learner reading a strip 15 s). A right answer over the
/// target is reported as slow and treated as not yet learned: it comes back
/// later in the session and the rhythm does not move up a box.
public struct DrillTiming: Sendable, Equatable {
    /// Seconds allowed per strip.
    public var limit: Double

    public static let defaultLimit = 15.0
    /// Targets `--time-limit` accepts, seconds.
    public static let limitRange: ClosedRange<Double> = 2...300

    public init(limit: Double = Self.defaultLimit) throws {
        guard limit.isFinite, Self.limitRange.contains(limit) else {
            throw TrainingError("--time-limit must be \(Int(Self.limitRange.lowerBound)) to \(Int(Self.limitRange.upperBound)) seconds, not \(limit)")
        }
        self.limit = limit
    }

    public func isSlow(_ seconds: Double) -> Bool { seconds > limit }

    /// `15 s` or `7.5 s`.
    public var limitText: String { Self.secondsText(limit) }

    static func secondsText(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }

    /// The median of some times (nil when there are none).
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
