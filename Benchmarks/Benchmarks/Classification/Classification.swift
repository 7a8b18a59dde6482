import Benchmark
import ECGClassify
import ECGDetect
import ECGSignal
import ECGSynth
import Foundation
import RhythmLibrary

/// Classifying a 30-minute two-lead record at 360 Hz, R-peak detection
/// included (target: well under 100 ms on one core). The record is
/// synthesized (a sequence of rhythms, with noise) so the benchmark runs
/// without the PhysioNet data; both leads go to the detector together and
/// the record tracker names the segments (10 s windows outside AF).
let benchmarks: @Sendable () -> Void = {
    let library = RhythmLibrary.builtIn
    let ids = ["nsr", "afib", "sinus-pvc", "vt-mono", "mobitz1", "aflutter-4to1", "vf-coarse", "sinus-brady"]
    let parts = ids.compactMap { try? library.resolve($0) }.map { SequencePart(rhythm: $0, seconds: 225) }
    let leads: [[Float]] = [UInt64(1), 2].compactMap { seed in
        try? ECGSynthesizer().synthesize(sequence: parts, options: .init(seed: seed, samplingFrequency: 360, snr: 20)).record.millivolts(lead: 0)
    }
    let record = ECGRecord(name: "bench", samplingFrequency: 360, leadNames: ["MLII", "V1"], millivolts: leads)
    let classifier = RhythmClassifier()
    let configuration = Benchmark.Configuration(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(5))

    Benchmark("30 min, 2 leads, 360 Hz: detect + classify", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try classifier.classify(record: record, lead: 0, window: 10))
        }
    }

    let signal = record.millivolts(lead: 0)
    let peaks = (try? RPeakDetector(samplingFrequency: 360).detect(signal)) ?? []
    Benchmark("30 min, 2 leads: R-peak detection alone", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try RPeakDetector(samplingFrequency: 360).detect(leads: leads))
        }
    }

    Benchmark("30 min, 1 lead: classify only (R peaks given)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(classifier.classify(signal: signal, samplingFrequency: 360, rPeaks: peaks, window: 10))
        }
    }
}
