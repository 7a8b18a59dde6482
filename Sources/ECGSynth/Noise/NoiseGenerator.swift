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
        guard count > 0 else { return ([], []) }
        // Wander and mains are sinusoids: drawn first, then made in the same
        // lane-parallel pass as muscle noise.
        var sinusoids: [Sinusoid] = []
        if kinds.contains(.wander) { sinusoids += wander(weight: Self.weights[.wander]!) }
        if kinds.contains(.mains) { sinusoids += mains(weight: Self.weights[.mains]!) }
        var mix: [Float]
        if kinds.contains(.muscle) || !sinusoids.isEmpty {
            let pass = LaneNoisePass(samplingFrequency: samplingFrequency, sinusoids: sinusoids,
                                     muscleWeight: kinds.contains(.muscle) ? Self.weights[.muscle]! : nil)
            mix = pass.make(count: count, rng: &rng)
        } else {
            mix = [Float](repeating: 0, count: count)
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
        // The transient's shape 1.65·u·e^(−u²/2) for u in [−4, 4]: a Gaussian in
        // lanes (`GaussianLanes`) times u, which grows by a constant step.
        let ramp = SIMD8<Float>(0, 1, 2, 3, 4, 5, 6, 7)
        out.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            for event in events {
                let first = max(0, WaveformRenderer.ceiling((event.time - 4 * event.width) * fs))
                let end = min(buffer.count, WaveformRenderer.floor((event.time + 4 * event.width) * fs) + 1)
                guard first < end else { continue }
                let centre = event.time * fs, width = event.width * fs
                let eventScale = 1.65 * scale * event.amplitude
                let uStep = Float(1 / width)
                var start = first
                while start < end {
                    let stop = min(end, start + GaussianLanes.run)
                    var lanes = GaussianLanes(start: start, centre: centre, width: width, scale: eventScale)
                    var u = ramp * uStep
                    u += Float((Double(start) - centre) / width)
                    let uAdvance = SIMD8<Float>(repeating: 8 * uStep)
                    var n = start
                    while n + 8 <= stop {
                        let pointer = UnsafeMutableRawPointer(base + n)
                        var sum = pointer.loadUnaligned(as: SIMD8<Float>.self)
                        sum += u * lanes.values
                        pointer.storeBytes(of: sum, as: SIMD8<Float>.self)
                        lanes.advance()
                        u += uAdvance
                        n &+= 8
                    }
                    let tail = u * lanes.values
                    for lane in 0..<(stop - n) { base[n + lane] += tail[lane] }
                    start = stop
                }
            }
        }
        return events.map(\.time)
    }
}
