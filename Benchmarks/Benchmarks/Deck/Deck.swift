import Benchmark
import Foundation
import RhythmTraining

/// A class set: `rhythmstrip deck` with its defaults (40 strips of 6 s from
/// every rhythm, mixed difficulty) plus the browser drill, written to disk
/// (target from issue 7: a few seconds at most).
let benchmarks: @Sendable () -> Void = {
    let selection = try! RhythmSelection.resolve(rhythms: nil, groups: nil, course: nil)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rhythmstrip-deck-benchmark-\(getpid())")
    let configuration = Benchmark.Configuration(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(10), maxIterations: 10)

    Benchmark("deck: 40 strips, answer keys, worksheet, Moodle XML, drill.html, WFDB records", configuration: configuration) { benchmark in
        for iteration in benchmark.scaledIterations {
            let request = DeckRequest(
                selection: selection, count: 40, seed: UInt64(iteration + 1), html: true, force: true, output: folder)
            blackHole(try DeckBuilder.build(request))
        }
        try? FileManager.default.removeItem(at: folder)
    }

    let maker = StripMaker()
    let plans = try! DeckPlanner(selection: selection, count: 36, difficulty: .mixed, seed: 5).plan()
    Benchmark("one strip: synthesize, read the generated figures, render both PNGs", configuration: configuration) { benchmark in
        for iteration in benchmark.scaledIterations {
            blackHole(try maker.make(plans[iteration % plans.count], name: "strip"))
        }
    }
}
