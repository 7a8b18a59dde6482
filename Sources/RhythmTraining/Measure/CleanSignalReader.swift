import ECGSignal
import ECGSynth

/// Reads wave boundaries on a synthesized strip's noise-free signal at its
/// reference annotations, the way a reader with calipers measures them.
///
/// The rules are those the synthesizer's fidelity tests check the library
/// against (Tests/ECGSynthTests/StripMeasurement.swift), so the answer key
/// measures what those tests hold every rhythm to.
struct CleanSignalReader {
    let fs: Double
    let signal: [Float]
    let spikes: [Int]

    init(_ strip: SyntheticECG) {
        fs = strip.record.samplingFrequency
        signal = strip.cleanMillivolts
        spikes = strip.annotations.filter { $0.code == .pacemakerSpike }.map(\.sample)
    }

    /// QRS onset and end (samples) around a beat annotation: the span, connected to
    /// the peak, where the slope exceeds `threshold` of the complex's steepest slope.
    /// Gaps under 12 ms are bridged, and so is any flat stretch far from the
    /// baseline (the top of a wide complex).
    func qrsBoundaries(at sample: Int, threshold: Float = 0.15) -> (onset: Int, end: Int) {
        guard signal.count >= 3 else { return (sample, sample) }
        let sample = min(max(sample, 1), signal.count - 2)
        let half = Int(0.12 * fs)
        let low = max(1, sample - half), high = min(signal.count - 2, sample + half)
        var slope = [Float](repeating: 0, count: high - low + 1)
        for index in low...high { slope[index - low] = abs(signal[index + 1] - signal[index - 1]) }
        // A reader ignores pacemaker spikes when measuring the QRS.
        let blank = Int(0.01 * fs) + 1
        for spike in spikes where spike >= low - blank && spike <= high + blank {
            let from = max(low, spike - 2), to = min(high, spike + blank)
            if from <= to { for index in from...to { slope[index - low] = 0 } }
        }
        let limit = threshold * (slope.max() ?? 0)
        let gap = max(1, Int(0.012 * fs))
        let plateau = 0.5 * abs(signal[sample])
        func walk(_ direction: Int) -> Int {
            var index = sample, lastAbove = sample, quiet = 0
            while index + direction >= low, index + direction <= high {
                index += direction
                if slope[index - low] >= limit {
                    lastAbove = index
                    quiet = 0
                } else if abs(signal[index]) > plateau {
                    lastAbove = index
                } else {
                    quiet += 1
                    if quiet > gap { break }
                }
            }
            return lastAbove
        }
        return (walk(-1), walk(1))
    }

    /// P-wave onset (sample), or nil where the P wave rides on another wave (a
    /// reader measures the PR only where the P wave starts from a flat
    /// baseline): walking back from the peak, where the signal falls below 10 %
    /// of the peak, if the 40 ms before it are flat.
    func pOnset(at sample: Int) -> Int? {
        guard signal.indices.contains(sample) else { return nil }
        let peak = signal[sample]
        guard peak != 0 else { return nil }
        var index = sample
        while index > 0, abs(signal[index]) > 0.1 * abs(peak), sample - index < Int(0.12 * fs) { index -= 1 }
        // Longer than half the widest P wave: the walk ran into another wave.
        guard Double(sample - index) / fs <= 0.075 else { return nil }
        let before = max(0, index - Int(0.04 * fs))
        // Pacemaker spikes are not part of the baseline.
        guard !spikes.contains(where: { $0 >= before - 2 && $0 <= index + 2 }) else {
            return index
        }
        let window = signal[before...index]
        if let high = window.max(), let low = window.min(), high - low >= 0.1 * abs(peak) + 0.01 { return nil }
        return index
    }
}
