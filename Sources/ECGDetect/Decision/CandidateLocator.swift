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
///
/// A class: the decider and the path chooser copy their optional locator
/// at each question, and a reference copies in one register where the
/// measurer's two hundred bytes went through `memmove`, whose stores the
/// first reads of the copy then waited for.
final class LeadLocator: CandidateLocator, @unchecked Sendable {
    let measurer: CandidateMeasurer
    let recordLength: Int
    /// The R peaks found so far: the decider, the path chooser and the beat
    /// list share this locator.
    let memo: LocationMemo

    init(measurer: CandidateMeasurer, recordLength: Int, memo: LocationMemo) {
        self.measurer = measurer
        self.recordLength = recordLength
        self.memo = memo
    }

    func locate(_ candidate: PeakCandidate) -> (location: Int, amplitude: Int32) {
        let slot = Int(candidate.slot)
        guard slot >= 0, slot < memo.count else {
            return measurer.locate(peak: candidate.index, recordLength: recordLength)
        }
        if let known = memo.location(in: slot) { return known }
        if locateInLanes(from: slot) { return memo.location(in: slot)! }
        let found = measurer.locate(peak: candidate.index, recordLength: recordLength)
        memo.remember(found, in: slot)
        return found
    }

    /// Candidates after the one asked for among which the others of a lane
    /// batch are sought.
    static let batchReach = 16
    /// The fewest candidates worth locating side by side: four lanes cost
    /// about as much as two single searches.
    static let fewestInLanes = 3

    /// Locates the candidate in `slot` together with the next unlocated
    /// ones at least half as high (`CandidateMeasurer.locate(peaks:recordLength:)`),
    /// if there are enough of them, and remembers their R peaks: the decider
    /// asks for the R peaks of beats, whose feature peaks are of a size, and
    /// seldom of lower peaks between them (T waves, noise). On the 26
    /// MIT-BIH records 3.97 of every 4 candidates so located were asked for.
    /// Returns whether it did.
    func locateInLanes(from slot: Int) -> Bool {
        let asked = memo.peak(in: slot)
        guard measurer.canLocateInLanes(peak: asked.index, recordLength: recordLength) else { return false }
        var slots = SIMD4<Int>(repeating: slot)
        var peaks = SIMD4<Int>(repeating: asked.index)
        var taken = 1
        var next = slot &+ 1
        let end = Swift.min(memo.count, slot &+ Self.batchReach)
        while taken < CandidateMeasurer.laneCount && next < end {
            let peak = memo.peak(in: next)
            if !memo.isLocated(next) && 2 &* Int(peak.height) >= Int(asked.height)
                && measurer.canLocateInLanes(peak: peak.index, recordLength: recordLength) {
                slots[taken] = next
                peaks[taken] = peak.index
                taken &+= 1
            }
            next &+= 1
        }
        guard taken >= Self.fewestInLanes else { return false }
        let found = measurer.locate(peaks: peaks, recordLength: recordLength)
        for lane in 0..<taken {
            memo.remember((found.locations[lane], found.amplitudes[lane]), in: slots[lane])
        }
        return true
    }

    func slope(peak index: Int) -> Int32 { measurer.maximumSlope(peak: index) }

    func slopeBalance(location: Int) -> Float {
        let samples = measurer.samples
        return SlopeBalance.balance(around: location, design: measurer.design, count: samples.count) { samples[$0] }
    }
}
