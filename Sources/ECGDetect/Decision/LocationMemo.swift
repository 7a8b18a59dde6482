/// Remembers the R peaks found for a lead's candidates: the decider's rules,
/// the path chooser and the final beat list ask for the R peaks of the same
/// candidates, one phase after the other, and each costs about 1500
/// instructions (`CandidateMeasurer.locate`, mostly its smoothing).
///
/// A feature peak is found among the candidates' (in index order, as the
/// selector gives them) by binary search; one that is not a candidate is not
/// remembered. An R peak depends only on the lead and the feature peak, so
/// the beats are the same with or without the memo.
final class LocationMemo: @unchecked Sendable {
    private let peaks: UnsafeMutableBufferPointer<Int>
    /// For each candidate its R peak, or -1 while not yet located.
    private let locations: UnsafeMutableBufferPointer<Int>
    private let amplitudes: UnsafeMutableBufferPointer<Int32>

    /// A memo for candidates at these feature peaks, in index order.
    init<Peaks: Collection>(peaks source: Peaks) where Peaks.Element == Int {
        peaks = .allocate(capacity: source.count)
        _ = peaks.initialize(from: source)
        locations = .allocate(capacity: source.count)
        locations.initialize(repeating: -1)
        amplitudes = .allocate(capacity: source.count)
        amplitudes.initialize(repeating: 0)
    }

    deinit {
        peaks.deallocate()
        locations.deallocate()
        amplitudes.deallocate()
    }

    /// The position of feature peak `index` among the candidates, if it is one.
    @inline(__always)
    func slot(ofPeak index: Int) -> Int? {
        var low = 0, high = peaks.count
        while low < high {
            let middle = (low &+ high) >> 1
            if peaks[middle] < index { low = middle &+ 1 } else { high = middle }
        }
        return low < peaks.count && peaks[low] == index ? low : nil
    }

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
