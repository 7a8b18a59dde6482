import Foundation

/// Recording noise: each kind generated at unit RMS, mixed with fixed weights,
/// then scaled to the requested signal-to-noise ratio.
struct NoiseGenerator {
    var rng: SeededGenerator
    let samplingFrequency: Double
    let mainsFrequency: Double

    /// Relative RMS of each kind in the mix.
    static let weights: [NoiseKind: Float] = [.wander: 1, .muscle: 0.7, .mains: 0.5, .motion: 1]

    /// Adds noise of the given kinds to `signal` at `snr` dB relative to
    /// `signalPower` (mV²). Returns the times of electrode-motion artefacts.
    mutating func add(_ kinds: Set<NoiseKind>, snr: Double, signalPower: Double, to signal: inout [Float]) -> [Double] {
        let count = signal.count
        guard count > 0, !kinds.isEmpty else { return [] }
        var mix = [Float](repeating: 0, count: count)
        var scratch = [Float](repeating: 0, count: count)
        var motionTimes: [Double] = []
        // A fixed order keeps the output independent of Set iteration order.
        for kind in NoiseKind.allCases where kinds.contains(kind) {
            for index in 0..<count { scratch[index] = 0 }
            switch kind {
            case .wander: wander(into: &scratch)
            case .muscle: muscle(into: &scratch)
            case .mains: mains(into: &scratch)
            case .motion: motionTimes = motion(into: &scratch)
            }
            let rms = Self.rms(scratch)
            guard rms > 0 else { continue }
            let gain = Self.weights[kind]! / rms
            for index in 0..<count { mix[index] += gain * scratch[index] }
        }
        let mixRMS = Self.rms(mix)
        guard mixRMS > 0 else { return motionTimes }
        let target = Float((signalPower / pow(10, snr / 10)).squareRoot())
        let gain = target / mixRMS
        for index in 0..<count { signal[index] += gain * mix[index] }
        return motionTimes
    }

    static func rms(_ values: [Float]) -> Float {
        guard !values.isEmpty else { return 0 }
        var sum: Double = 0
        var mean: Double = 0
        for value in values { mean += Double(value) }
        mean /= Double(values.count)
        for value in values { sum += (Double(value) - mean) * (Double(value) - mean) }
        return Float((sum / Double(values.count)).squareRoot())
    }

    /// A sinusoid by complex rotation, added with `amplitude`.
    private func addSinusoid(frequency: Double, phase: Double, amplitude: Float, into out: inout [Float]) {
        let w = 2 * Double.pi * frequency / samplingFrequency
        let (stepCos, stepSin) = (cos(w), sin(w))
        var (c, s) = (cos(phase), sin(phase))
        for index in out.indices {
            out[index] += amplitude * Float(s)
            (c, s) = (c * stepCos - s * stepSin, s * stepCos + c * stepSin)
            if index & 0xFFFF == 0 {
                // Renormalise so rounding cannot grow or shrink the amplitude over hours.
                let norm = (c * c + s * s).squareRoot()
                c /= norm
                s /= norm
            }
        }
    }

    /// Respiration (0.15–0.35 Hz) plus a slower electrode drift (0.03–0.08 Hz).
    private mutating func wander(into out: inout [Float]) {
        addSinusoid(frequency: rng.uniform(0.15, 0.35), phase: rng.uniform(0, 2 * .pi), amplitude: 1, into: &out)
        addSinusoid(frequency: rng.uniform(0.03, 0.08), phase: rng.uniform(0, 2 * .pi), amplitude: 0.7, into: &out)
    }

    /// Broadband EMG: white noise, high-passed near 10 Hz and low-passed near
    /// 150 Hz (or 0.4 fs), in bursts whose strength changes every 0.2–0.6 s.
    private mutating func muscle(into out: inout [Float]) {
        let fs = samplingFrequency
        let highPass = Float(exp(-2 * Double.pi * 10 / fs))
        let lowPass = Float(exp(-2 * Double.pi * min(150, 0.4 * fs) / fs))
        var previousInput: Float = 0, highPassed: Float = 0, lowPassed: Float = 0
        var index = 0
        while index < out.count {
            let burst = Int(rng.uniform(0.2, 0.6) * fs)
            let level = Float(rng.uniform(0.3, 1.0))
            let end = min(out.count, index + max(1, burst))
            for sample in index..<end {
                let input = level * rng.signedUnitFloat()
                highPassed = highPass * (highPassed + input - previousInput)
                previousInput = input
                lowPassed = highPassed + lowPass * (lowPassed - highPassed)
                out[sample] = lowPassed
            }
            index = end
        }
    }

    /// Power-line interference with a small third harmonic.
    private mutating func mains(into out: inout [Float]) {
        addSinusoid(frequency: mainsFrequency, phase: rng.uniform(0, 2 * .pi), amplitude: 1, into: &out)
        if 3 * mainsFrequency < samplingFrequency / 2 {
            addSinusoid(frequency: 3 * mainsFrequency, phase: rng.uniform(0, 2 * .pi), amplitude: 0.15, into: &out)
        }
    }

    /// Electrode motion: biphasic low-frequency transients every 2–8 s.
    private mutating func motion(into out: inout [Float]) -> [Double] {
        let fs = samplingFrequency
        let duration = Double(out.count) / fs
        var times: [Double] = []
        var t = rng.uniform(0.5, 4)
        while t < duration {
            times.append(t)
            let width = rng.uniform(0.08, 0.2)
            let amplitude = Float(rng.uniform(0.6, 1.0) * (rng.chance(0.5) ? 1 : -1))
            let first = max(0, Int((t - 4 * width) * fs)), last = min(out.count - 1, Int((t + 4 * width) * fs))
            if first <= last {
                for index in first...last {
                    let u = (Double(index) / fs - t) / width
                    out[index] += amplitude * Float(u * exp(-u * u / 2) * 1.65)
                }
            }
            t += rng.uniform(2, 8)
        }
        return times
    }
}
