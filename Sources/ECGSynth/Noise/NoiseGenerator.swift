import Foundation

/// Recording noise: each kind generated at a known RMS into one mix with fixed
/// relative weights; the caller scales the mix to the requested SNR.
///
/// Built for speed: muscle noise and the sinusoids are made together in eight
/// segments side by side in SIMD lanes (`LaneNoisePass`), RMS values are known
/// analytically (or from the filter's impulse response), so all kinds together
/// cost about one pass over the buffer.
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
        guard count > 0 else { return (mix, []) }
        // Wander and mains are sinusoids: drawn first, then made in the same
        // lane-parallel pass as muscle noise.
        var sinusoids: [Sinusoid] = []
        if kinds.contains(.wander) { sinusoids += wander(weight: Self.weights[.wander]!) }
        if kinds.contains(.mains) { sinusoids += mains(weight: Self.weights[.mains]!) }
        if kinds.contains(.muscle) || !sinusoids.isEmpty {
            let pass = LaneNoisePass(samplingFrequency: samplingFrequency, sinusoids: sinusoids,
                                     muscleWeight: kinds.contains(.muscle) ? Self.weights[.muscle]! : nil)
            pass.run(into: &mix, rng: &rng)
        }
        let motionTimes = kinds.contains(.motion) ? motion(into: &mix, weight: Self.weights[.motion]!) : []
        return (mix, motionTimes)
    }

    typealias Sinusoid = (frequency: Double, phase: Double, amplitude: Double)

    /// Respiration (0.15–0.35 Hz) plus a slower electrode drift (0.03–0.08 Hz).
    private mutating func wander(weight: Double) -> [Sinusoid] {
        // RMS of sinusoids of amplitudes 1 and 0.7: √((1 + 0.49) / 2).
        let scale = weight / ((1 + 0.49) / 2).squareRoot()
        return [(rng.uniform(0.15, 0.35), rng.uniform(0, 2 * .pi), scale),
                (rng.uniform(0.03, 0.08), rng.uniform(0, 2 * .pi), 0.7 * scale)]
    }

    /// Power-line interference with a small third harmonic.
    private mutating func mains(weight: Double) -> [Sinusoid] {
        let harmonic = 3 * mainsFrequency < samplingFrequency / 2
        let scale = weight / ((1 + (harmonic ? 0.0225 : 0)) / 2).squareRoot()
        var components: [Sinusoid] = [(mainsFrequency, rng.uniform(0, 2 * .pi), scale)]
        if harmonic { components.append((3 * mainsFrequency, rng.uniform(0, 2 * .pi), 0.15 * scale)) }
        return components
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
        // The transient's shape u·e^(−u²/2) for u in [−4, 4], tabulated.
        let resolution = 2048
        let shape: [Float] = (0...resolution).map { index in
            let u = -4 + 8 * Double(index) / Double(resolution)
            return Float(u * exp(-u * u / 2) * 1.65)
        }
        for event in events {
            let first = max(0, Int((event.time - 4 * event.width) * fs))
            let last = min(out.count - 1, Int((event.time + 4 * event.width) * fs))
            guard first <= last else { continue }
            let gain = Float(scale * event.amplitude)
            let step = Double(resolution) / (8 * event.width * fs)
            let origin = (Double(first) / fs - event.time + 4 * event.width) / (8 * event.width) * Double(resolution)
            for index in first...last {
                let position = min(max(Int(origin + step * Double(index - first)), 0), resolution)
                out[index] += gain * shape[position]
            }
        }
        return events.map(\.time)
    }
}
