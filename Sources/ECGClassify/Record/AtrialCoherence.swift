/// How consistently the same atrial wave precedes the QRS complexes, beat
/// after beat, around every beat of a record.
///
/// The interval from 300 ms to 60 ms before each conducted beat's R peak
/// (where the P wave lies at a PR of 120-240 ms) is taken from every lead,
/// a straight line through its ends removed, and the segments of the 16
/// conducted beats around the beat are averaged. Coherence is the energy of
/// the average over the mean energy of the segments: near 1 when every beat
/// has the same P wave, near 1/16 when the atrial activity is unrelated to
/// the QRS (fibrillatory waves, noise). The largest value over the leads is
/// kept. This is the principle of the P-wave absence features of AF
/// detectors (e.g. Ladavich & Ghoraani, Biomed Signal Process Control
/// 2015;18:274-81) reduced to one cheap number.
struct AtrialCoherence: Sendable {
    static let window = 16
    /// Below this the atrial activity is not organised (no consistent P wave);
    /// chosen on the MIT-BIH records (see the evaluation report).
    static let absentBelow = 0.25

    /// Coherence around each beat; NaN with fewer than half the window conducted.
    let values: [Double]

    init(leads: [[Float]], beats: [Int], conducted: [Bool], samplingFrequency fs: Double) {
        let start = Int((0.30 * fs).rounded()), stop = Int((0.06 * fs).rounded())
        let m = start - stop
        var values = [Double](repeating: .nan, count: beats.count)
        guard m > 2, !beats.isEmpty else { self.values = values; return }
        let usable = beats.indices.map { conducted[$0] && beats[$0] - start >= 0 }
        // Each usable beat's segment is detrended once, when it enters the
        // window, and kept until it leaves it (a window spans at most
        // `window` + 1 beats while it slides).
        let slots = Self.window + 2
        var stored = [Double](repeating: 0, count: slots * m)
        var storedEnergy = [Double](repeating: 0, count: slots)
        var sum = [Double](repeating: 0, count: m)
        for lead in leads {
            let finite = SignalMath.allFinite(lead)
            lead.withUnsafeBufferPointer { lead in
            stored.withUnsafeMutableBufferPointer { stored in
            sum.withUnsafeMutableBufferPointer { sum in
                // Detrended segment of beat i, written into its slot; its energy returned.
                func load(_ i: Int) -> Double {
                    let segment = stored.baseAddress! + (i % slots) * m
                    let base = beats[i] - start
                    let first = Double(lead[base].isFinite ? lead[base] : 0)
                    let last = Double(lead[base + m - 1].isFinite ? lead[base + m - 1] : 0)
                    let step = (last - first) / Double(m - 1)
                    var energy = 0.0
                    let samples = lead.baseAddress! + base
                    if finite {
                        for k in 0..<m {
                            let x = Double(samples[k]) - (first + step * Double(k))
                            segment[k] = x
                            energy += x * x
                        }
                    } else {
                        for k in 0..<m {
                            let v = samples[k]
                            let x = (v.isFinite ? Double(v) : 0) - (first + step * Double(k))
                            segment[k] = x
                            energy += x * x
                        }
                    }
                    return energy
                }
                for k in 0..<m { sum[k] = 0 }
                var energy = 0.0, members = 0
                var lo = 0, hi = 0
                for i in beats.indices {
                    let newLo = max(0, i - Self.window / 2), newHi = min(beats.count, i + Self.window / 2)
                    while hi < newHi {
                        if usable[hi] {
                            let added = load(hi)
                            storedEnergy[hi % slots] = added
                            energy += added
                            let segment = stored.baseAddress! + (hi % slots) * m
                            for k in 0..<m { sum[k] += segment[k] }
                            members += 1
                        }
                        hi += 1
                    }
                    while lo < newLo {
                        if usable[lo] {
                            energy -= storedEnergy[lo % slots]
                            let segment = stored.baseAddress! + (lo % slots) * m
                            for k in 0..<m { sum[k] -= segment[k] }
                            members -= 1
                        }
                        lo += 1
                    }
                    guard members >= Self.window / 2, energy > 0 else { continue }
                    var averageEnergy = 0.0
                    for k in 0..<m { averageEnergy += sum[k] * sum[k] }
                    let coherence = averageEnergy / (Double(members) * energy)
                    if !(values[i] >= coherence) { values[i] = coherence }
                }
            }
            }
            }
        }
        self.values = values
    }
}
