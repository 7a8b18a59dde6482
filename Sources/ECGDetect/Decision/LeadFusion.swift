/// Combines the beats found on several leads into one beat list.
///
/// The first lead leads: its beats are kept. A beat of another lead is added
/// where the first lead has a gap, that is where the interval between the
/// first lead's neighbouring beats exceeds `gapFactor` times the median of the
/// first lead's recent intervals, and no kept beat lies within `coincidence`.
/// This recovers beats lost to electrode failure, saturation or low amplitude
/// on the first lead without importing the other leads' noise elsewhere.
struct LeadFusion {
    let coincidence: Int
    let gapFactor: Double

    init(samplingFrequency: Double) {
        coincidence = Int((0.15 * samplingFrequency).rounded())
        gapFactor = 2.2
    }

    func fuse(primary: [Int], others: [[Int]]) -> [Int] {
        guard !others.isEmpty else { return primary }
        var result = primary
        for other in others {
            let base = result
            guard base.count >= 3 else {
                if other.count > base.count { result = other }
                continue
            }
            var added: [Int] = []
            var j = 0
            var recent: [Int] = []
            recent.reserveCapacity(9)
            // The sorted copy of `recent`, reused: no allocation per beat.
            var sorted: [Int] = []
            sorted.reserveCapacity(9)
            for i in 1..<base.count {
                let interval = base[i] - base[i - 1]
                var median = interval
                if !recent.isEmpty {
                    sorted.removeAll(keepingCapacity: true)
                    sorted.append(contentsOf: recent)
                    sorted.sort()
                    median = sorted[sorted.count / 2]
                }
                if Double(interval) > gapFactor * Double(median) {
                    while j < other.count && other[j] <= base[i - 1] + coincidence { j += 1 }
                    while j < other.count && other[j] < base[i] - coincidence {
                        let beat = other[j]
                        if added.last.map({ beat - $0 > coincidence }) ?? true { added.append(beat) }
                        j += 1
                    }
                } else {
                    recent.append(interval)
                    if recent.count > 8 { recent.removeFirst() }
                }
            }
            result = (base + added).sorted()
        }
        return result
    }
}
