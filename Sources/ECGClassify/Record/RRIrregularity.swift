/// Beat-to-beat irregularity of the underlying rhythm around every R-R
/// interval of a record: the normalised RMSSD of Dash et al. (Automatic real
/// time detection of atrial fibrillation, Ann Biomed Eng 2009;37:1701-9),
/// computed on a sliding window of 32 intervals instead of their 128, with
/// their outlier trimming scaled to it (the 2 longest and 2 shortest
/// intervals dropped, as their 8 + 8 of 128).
///
/// Only intervals between two conducted beats count (an interval that
/// begins or ends on an ectopic beat says nothing about the atrial rhythm),
/// so isolated and frequent PVCs, bigeminy and trigeminy with ventricular
/// ectopics leave no irregularity behind.
struct RRIrregularity: Sendable {
    /// Intervals in the window centred on each interval.
    static let window = 32
    /// Longest and shortest intervals dropped from each window.
    static let trimmed = 2
    /// Dash et al.'s threshold on RMSSD / mean R-R for atrial fibrillation.
    static let atrialFibrillationThreshold = 0.1

    /// Normalised RMSSD around interval `i` (between beats i and i + 1); NaN
    /// where the window holds fewer than half its intervals from conducted beats.
    let values: [Double]

    /// `window` intervals around each (centred), the `trimmed` longest and shortest dropped.
    init(beats: [Int], conducted: [Bool], samplingFrequency fs: Double, window intervals: Int = Self.window, trimmed: Int = Self.trimmed) {
        let count = max(0, beats.count - 1)
        var values = [Double](repeating: .nan, count: count)
        let trimmed = max(1, trimmed)
        // Each interval and whether it joins two conducted beats, worked out once (not once per window).
        let rr = (0..<count).map { j in Double(beats[j + 1] - beats[j]) / fs }
        let usable = (0..<count).map { j in conducted[j] && conducted[j + 1] }
        var window: [(index: Int, rr: Double)] = []
        // The `trimmed` smallest values in ascending order and the `trimmed`
        // largest in descending order: their last entries are what a sorted
        // window holds at `trimmed - 1` and `count - trimmed`.
        var smallest = [Double](repeating: 0, count: trimmed), largest = [Double](repeating: 0, count: trimmed)
        for i in 0..<count {
            let lo = max(0, i - intervals / 2), hi = min(count, i + intervals / 2)
            window.removeAll(keepingCapacity: true)
            for j in lo..<hi where usable[j] { window.append((j, rr[j])) }
            guard window.count >= max(intervals / 2, trimmed) else { continue }
            for k in 0..<trimmed { smallest[k] = .infinity; largest[k] = -.infinity }
            for w in window {
                let v = w.rr
                if v < smallest[trimmed - 1] {
                    var k = trimmed - 1
                    while k > 0 && smallest[k - 1] > v { smallest[k] = smallest[k - 1]; k -= 1 }
                    smallest[k] = v
                }
                if v > largest[trimmed - 1] {
                    var k = trimmed - 1
                    while k > 0 && largest[k - 1] < v { largest[k] = largest[k - 1]; k -= 1 }
                    largest[k] = v
                }
            }
            let low = smallest[trimmed - 1], high = largest[trimmed - 1]
            // Drop exactly `trimmed` values at each end (ties: the first ones met).
            var droppedLow = 0, droppedHigh = 0
            var previous: Double?
            var sumSquares = 0.0, sum = 0.0, kept = 0, differences = 0
            for w in window {
                if w.rr <= low && droppedLow < trimmed { droppedLow += 1; continue }
                if w.rr >= high && droppedHigh < trimmed { droppedHigh += 1; continue }
                if let previous { let d = w.rr - previous; sumSquares += d * d; differences += 1 }
                previous = w.rr
                sum += w.rr
                kept += 1
            }
            guard differences > 0, sum > 0 else { continue }
            values[i] = (sumSquares / Double(differences)).squareRoot() / (sum / Double(kept))
        }
        self.values = values
    }
}
