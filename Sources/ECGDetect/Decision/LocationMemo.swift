/// Remembers the R peaks found for a lead's candidates: the decider's rules,
/// the path chooser and the final beat list ask for the R peaks of the same
/// candidates, one phase after the other, and each costs about a thousand
/// instructions (`CandidateMeasurer.locate`). (Slopes are not remembered:
/// the rules seldom ask twice for one, and the look-up cost more than it
/// saved.)
///
/// A feature peak is found among the candidates' (in index order, as the
/// selector gives them) through a table of the first candidate in each
/// stretch of `bucketWidth` samples, then a few steps forward (a binary
/// search over thousands of candidates takes a dozen dependent steps); one
/// that is not a candidate is not remembered. An R peak depends only on the
/// lead and the feature peak, so the beats are the same with or without the
/// memo.
final class LocationMemo: @unchecked Sendable {
    private let peaks: UnsafeMutableBufferPointer<Int>
    /// For each candidate its R peak, or -1 while not yet located.
    private let locations: UnsafeMutableBufferPointer<Int>
    private let amplitudes: UnsafeMutableBufferPointer<Int32>
    /// For each stretch of `bucketWidth` samples up to the last candidate,
    /// the slot of the first candidate at or after its start.
    private let firstSlots: UnsafeMutableBufferPointer<Int32>
    /// Samples per stretch of `firstSlots`: 256, about as many as lie
    /// between two candidates at 360 Hz (a few steps forward from the
    /// stretch's first; a finer table costs more to build than it saves).
    private static let bucketShift = 8

    /// A memo for candidates at these feature peaks, in index order.
    init<Peaks: Collection>(peaks source: Peaks) where Peaks.Element == Int {
        peaks = .allocate(capacity: source.count)
        _ = peaks.initialize(from: source)
        locations = .allocate(capacity: source.count)
        locations.initialize(repeating: -1)
        amplitudes = .allocate(capacity: source.count)
        amplitudes.initialize(repeating: 0)
        let last = peaks.last.map { Swift.max(0, $0) } ?? 0
        firstSlots = .allocate(capacity: last >> Self.bucketShift &+ 1)
        var slot = 0
        for bucket in firstSlots.indices {
            let start = bucket << Self.bucketShift
            while slot < peaks.count && peaks[slot] < start { slot &+= 1 }
            firstSlots[bucket] = Int32(truncatingIfNeeded: slot)
        }
    }

    deinit {
        peaks.deallocate()
        locations.deallocate()
        amplitudes.deallocate()
        firstSlots.deallocate()
    }

    /// The position of feature peak `index` among the candidates, if it is one.
    @inline(__always)
    func slot(ofPeak index: Int) -> Int? {
        guard index >= 0 else { return nil }
        let bucket = index >> Self.bucketShift
        guard bucket < firstSlots.count else { return nil }
        var slot = Int(firstSlots[bucket])
        while slot < peaks.count && peaks[slot] < index { slot &+= 1 }
        return slot < peaks.count && peaks[slot] == index ? slot : nil
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
