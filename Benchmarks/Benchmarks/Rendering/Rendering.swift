import Benchmark
import ECGRender
import Foundation

/// Six-second strips at 200 DPI, rendered and encoded as PNG (target: ≥ 200 per second on one core).
/// On a shared machine read the CPU time of the 100-strip batch; wall clock includes waiting for a core.
let benchmarks: @Sendable () -> Void = {
    // A crude 75/min PQRST at 360 Hz (MIT-BIH's rate), 10 s so strips can start anywhere.
    let frequency = 360.0
    let millivolts: [Float] = (0..<Int(10 * frequency)).map { index in
        let t = Double(index) / frequency
        let phase = t.truncatingRemainder(dividingBy: 0.8) - 0.3
        let waves: [(Double, Double, Double)] = [(-0.18, 0.025, 0.15), (-0.03, 0.008, -0.12), (0, 0.01, 1.2), (0.03, 0.01, -0.25), (0.25, 0.045, 0.3)]
        var sum = 0.0
        for (offset, width, amplitude) in waves {
            let d: Double = (phase - offset) / width
            let bump: Double = exp(-0.5 * d * d)
            sum += amplitude * bump
        }
        return Float(sum)
    }
    let signals = [StripSignal(name: "II", samplingFrequency: frequency, millivolts: millivolts)]
    let renderer = StripRenderer(style: StripStyle(dpi: 200))
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3))

    Benchmark("6 s strip at 200 DPI: render + PNG encode", configuration: configuration) { benchmark in
        for iteration in benchmark.scaledIterations {
            let start = Double(iteration % 4) * 0.5
            let image = try renderer.render(.rhythmStrip(start: start), signals: signals)
            blackHole(try image.pngData())
        }
    }

    // CPU time has a 10 ms resolution: batches of 100 strips, so that 100 / (CPU seconds) is the
    // single-core rate even when other processes share the machine.
    Benchmark(
        "100 six-second strips at 200 DPI: render + PNG encode",
        configuration: .init(metrics: [.cpuTotal, .wallClock], maxDuration: .seconds(6), maxIterations: 20)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            for strip in 0..<100 {
                let image = try renderer.render(.rhythmStrip(start: Double(strip % 4) * 0.5), signals: signals)
                blackHole(try image.pngData())
            }
        }
    }

    Benchmark("6 s strip at 200 DPI: render only", configuration: configuration) { benchmark in
        for iteration in benchmark.scaledIterations {
            blackHole(try renderer.render(.rhythmStrip(start: Double(iteration % 4) * 0.5), signals: signals))
        }
    }

    let image = try? renderer.render(.rhythmStrip(), signals: signals)
    Benchmark("6 s strip at 200 DPI: PNG encode only (zlib level 3, filter Up)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try image?.pngData()) }
    }
    Benchmark("6 s strip at 200 DPI: PNG encode only (level 9, all filters)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try image?.pngData(settings: .smallest)) }
    }

    let pageRenderer = StripRenderer(style: StripStyle(dpi: 300, rowHeight: 30))
    Benchmark("4-row 10 s page at 300 DPI: render + PNG encode", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let page = try pageRenderer.render(.continuous(secondsPerRow: 2.5, rows: 4), signals: signals)
            blackHole(try page.pngData())
        }
    }
}
