import Foundation

/// Recording noise: each kind generated at a known RMS into one mix with fixed
/// relative weights; the caller scales the mix to the requested SNR.
///
/// Built for speed: sinusoids come from a table through an integer phase
/// accumulator, RMS values are known analytically (or from the filter's
/// impulse response), so each kind costs one pass over the buffer.
struct NoiseGenerator {
    var rng: SeededGenerator
    let samplingFrequency: Double
    let mainsFrequency: Double

    /// Relative RMS of each kind in the mix.
    static let weights: [NoiseKind: Double] = [.wander: 1, .muscle: 0.7, .mains: 0.5, .motion: 1]

    /// The noise of the given kinds, mixed (arbitrary overall scale), and the
    /// times of electrode-motion artefacts.
    mutating func mix(_ kinds: Set<NoiseKind>, count: Int) -> (noise: [Float], motionTimes: [Double]) {
        var mix = [Float](repeating: 0, count: count)
        var motionTimes: [Double] = []
        guard count > 0 else { return (mix, []) }
        // A fixed order keeps the output independent of Set iteration order.
        for kind in NoiseKind.allCases where kinds.contains(kind) {
            let weight = Self.weights[kind]!
            switch kind {
            case .wander: wander(into: &mix, weight: weight)
            case .muscle: muscle(into: &mix, weight: weight)
            case .mains: mains(into: &mix, weight: weight)
            case .motion: motionTimes = motion(into: &mix, weight: weight)
            }
        }
        return (mix, motionTimes)
    }

    /// Adds a sum of sinusoids `Σ amplitude × sin(2π f t + phase)` in one pass,
    /// from a 4096-entry table through 32-bit phase accumulators.
    private func addSinusoids(_ components: [(frequency: Double, phase: Double, amplitude: Double)], into out: inout [Float]) {
        let table = WaveformRenderer.sine
        let increments = components.map { component -> UInt32 in
            let cycles = component.frequency / samplingFrequency
            return UInt32(truncatingIfNeeded: Int64((cycles - cycles.rounded(.down)) * 4_294_967_296))
        }
        let starts = components.map { UInt32(truncatingIfNeeded: Int64(($0.phase / (2 * .pi)).truncatingRemainder(dividingBy: 1) * 4_294_967_296)) }
        let gains = components.map { Float($0.amplitude) }
        out.withUnsafeMutableBufferPointer { out in
            table.withUnsafeBufferPointer { table in
                if components.count == 2 {
                    let (i0, i1, s0, s1, g0, g1) = (increments[0], increments[1], starts[0], starts[1], gains[0], gains[1])
                    for index in 0..<out.count {
                        let n = UInt32(truncatingIfNeeded: index)
                        out[index] += g0 * table[Int((s0 &+ n &* i0) >> 20)] + g1 * table[Int((s1 &+ n &* i1) >> 20)]
                    }
                } else {
                    for component in components.indices {
                        let (increment, start, gain) = (increments[component], starts[component], gains[component])
                        for index in 0..<out.count {
                            out[index] += gain * table[Int((start &+ UInt32(truncatingIfNeeded: index) &* increment) >> 20)]
                        }
                    }
                }
            }
        }
    }

    /// Respiration (0.15–0.35 Hz) plus a slower electrode drift (0.03–0.08 Hz).
    private mutating func wander(into out: inout [Float], weight: Double) {
        // RMS of a + b sinusoids of amplitudes 1 and 0.7: √((1 + 0.49) / 2).
        let scale = weight / ((1 + 0.49) / 2).squareRoot()
        let respiration = (rng.uniform(0.15, 0.35), rng.uniform(0, 2 * .pi), scale)
        let drift = (rng.uniform(0.03, 0.08), rng.uniform(0, 2 * .pi), 0.7 * scale)
        addSinusoids([respiration, drift], into: &out)
    }

    /// Power-line interference with a small third harmonic.
    private mutating func mains(into out: inout [Float], weight: Double) {
        let harmonic = 3 * mainsFrequency < samplingFrequency / 2
        let scale = weight / ((1 + (harmonic ? 0.0225 : 0)) / 2).squareRoot()
        var components = [(frequency: mainsFrequency, phase: rng.uniform(0, 2 * .pi), amplitude: scale)]
        if harmonic { components.append((3 * mainsFrequency, rng.uniform(0, 2 * .pi), 0.15 * scale)) }
        addSinusoids(components, into: &out)
    }

    /// Broadband EMG: white noise, high-passed near 10 Hz and low-passed near
    /// 150 Hz (or 0.4 fs), in bursts whose strength changes every 0.2–0.6 s.
    private mutating func muscle(into out: inout [Float], weight: Double) {
        let fs = samplingFrequency
        let a = exp(-2 * Double.pi * 10 / fs)
        let b = exp(-2 * Double.pi * min(150, 0.4 * fs) / fs)
        // Power gain of the two one-pole filters, from their impulse response.
        var gain = 0.0
        var hp = 0.0, lp = 0.0, previous = 0.0
        for n in 0..<Int(20 * fs) {
            let input = n == 0 ? 1.0 : 0.0
            hp = a * (hp + input - previous)
            previous = input
            lp = hp + b * (lp - hp)
            gain += lp * lp
        }
        // Uniform [-1, 1) has variance 1/3; burst levels are uniform in [0.3, 1], E[level²] = 0.463.
        let rms = (gain * 0.463 / 3).squareRoot()
        let scale = Float(weight / rms)
        let highPass = Float(a), lowPass = Float(b)
        var previousInput: Float = 0, highPassed: Float = 0, lowPassed: Float = 0
        var index = 0
        let count = out.count
        out.withUnsafeMutableBufferPointer { out in
            while index < count {
                let burst = max(1, Int(rng.uniform(0.2, 0.6) * fs))
                let level = Float(rng.uniform(0.3, 1.0)) * scale
                let end = min(count, index + burst)
                for sample in index..<end {
                    let input = level * rng.signedUnitFloat()
                    highPassed = highPass * (highPassed + input - previousInput)
                    previousInput = input
                    lowPassed = highPassed + lowPass * (lowPassed - highPassed)
                    out[sample] += lowPassed
                }
                index = end
            }
        }
    }

    /// Electrode motion: biphasic low-frequency transients every 2–8 s.
    private mutating func motion(into out: inout [Float], weight: Double) -> [Double] {
        let fs = samplingFrequency
        let duration = Double(out.count) / fs
        var events: [(time: Double, width: Double, amplitude: Double)] = []
        var energy = 0.0
        var t = rng.uniform(0.5, 4)
        while t < duration {
            let width = rng.uniform(0.08, 0.2)
            let amplitude = rng.uniform(0.6, 1.0) * (rng.chance(0.5) ? 1 : -1)
            events.append((t, width, amplitude))
            // ∫ (1.65 u e^(−u²/2))² dt over u = t/width is 1.65² · width · √π / 2.
            energy += amplitude * amplitude * 1.65 * 1.65 * width * Double.pi.squareRoot() / 2
            t += rng.uniform(2, 8)
        }
        guard !events.isEmpty else { return [] }
        let scale = weight / (energy / duration).squareRoot()
        for event in events {
            let first = max(0, Int((event.time - 4 * event.width) * fs))
            let last = min(out.count - 1, Int((event.time + 4 * event.width) * fs))
            guard first <= last else { continue }
            for index in first...last {
                let u = (Double(index) / fs - event.time) / event.width
                out[index] += Float(scale * event.amplitude * u * exp(-u * u / 2) * 1.65)
            }
        }
        return events.map(\.time)
    }
}
