import Foundation

/// Recording noise: each kind generated at a known RMS into one mix with fixed
/// relative weights; the caller scales the mix to the requested SNR.
///
/// Built for speed: sinusoids come from a table through integer phase
/// accumulators and ride along in the muscle-noise pass, RMS values are known
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
        // Wander and mains are sinusoids: drawn first, then added in the same
        // pass as muscle noise (whose loop is bound by its filter's latency and
        // has room for them) or in one pass of their own.
        var sinusoids: [Sinusoid] = []
        if kinds.contains(.wander) { sinusoids += wander(weight: Self.weights[.wander]!) }
        if kinds.contains(.mains) { sinusoids += mains(weight: Self.weights[.mains]!) }
        if kinds.contains(.muscle) {
            muscle(into: &mix, weight: Self.weights[.muscle]!, sinusoids: sinusoids)
        } else if !sinusoids.isEmpty {
            addSinusoids(sinusoids, into: &mix)
        }
        let motionTimes = kinds.contains(.motion) ? motion(into: &mix, weight: Self.weights[.motion]!) : []
        return (mix, motionTimes)
    }

    typealias Sinusoid = (frequency: Double, phase: Double, amplitude: Double)

    /// Up to four sinusoids as 32-bit phase accumulators for the 4096-entry sine table.
    struct SinusoidBank {
        var starts = SIMD4<UInt32>(), increments = SIMD4<UInt32>(), gains = SIMD4<Float>()

        init(_ components: [Sinusoid], samplingFrequency: Double) {
            for (lane, component) in components.prefix(4).enumerated() {
                let cycles = component.frequency / samplingFrequency
                increments[lane] = UInt32(truncatingIfNeeded: Int64((cycles - cycles.rounded(.down)) * 4_294_967_296))
                let turns = (component.phase / (2 * .pi)).truncatingRemainder(dividingBy: 1)
                starts[lane] = UInt32(truncatingIfNeeded: Int64(turns * 4_294_967_296))
                gains[lane] = Float(component.amplitude)
            }
        }

        /// The sum at sample `index`.
        @inline(__always)
        func value(at index: Int, table: UnsafeBufferPointer<Float>) -> Float {
            let angles = (starts &+ SIMD4(repeating: UInt32(truncatingIfNeeded: index)) &* increments) &>> 20
            return gains[0] * table[Int(angles[0])] + gains[1] * table[Int(angles[1])]
                + gains[2] * table[Int(angles[2])] + gains[3] * table[Int(angles[3])]
        }
    }

    /// Adds a sum of up to four sinusoids in one pass.
    private func addSinusoids(_ components: [Sinusoid], into out: inout [Float]) {
        let bank = SinusoidBank(components, samplingFrequency: samplingFrequency)
        out.withUnsafeMutableBufferPointer { out in
            WaveformRenderer.sine.withUnsafeBufferPointer { table in
                for index in 0..<out.count { out[index] += bank.value(at: index, table: table) }
            }
        }
    }

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

    /// Broadband EMG: white noise, high-passed near 10 Hz and low-passed near
    /// 150 Hz (or 0.4 fs), in bursts whose strength changes every 0.2–0.6 s.
    private mutating func muscle(into out: inout [Float], weight: Double, sinusoids: [Sinusoid]) {
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
        // A local copy keeps the generator in registers inside the loop.
        var generator = rng
        let bank = SinusoidBank(sinusoids, samplingFrequency: fs)
        let table = WaveformRenderer.sine
        out.withUnsafeMutableBufferPointer { out in
            table.withUnsafeBufferPointer { table in
                while index < count {
                    let burst = max(2, Int(generator.uniform(0.2, 0.6) * fs)) & ~1
                    let level = Float(generator.uniform(0.3, 1.0)) * scale * 0x1.0p-31
                    let end = min(count, index + burst)
                    var sample = index
                    while sample < end {
                        // Two samples from each 64-bit draw.
                        let bits = generator.next()
                        for half in 0..<2 where sample < end {
                            let input = level * Float(Int32(truncatingIfNeeded: half == 0 ? bits : bits >> 32))
                            // Written so each recursion is one multiply-add on its own state.
                            highPassed = highPass * highPassed + highPass * (input - previousInput)
                            previousInput = input
                            lowPassed = lowPass * lowPassed + (1 - lowPass) * highPassed
                            out[sample] += lowPassed + bank.value(at: sample, table: table)
                            sample += 1
                        }
                    }
                    index = end
                }
            }
        }
        rng = generator
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
