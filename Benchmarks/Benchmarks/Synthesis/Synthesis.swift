import Benchmark
import ECGSynth
import RhythmLibrary

/// Synthesis speed: one hour of lead II at 500 Hz (1.8 M samples) per
/// iteration. Target (issue 3): at least 50 M samples/s on one core, i.e. an
/// hour in under 36 ms. Throughput is reported in hours per second; multiply
/// by 1.8 M for samples per second.
let benchmarks: @Sendable () -> Void = {
    let library = RhythmLibrary.builtIn
    let hour = 3600.0
    let cases: [(String, String, Double?, Set<NoiseKind>)] = [
        ("nsr", "clean", nil, []),
        ("nsr", "all noise 12 dB", 12, Set(NoiseKind.allCases)),
        ("afib", "clean", nil, []),
        ("vf-coarse", "clean", nil, []),
        ("vt-mono", "wander+muscle 20 dB", 20, [.wander, .muscle]),
    ]
    for (id, label, snr, noise) in cases {
        let definition = try! library.resolve(id)
        Benchmark(
            "Synthesize 1 h at 500 Hz: \(id), \(label)",
            configuration: .init(metrics: [.wallClock, .throughput, .peakMemoryResident], maxDuration: .seconds(3), maxIterations: 20)
        ) { benchmark in
            for iteration in benchmark.scaledIterations {
                let options = SynthesisOptions(seed: UInt64(iteration), seconds: hour, samplingFrequency: 500, snr: snr, noise: noise)
                blackHole(try ECGSynthesizer().synthesize(definition, options: options))
            }
        }
    }
}
