/// Finds pacemaker spikes: deflections one or two samples wide and far
/// steeper than any QRS. At 250-360 Hz a 0.5 ms spike is a single sample, so
/// the test is on the second difference (how far a sample stands out from
/// both neighbours), not on a slope over several samples.
struct PacemakerSpikeDetector: Sendable {
    let fs: Double

    init(samplingFrequency: Double) { fs = samplingFrequency }

    func detect(_ x: [Float]) -> [Int] {
        let n = x.count
        guard n > 4 else { return [] }
        let curvature = SignalMath.secondDifferences(x)
        let spread = SignalMath.medianAbsolute(curvature) * 1.4826
        // 0.4 mV of standing-out within one sample: no QRS does that at <= 1 kHz.
        let threshold = max(0.4, 10 * spread)
        let refractory = max(2, Int(0.05 * fs))
        let neighbourhood = max(1, Int(0.004 * fs))
        var spikes: [Int] = []
        var i = 1
        while i < n - 1 {
            let value = abs(curvature[i])
            if value >= threshold {
                var best = i
                for k in i...min(n - 2, i + neighbourhood) where abs(curvature[k]) > abs(curvature[best]) { best = k }
                // A spike returns to baseline quickly: the samples a few ms either side are close together.
                let before = x[max(0, best - neighbourhood - 1)], after = x[min(n - 1, best + neighbourhood + 1)]
                if abs(before - after) < 0.5 * abs(x[best] - 0.5 * (before + after)) {
                    spikes.append(best)
                    i = best + refractory
                    continue
                }
            }
            i += 1
        }
        return spikes
    }

    /// Replaces a few samples around each spike by a straight line.
    static func blank(_ spikes: [Int], in x: inout [Float], width: Int) {
        let n = x.count
        for spike in spikes {
            SignalMath.bridge(&x, from: max(0, spike - 2), to: min(n - 1, spike + width + 1))
        }
    }
}
