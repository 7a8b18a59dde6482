/// Remembers the R peaks found for a lead's candidates: the decider's rules,
/// the path chooser and the final beat list ask for the R peaks of the same
/// candidates, one phase after the other, and each costs about a thousand
/// instructions (`CandidateMeasurer.locate`; a quarter of four thousand in
/// lanes). (Slopes are not remembered:
/// the rules seldom ask twice for one, and the look-up cost more than it
/// saved.)
///
/// A candidate is found by its slot, its position among the lead's
/// candidates (`PeakCandidate.slot`), which every candidate made from the
/// selector's list carries: no search. An R peak depends only on the lead
/// and the feature peak, so the beats are the same with or without the
/// memo. The memo also knows each slot's feature peak and height, so that
/// the locator can find the R peaks of later candidates with the one asked
/// for (`LeadLocator`).
final class LocationMemo: @unchecked Sendable {
    /// For each candidate its R peak, or -1 while not yet located.
    private let locations: UnsafeMutableBufferPointer<Int>
    private let amplitudes: UnsafeMutableBufferPointer<Int32>
    /// Each candidate's feature peak and its height.
    private let peaks: [CandidateSelector.Peak]

    /// A memo for the candidates at `peaks`, none located yet.
    init(peaks: [CandidateSelector.Peak]) {
        self.peaks = peaks
        locations = .allocate(capacity: peaks.count)
        locations.initialize(repeating: -1)
        amplitudes = .allocate(capacity: peaks.count)
        amplitudes.initialize(repeating: 0)
    }

    deinit {
        locations.deallocate()
        amplitudes.deallocate()
    }

    /// The number of candidates.
    var count: Int { locations.count }

    /// The feature peak of the candidate in `slot`.
    @inline(__always)
    func peak(in slot: Int) -> CandidateSelector.Peak { peaks[slot] }

    /// Whether the candidate in `slot` is located.
    @inline(__always)
    func isLocated(_ slot: Int) -> Bool { locations[slot] >= 0 }

    /// The R peak remembered in `slot`, nil while not located.
    @inline(__always)
    func location(in slot: Int) -> (location: Int, amplitude: Int32)? {
        locations[slot] < 0 ? nil : (locations[slot], amplitudes[slot])
    }

    @inline(__always)
    func remember(_ found: (location: Int, amplitude: Int32), in slot: Int) {
        locations[slot] = found.location
        amplitudes[slot] = found.amplitude
    }
}
