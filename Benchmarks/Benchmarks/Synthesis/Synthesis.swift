import Benchmark
import ECGSynth
import RhythmLibrary

/// Synthesis speed of lead II at 500 Hz. Target (issue 3): at least 50 M
/// samples/s on one core.
///
/// One iteration makes 1 M samples (2000 s at 500 Hz), so the throughput
/// metric (#/s) reads directly as M samples/s. Every rhythm of the library is
/// measured clean; six representative rhythms also with every noise kind
/// (wander, muscle, mains, motion) at 6 dB SNR, the most work a strip can
/// take. CPU time is reported too, but only in 10 ms ticks here (an
/// iteration takes 10-20 ms), so read the wall-clock p0 on a quiet machine.
let benchmarks: @Sendable () -> Void = {
    let library = RhythmLibrary.builtIn
    let seconds = 2000.0
    var cases: [(id: String, label: String, snr: Double?, noise: Set<NoiseKind>)] =
        library.definitions.map(\.id).sorted().map { ($0, "clean", nil, []) }
    for id in ["nsr", "afib", "aflutter-2to1", "vt-mono", "torsades", "vf-coarse"] {
        cases.append((id, "all noise 6 dB", 6, Set(NoiseKind.allCases)))
    }
    for item in cases {
        let definition = try! library.resolve(item.id)
        Benchmark(
            "1 M samples at 500 Hz: \(item.id), \(item.label)",
            configuration: .init(metrics: [.wallClock, .cpuTotal, .throughput], maxDuration: .seconds(1), maxIterations: 15)
        ) { benchmark in
            for iteration in benchmark.scaledIterations {
                let options = SynthesisOptions(seed: UInt64(iteration), seconds: seconds, samplingFrequency: 500,
                                               snr: item.snr, noise: item.noise)
                blackHole(try ECGSynthesizer().synthesize(definition, options: options))
            }
        }
    }
}
