import Benchmark
import ECGSignal

/// Converting a 30-minute 360 Hz lead from digital samples to millivolts.
let benchmarks: @Sendable () -> Void = {
    let length = 360 * 1800
    let record = ECGRecord(
        name: "bench", samplingFrequency: 360,
        leads: [Lead(name: "MLII", gain: 200, baseline: 1024)],
        samples: [(0..<length).map { Int32(1024 + ($0 % 400) - 200) }]
    )
    Benchmark(
        "Digital to millivolts, 30 min at 360 Hz",
        configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal])
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(record.millivolts(lead: 0))
        }
    }
}
