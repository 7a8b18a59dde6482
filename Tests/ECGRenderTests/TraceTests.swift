import ECGRender
import Foundation
import Testing

/// The trace: constant width whatever the slope, no gaps on steep edges, never outside its row.
@Suite struct TraceTests {
    /// A triangle wave rising `slope` mV per second, between 0 and `peak` mV.
    private func triangle(slope: Double, peak: Double = 1.5, seconds: Double = 6, frequency: Double = 500) -> [Float] {
        let period = 2 * peak / slope
        return (0..<Int(seconds * frequency)).map { index in
            let phase = (Double(index) / frequency).truncatingRemainder(dividingBy: period)
            return Float(phase < period / 2 ? phase * slope : peak - (phase - period / 2) * slope)
        }
    }

    @Test("The line is as wide across its direction whatever its slope", arguments: [0.5, 2.5, 6, 15])
    func constantWidth(slope: Double) throws {
        let dpi = 300.0, ppm = dpi / 25.4
        var page = StripPage.rhythmStrip()
        page.baseline = .zero
        let style = StripStyle(dpi: dpi, theme: TraceProbe.theme, traceWidth: 0.3)
        let png = try TraceProbe.decode(page, style: style, signals: [SyntheticSignal.signal(triangle(slope: slope), frequency: 500)])
        // On a rising flank, 0.75 mV up: x where the ramp is, measured through a vertical section.
        let risingTime = 0.75 / slope
        let x = Int((10 + risingTime * 25) * ppm)
        var vertical = 0.0
        for y in 0..<png.height { vertical += png.coverage(x, y) }
        // A line of width w at angle θ covers w / cos θ along a column.
        let angle = atan(slope * 10 / 25)
        let width = vertical * cos(angle)
        #expect(abs(width - 0.3 * ppm) <= 0.2 * 0.3 * ppm, "slope \(slope) mV/s: width \(width) px, expected \(0.3 * ppm)")
    }

    @Test("Steep edges have no gaps", arguments: [200.0, 600])
    func steepEdgesAreSolid(dpi: Double) throws {
        let ppm = dpi / 25.4
        // 3 mV square wave at 250 Hz: each edge is one 30 mm jump between two samples.
        let wave = SyntheticSignal.square(frequency: 250, seconds: 6, period: 1, low: -1, high: 2)
        var page = StripPage.rhythmStrip()
        page.baseline = .zero
        let style = StripStyle(dpi: dpi, theme: TraceProbe.theme, rowHeight: 50)
        let png = try TraceProbe.decode(page, style: style, signals: [SyntheticSignal.signal(wave, frequency: 250)])
        let edgeX = (10 + 0.5 * 25) * ppm
        let top = Int((30 - 20 + 1) * ppm), bottom = Int((30 + 10 - 1) * ppm)
        for y in top..<bottom {
            let darkest = (Int(edgeX - 2 * ppm)..<Int(edgeX + 2 * ppm)).map { png.coverage($0, y) }.max() ?? 0
            #expect(darkest >= 0.9, "gap in the edge at row \(y): coverage \(darkest)")
        }
    }

    @Test("A wave larger than its row stays inside it", arguments: StripStyle.Overflow.allCases)
    func overflowStaysInRow(overflow: StripStyle.Overflow) throws {
        let ppm = 200 / 25.4
        let big = SyntheticSignal.sine(frequency: 500, seconds: 6, hertz: 3, amplitude: 6)
        let quiet = [Float](repeating: 0, count: 3000)
        var page = StripPage.stacked(leads: [0, 1])
        page.baseline = .zero
        let style = StripStyle(dpi: 200, theme: TraceProbe.theme, overflow: overflow, rowHeight: 30)
        let png = try TraceProbe.decode(
            page, style: style,
            signals: [SyntheticSignal.signal(big, name: "BIG", frequency: 500), SyntheticSignal.signal(quiet, name: "Q", frequency: 500)])
        // Row 2 spans 30–60 mm; its flat trace sits on its baseline at 50 mm.
        let rowTwoTop = Int((30 * ppm).rounded()), baselineY = 50 * ppm + 0.5
        let firstTraceColumn = Int(10.5 * ppm)
        var stray = 0
        for y in rowTwoTop..<png.height where abs(Double(y) + 0.5 - baselineY) > 3 {
            for x in firstTraceColumn..<png.width where png.coverage(x, y) > 0 { stray += 1 }
        }
        #expect(stray == 0, "\(stray) pixels of the large wave spilled into the next row")
        // And the large wave is drawn up to its row's edges (clipped or squeezed, not dropped).
        let rowOneBottom = Int((30 * ppm).rounded())
        let reached = (firstTraceColumn..<png.width).contains { png.coverage($0, rowOneBottom - 2) > 0.5 || png.coverage($0, rowOneBottom - 4) > 0.5 }
        #expect(reached)
    }

    @Test func compressionKeepsTheWholeWaveVisible() throws {
        // With .compress the top of a 6 mV sine stays a rounded peak inside the row, not a flat cut.
        let ppm = 200 / 25.4
        let big = SyntheticSignal.sine(frequency: 500, seconds: 6, hertz: 1, amplitude: 3)
        var page = StripPage.rhythmStrip()
        page.baseline = .zero
        let style = StripStyle(dpi: 200, theme: TraceProbe.theme, overflow: .compress)
        let png = try TraceProbe.decode(page, style: style, signals: [SyntheticSignal.signal(big, frequency: 500)])
        // The peak of the first cycle (t = 0.25 s) is a single column extreme, inside the row.
        let peakX = Int((10 + 0.25 * 25) * ppm)
        let peak = try #require(png.traceCentre(column: peakX, rows: 0..<Int(25 * ppm)))
        #expect(peak > 0.5 * ppm && peak < 3 * ppm)
        let beside = try #require(png.traceCentre(column: peakX + Int(2 * ppm), rows: 0..<Int(25 * ppm)))
        #expect(beside > peak)
    }

    @Test func renderingIsDeterministic() throws {
        let signal = SyntheticSignal.signal(SyntheticSignal.pqrst(seconds: 7), frequency: 360)
        let renderer = StripRenderer(style: StripStyle(dpi: 300))
        let first = try renderer.render(.rhythmStrip(), signals: [signal]).pngData()
        let second = try StripRenderer(style: StripStyle(dpi: 300)).render(.rhythmStrip(), signals: [signal]).pngData()
        let cached = try renderer.render(.rhythmStrip(), signals: [signal]).pngData()
        #expect(first == second)
        #expect(first == cached)
    }
}

@Suite struct ConcurrencyTests {
    @Test func oneRendererServesManyTasks() async throws {
        let renderer = StripRenderer(style: StripStyle(dpi: 200))
        let signal = SyntheticSignal.signal(SyntheticSignal.pqrst(seconds: 10), frequency: 360)
        let reference = try renderer.render(.rhythmStrip(start: 1), signals: [signal]).pixels
        let results = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<8 {
                group.addTask { try renderer.render(.rhythmStrip(start: 1), signals: [signal]).pixels }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == reference })
    }
}
