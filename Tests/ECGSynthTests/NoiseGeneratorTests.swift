import Foundation
import Testing
@testable import ECGSynth

/// Statistics of the noise mix itself, away from any rhythm.
@Suite struct NoiseGeneratorTests {
    func noise(_ kinds: Set<NoiseKind>, seed: UInt64, seconds: Double, fs: Double) -> [Float] {
        var generator = NoiseGenerator(rng: SeededGenerator(seed: seed, stream: 7), samplingFrequency: fs, mainsFrequency: 50)
        return generator.mix(kinds, count: Int(seconds * fs)).noise
    }

    /// Muscle noise is made in eight segments side by side; across each join
    /// neighbouring samples must correlate as they do everywhere else (two
    /// independent filters meeting there would correlate near 0). At 1-2 kHz
    /// the EMG band gives a lag-1 correlation of 0.35-0.6, so a bad join shows.
    @Test(arguments: [1000.0, 2000])
    func muscleNoiseRunsOnAcrossSegmentJoins(fs: Double) {
        var products = 0.0, powers = 0.0, joinProducts = 0.0, joinPowers = 0.0
        for seed in 0..<60 {
            let x = noise([.muscle], seed: UInt64(seed), seconds: 8.003, fs: fs).map(Double.init)
            let length = (x.count + 7) / 8
            for n in 1..<x.count {
                products += x[n] * x[n - 1]
                powers += x[n - 1] * x[n - 1]
            }
            for lane in 1..<8 {
                let n = lane * length
                joinProducts += x[n] * x[n - 1]
                joinPowers += x[n - 1] * x[n - 1]
            }
        }
        let overall = products / powers, atJoins = joinProducts / joinPowers
        #expect(overall > 0.25, "lag-1 correlation \(overall) too small to tell a bad join")
        #expect(abs(atJoins - overall) < 0.12, "lag-1 correlation \(atJoins) across joins, \(overall) elsewhere")
    }

    /// Muscle noise lies in its 10-150 Hz band: little power at 2 Hz, less at
    /// 240 Hz than mid-band; and its level is the same in every segment.
    @Test func muscleNoiseIsInItsBandAndEvenAcrossSegments() {
        let fs = 1000.0
        let x = noise([.muscle], seed: 3, seconds: 64, fs: fs).map(Double.init)
        func power(at frequency: Double) -> Double {
            // Averaged over one-second blocks (Welch, rectangular window).
            var total = 0.0
            for block in stride(from: 0, to: x.count - 1000, by: 1000) {
                var re = 0.0, im = 0.0
                for n in 0..<1000 {
                    let angle = 2 * Double.pi * frequency * Double(n) / fs
                    re += x[block + n] * cos(angle)
                    im += x[block + n] * sin(angle)
                }
                total += re * re + im * im
            }
            return total
        }
        let mid = power(at: 60)
        #expect(power(at: 2) < mid / 10)
        #expect(power(at: 240) < mid * 0.6)
        // Segment levels over 20 strips (one strip's eight segments differ by
        // their few bursts: about ±17 %).
        var segmentPowers = [Double](repeating: 0, count: 8)
        for seed in 10..<30 {
            let y = noise([.muscle], seed: UInt64(seed), seconds: 16, fs: fs).map(Double.init)
            let length = (y.count + 7) / 8
            for lane in 0..<8 {
                let segment = y[(lane * length)..<min(y.count, (lane + 1) * length)]
                segmentPowers[lane] += segment.reduce(0) { $0 + $1 * $1 } / Double(segment.count)
            }
        }
        let mean = segmentPowers.reduce(0, +) / 8
        for value in segmentPowers { #expect(abs(value / mean - 1) < 0.15, "segment powers \(segmentPowers)") }
    }

    /// The phasor sinusoids stay on their amplitude over a long strip (no drift
    /// between the exact settings) and match the exact sine.
    @Test func sinusoidsMatchTheExactSine() {
        let fs = 500.0
        let components: [NoiseGenerator.Sinusoid] = [(50, 0.3, 1.0), (0.2, 1.1, 0.5)]
        let pass = LaneNoisePass(samplingFrequency: fs, sinusoids: components, muscleWeight: nil)
        var out = [Float](repeating: 7, count: 100_003)
        var rng = SeededGenerator(seed: 1)
        pass.run(into: &out, rng: &rng)
        var worst = 0.0
        for (n, value) in out.enumerated() {
            let t = Double(n) / fs
            let exact = components.reduce(0) { $0 + $1.amplitude * cos(2 * .pi * $1.frequency * t + $1.phase) }
            worst = max(worst, abs(Double(value) - exact))
        }
        #expect(worst < 1e-3, "largest error \(worst)")
    }
}
