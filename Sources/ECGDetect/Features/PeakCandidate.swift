/// A peak of the integrated feature that may be a QRS complex.
struct PeakCandidate: Sendable, Equatable {
    /// Index of the feature peak (feature time, delayed from the input).
    var index: Int
    /// Height of the integrated feature at the peak.
    var height: Int32
    /// Largest band-limited slope over the integration window before the
    /// peak; nil when not measured yet (the segmented path measures it only
    /// for the candidates a rule compares: `BeatDecider.slope(of:)`).
    var slope: Int32?
    /// The R peak in the input signal: the extremum of the baseline-free signal
    /// near the peak, positive or negative.
    var location: Int
    /// The baseline-free signal at `location`: its magnitude is the R peak's
    /// amplitude, its sign the polarity of the QRS.
    var amplitude: Int32
    /// Whether the selector restored this peak as a separate hump that a
    /// flank ripple of a later, larger hump had displaced.
    var restored = false
    /// The balance of the slopes around the R peak (`SlopeBalance`); nil when
    /// not measured (the segmented path measures it only for search-back
    /// picks: `BeatDecider.isOneSidedStep`).
    var slopeBalance: Float?
    /// Its position among the lead's candidates, the slot of its R peak in
    /// the locator's memo (`LocationMemo`); -1 when it has none (the
    /// streaming path's candidates come measured).
    var slot: Int32 = -1
}

extension PeakCandidate {
    /// A selector's peak as a candidate not yet measured (the segmented
    /// path), the `slot`-th of the lead's: its `location` holds the feature
    /// peak until the R peak is found.
    init(unmeasured peak: CandidateSelector.Peak, slot: Int) {
        self.init(index: peak.index, height: peak.height, slope: nil,
                  location: peak.index, amplitude: 0, restored: peak.restored,
                  slot: Int32(truncatingIfNeeded: slot))
    }
}
