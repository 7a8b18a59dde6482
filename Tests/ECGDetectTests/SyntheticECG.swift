import Foundation

/// A deterministic test signal: QRS-like biphasic spikes with T waves at known
/// R-peak positions, baseline wander and noise, in millivolts.
struct SyntheticECG {
    var samplingFrequency: Double
    var seconds: Double
    var heartRate: Double = 72
    var amplitude: Float = 1.2
    var noise: Float = 0.02
    var wander: Float = 0.3
    var seed: UInt64 = 1
    var inverted = false

    /// The samples and the R-peak indices.
    func make() -> (samples: [Float], peaks: [Int]) {
        var rng = SplitMix64(seed: seed)
        let n = Int(seconds * samplingFrequency)
        var x = [Float](repeating: 0, count: n)
        var peaks: [Int] = []
        var t = 0.5
        while t < seconds - 0.5 {
            let jitter = (Double(rng.next() % 1000) / 1000 - 0.5) * 0.1
            peaks.append(Int(t * samplingFrequency))
            t += 60 / heartRate + jitter
        }
        let fs = Float(samplingFrequency)
        for p in peaks {
            let lo = max(0, p - Int(0.4 * samplingFrequency)), hi = min(n, p + Int(0.5 * samplingFrequency))
            for i in lo..<hi {
                let dt = Float(i - p) / fs
                let r = amplitude * exp(-dt * dt / (2 * 0.010 * 0.010))
                let q = -0.25 * amplitude * exp(-(dt + 0.025) * (dt + 0.025) / (2 * 0.008 * 0.008))
                let tw = 0.3 * amplitude * exp(-(dt - 0.28) * (dt - 0.28) / (2 * 0.05 * 0.05))
                x[i] += r + q + tw
            }
        }
        for i in 0..<n {
            let u = Float(i) / fs
            let white = Float(Double(rng.next() % 2001) / 1000 - 1)
            x[i] += wander * sin(2 * .pi * 0.3 * u) + noise * white
            if inverted { x[i] = -x[i] }
        }
        return (x, peaks)
    }
}

/// SplitMix64, a small seeded generator for reproducible test signals.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
