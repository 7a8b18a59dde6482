/// Finds the R peak and the slope of a candidate for the decider, when a
/// rule needs them.
///
/// The streaming path measures every candidate as it is released (its
/// `location`, `amplitude` and `slope` are set); the segmented path measures
/// the R peaks of the beats after deciding, and lends the decider a locator
/// for the candidates its rules compare (`BeatDecider.locator`).
protocol CandidateLocator: Sendable {
    /// The R peak of a candidate (at its feature peak) and the
    /// baseline-free signal there (`CandidateSelector.locate`).
    func locate(_ candidate: PeakCandidate) -> (location: Int, amplitude: Int32)
    /// The largest band-limited slope over the integration window of a
    /// feature peak (`CandidateSelector.maximumSlope`).
    func slope(peak index: Int) -> Int32
    /// The balance of the slopes around an R peak (`SlopeBalance`).
    func slopeBalance(location: Int) -> Float
}

/// A `CandidateLocator` over the quantised lead of the segmented path.
///
/// Unchecked `Sendable`: the measurer points into the lead's workspace and
/// its scratch space, valid only inside `CandidateMeasurer.with`; the
/// locator is used there, synchronously, and dropped before it returns.
struct LeadLocator: CandidateLocator, @unchecked Sendable {
    let measurer: CandidateMeasurer
    let recordLength: Int
    /// The R peaks found so far: the decider, the path chooser and the beat
    /// list share this locator.
    let memo: LocationMemo

    func locate(_ candidate: PeakCandidate) -> (location: Int, amplitude: Int32) {
        let slot = Int(candidate.slot)
        guard slot >= 0, slot < memo.count else {
            return measurer.locate(peak: candidate.index, recordLength: recordLength)
        }
        if let known = memo.location(in: slot) { return known }
        let found = measurer.locate(peak: candidate.index, recordLength: recordLength)
        memo.remember(found, in: slot)
        return found
    }

    func slope(peak index: Int) -> Int32 { measurer.maximumSlope(peak: index) }

    func slopeBalance(location: Int) -> Float {
        let samples = measurer.samples
        return SlopeBalance.balance(around: location, design: measurer.design, count: samples.count) { samples[$0] }
    }
}
