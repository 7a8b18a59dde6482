/// A peak of the integrated feature that may be a QRS complex.
struct PeakCandidate: Sendable, Equatable {
    /// Index of the feature peak (feature time, delayed from the input).
    var index: Int
    /// Height of the integrated feature at the peak.
    var height: Int32
    /// Largest band-limited slope over the integration window before the
    /// peak, or `unmeasuredSlope` until `BeatDecider` needs it (the
    /// whole-record path: `BeatDecider.measureSlope`).
    var slope: Int32
    /// The `slope` of a candidate whose slope is measured on demand.
    static let unmeasuredSlope: Int32 = -1
    /// The R peak in the input signal: the extremum of the baseline-free signal
    /// near the peak, positive or negative.
    var location: Int
    /// Magnitude of the baseline-free signal at `location`.
    var amplitude: Int32
    /// Whether the selector restored this peak as a separate hump that a
    /// flank ripple of a later, larger hump had displaced.
    var restored = false
}
