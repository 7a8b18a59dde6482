import ECGSignal
import ECGSynth

/// Measures a synthetic strip the way a reader of the strip would: rates and
/// intervals from the reference annotations, wave boundaries from the clean signal.
struct StripMeasurement {
    let strip: SyntheticECG
    let fs: Double
    let signal: [Float]

    init(_ strip: SyntheticECG) {
        self.strip = strip
        fs = strip.record.samplingFrequency
        signal = strip.cleanMillivolts
    }

    var beats: [Annotation] { strip.annotations.filter { $0.code.isBeat } }
    var spikes: [Int] { strip.annotations.filter { $0.code == .pacemakerSpike }.map(\.sample) }
    var pWaves: [Annotation] { strip.annotations.filter { $0.code == .pWave } }
    func annotations(_ code: AnnotationCode) -> [Annotation] { strip.annotations.filter { $0.code == code } }

    /// R–R intervals in seconds.
    var rr: [Double] {
        let samples = beats.map(\.sample)
        return zip(samples.dropFirst(), samples).map { Double($0 - $1) / fs }
    }

    /// Mean rate per minute of a series of events.
    func rate(of events: [Annotation]) -> Double? {
        guard events.count >= 3 else { return nil }
        return 60 * Double(events.count - 1) / (Double(events.last!.sample - events.first!.sample) / fs)
    }

    /// QRS onset and end around a beat annotation: the span, connected to the
    /// peak, where the slope exceeds `threshold` of the complex's steepest slope.
    /// Gaps under 12 ms are bridged, and so is any flat stretch far from the
    /// baseline (the top of a wide complex, flattened by a P wave riding on it).
    func qrsBoundaries(at sample: Int, threshold: Float = 0.15) -> (onset: Int, end: Int) {
        let half = Int(0.12 * fs)
        let low = max(1, sample - half), high = min(signal.count - 2, sample + half)
        var slope = [Float](repeating: 0, count: high - low + 1)
        for index in low...high { slope[index - low] = abs(signal[index + 1] - signal[index - 1]) }
        // A reader ignores pacemaker spikes when measuring the QRS.
        let blank = Int(0.01 * fs) + 1
        for spike in spikes where spike >= low - blank && spike <= high + blank {
            for index in max(low, spike - 2)...min(high, spike + blank) { slope[index - low] = 0 }
        }
        let steepest = slope.max() ?? 0
        let limit = threshold * steepest
        let gap = max(1, Int(0.012 * fs))
        let plateau = 0.5 * abs(signal[sample])
        func walk(_ direction: Int) -> Int {
            var index = sample, lastAbove = sample, quiet = 0
            while index + direction >= low, index + direction <= high {
                index += direction
                if slope[index - low] >= limit { lastAbove = index; quiet = 0 } else if abs(signal[index]) > plateau {
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

    func qrsDuration(at sample: Int) -> Double {
        let (onset, end) = qrsBoundaries(at: sample)
        return Double(end - onset) / fs
    }

    /// P-wave onset, or nil where the P wave rides on another wave (a reader
    /// measures the PR only where the P wave starts from a flat baseline): the
    /// point, walking back from the peak, where the signal falls below 10 % of
    /// the peak, if the 40 ms before it are flat.
    func pOnset(at sample: Int) -> Int? {
        let peak = signal[sample]
        var index = sample
        while index > 0, abs(signal[index]) > 0.1 * abs(peak), sample - index < Int(0.12 * fs) { index -= 1 }
        // Longer than half the widest P wave: the walk ran into another wave.
        guard Double(sample - index) / fs <= 0.075 else { return nil }
        let before = max(0, index - Int(0.04 * fs))
        // Pacemaker spikes are not part of the baseline.
        let nearSpike = spikes.contains { $0 >= before - 2 && $0 <= index + 2 }
        let window = signal[before...index].filter { _ in !nearSpike }
        // Flat: moving less than the P wave's own first tenth plus a little.
        if let high = window.max(), let low = window.min(), high - low >= 0.1 * abs(peak) + 0.01 { return nil }
        return index
    }

    /// For each beat preceded by a P wave (the last P since the previous beat,
    /// within 0.6 s), the PR interval measured on the signal.
    func prIntervals(codes: Set<AnnotationCode>? = nil) -> [(beat: Annotation, p: Annotation, pr: Double)] {
        var result: [(Annotation, Annotation, Double)] = []
        var lastP: Annotation?
        for annotation in strip.annotations {
            if annotation.code == .pWave { lastP = annotation; continue }
            guard annotation.code.isBeat else { continue }
            defer { lastP = nil }
            guard let p = lastP, codes?.contains(annotation.code) ?? true,
                  Double(annotation.sample - p.sample) / fs < 0.6 else { continue }
            guard let pStart = pOnset(at: p.sample) else { continue }
            let onset = qrsBoundaries(at: annotation.sample).onset
            result.append((annotation, p, Double(onset - pStart) / fs))
        }
        return result
    }

    /// Dominant frequency of the clean signal between 1 and 12 Hz (DFT on a 50 Hz copy).
    func dominantFrequency() -> Double {
        let step = max(1, Int(fs / 50))
        let x = stride(from: 0, to: signal.count, by: step).map { Double(signal[$0]) }
        let rate = fs / Double(step)
        let mean = x.reduce(0, +) / Double(x.count)
        var best = (frequency: 0.0, power: -1.0)
        var f = 1.0
        while f <= 12 {
            var re = 0.0, im = 0.0
            for (n, value) in x.enumerated() {
                let angle = 2 * Double.pi * f * Double(n) / rate
                re += (value - mean) * cos(angle)
                im += (value - mean) * sin(angle)
            }
            let power = re * re + im * im
            if power > best.power { best = (f, power) }
            f += 0.05
        }
        return best.frequency
    }

    /// Median peak-to-peak amplitude of the clean signal over 1-second windows.
    /// The size of a typical wave, as a reader judges coarse against fine VF:
    /// the median rise or fall between successive turning points, ignoring
    /// reversals under 0.01 mV.
    func typicalWaveSize() -> Double {
        guard var extreme = signal.first else { return 0 }
        var lastTurn = extreme, rising = true, started = false
        var swings: [Double] = []
        for value in signal.dropFirst() {
            if !started {
                if abs(value - extreme) > 0.01 { rising = value > extreme; started = true; lastTurn = extreme; extreme = value }
            } else if rising ? value > extreme : value < extreme {
                extreme = value
            } else if abs(value - extreme) > 0.01 {
                swings.append(Double(abs(extreme - lastTurn)))
                lastTurn = extreme
                extreme = value
                rising.toggle()
            }
        }
        swings.sort()
        return swings.isEmpty ? 0 : swings[swings.count / 2]
    }
}

#if canImport(Glibc)
import Glibc
#endif
