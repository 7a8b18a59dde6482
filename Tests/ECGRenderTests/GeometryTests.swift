import ECGRender
import Foundation
import Testing

/// Checks the paper and the trace at true scale, measured on the decoded PNG.
///
/// Layout facts the tests rely on (documented in PageGeometry): a 40 mm row
/// without header has its 0 mV line 25 mm from the top; at 25 mm/s the trace
/// starts 10 mm from the left edge; the calibration pulse rises at 3 mm.
@Suite struct GeometryTests {
    static let resolutions: [Double] = [200, 300, 600]

    private func flat(seconds: Double = 6) -> [StripSignal] {
        [SyntheticSignal.signal([Float](repeating: 0, count: Int(seconds * 500)), frequency: 500)]
    }

    @Test("Large and small squares are 5 mm and 1 mm apart with no drift", arguments: resolutions)
    func gridSpacing(dpi: Double) throws {
        let style = StripStyle(dpi: dpi, theme: TraceProbe.theme)
        let png = try TraceProbe.decode(.rhythmStrip(), style: style, signals: flat())
        let ppm = dpi / 25.4
        // A pixel row 32.5 mm down (between horizontal lines, below the trace and labels).
        let y = Int(32.5 * ppm)
        let majors = png.lineCentres(row: y, green: TraceProbe.majorGreen)
        // The paper of a 6 s strip is 165 mm wide: 34 large-square lines.
        #expect(majors.count == 34)
        for (index, centre) in majors.enumerated() {
            // A line at millimetre k is centred on k × px/mm in pixel-centre coordinates.
            let expected = Double(index) * 5 * ppm + 0.5
            #expect(abs(centre - expected) <= 1.0, "major line \(index) at \(centre) px, expected \(expected) px")
        }
        let minors = png.lineCentres(row: y, green: TraceProbe.minorGreen)
        #expect(minors.count == 33 * 4)
        for centre in minors {
            let millimetres = (centre - 0.5) / ppm
            #expect(abs(millimetres - millimetres.rounded()) * ppm <= 1.0, "minor line at \(centre) px is not on a millimetre")
            #expect(Int(millimetres.rounded()) % 5 != 0)
        }
        // Vertically too: a column 162.5 mm from the left (after the trace) crosses the horizontal lines.
        let verticalMajors = png.lineCentres(column: Int(162.5 * ppm), green: TraceProbe.majorGreen)
        #expect(verticalMajors.count == 9)
        for (index, centre) in verticalMajors.enumerated() {
            #expect(abs(centre - (Double(index) * 5 * ppm + 0.5)) <= 1.0)
        }
        // The 6-second strip is exactly 150 mm: the paper is the trace plus lead-in and margin.
        #expect(png.width == Int((165 * ppm).rounded()) + max(2, Int((0.2 * ppm).rounded())))
    }

    @Test("The calibration pulse is 10 mm high and 0.2 s (5 mm) wide at 10 mm/mV, 25 mm/s", arguments: resolutions)
    func calibrationPulse(dpi: Double) throws {
        let style = StripStyle(dpi: dpi, theme: TraceProbe.theme)
        let png = try TraceProbe.decode(.rhythmStrip(), style: style, signals: flat())
        let ppm = dpi / 25.4
        let rows = 0..<png.height
        let baseline = try #require(png.traceCentre(column: Int(2 * ppm), rows: rows))
        let plateau = try #require(png.traceCentre(column: Int(5.5 * ppm), rows: rows))
        #expect(abs((baseline - plateau) - 10 * ppm) <= 0.25, "pulse height \((baseline - plateau) / ppm) mm")
        // The baseline lies on the 25 mm grid line.
        #expect(abs(baseline - (25 * ppm + 0.5)) <= 0.5)
        let middle = Int((baseline + plateau) / 2)
        let rise = try #require(png.traceCentre(row: middle, columns: Int(2 * ppm)..<Int(4 * ppm)))
        let fall = try #require(png.traceCentre(row: middle, columns: Int(7 * ppm)..<Int(9 * ppm)))
        #expect(abs((fall - rise) - 5 * ppm) <= 0.25, "pulse width \((fall - rise) / ppm) mm")
        #expect(abs(rise - (3 * ppm + 0.5)) <= 0.5)
    }

    @Test("The calibration pulse follows the gain and the paper speed", arguments: [(5.0, 50.0), (20.0, 12.5)])
    func calibrationPulseScales(gain: Double, speed: Double) throws {
        let style = StripStyle(speed: speed, gain: gain, dpi: 300, theme: TraceProbe.theme)
        let png = try TraceProbe.decode(.rhythmStrip(seconds: 3), style: style, signals: flat())
        let ppm = 300 / 25.4
        let width = 0.2 * speed
        let baseline = try #require(png.traceCentre(column: Int(2 * ppm), rows: 0..<png.height))
        let plateau = try #require(png.traceCentre(column: Int((3 + width / 2) * ppm), rows: 0..<png.height))
        #expect(abs((baseline - plateau) - gain * ppm) <= 0.25)
        let middle = Int((baseline + plateau) / 2)
        let rise = try #require(png.traceCentre(row: middle, columns: Int(2 * ppm)..<Int(3.8 * ppm)))
        let fall = try #require(png.traceCentre(row: middle, columns: Int((3 + width - 0.8) * ppm)..<Int((3 + width + 0.8) * ppm)))
        #expect(abs((fall - rise) - width * ppm) <= 0.25)
    }

    @Test("A 1 mV square wave is drawn 10 mm high, its edges every 25 mm", arguments: resolutions)
    func squareWave(dpi: Double) throws {
        // 0 mV for 1 s, 1 mV for 1 s, ...; drawn with 0 mV on the baseline.
        let wave = SyntheticSignal.square(frequency: 500, seconds: 6.01, period: 2)
        var page = StripPage.rhythmStrip()
        page.baseline = .zero
        let style = StripStyle(dpi: dpi, theme: TraceProbe.theme)
        let png = try TraceProbe.decode(page, style: style, signals: [SyntheticSignal.signal(wave, frequency: 500)])
        let ppm = dpi / 25.4
        let baselineY = 25 * ppm + 0.5
        for second in 0..<6 {
            let x = Int((10 + (Double(second) + 0.5) * 25) * ppm)
            let centre = try #require(png.traceCentre(column: x, rows: 0..<png.height))
            let expected = second % 2 == 0 ? baselineY : baselineY - 10 * ppm
            #expect(abs(centre - expected) <= 0.25, "at \(Double(second) + 0.5) s the trace is at \(centre) px, expected \(expected)")
        }
        let middle = Int(baselineY - 5 * ppm)
        for second in 1...5 {
            let expected = (10 + Double(second) * 25) * ppm + 0.5
            let range = Int(expected - 2 * ppm)..<Int(expected + 2 * ppm)
            let edge = try #require(png.traceCentre(row: middle, columns: range))
            // One sample at 500 Hz is 0.05 mm; the edge sits between two samples.
            #expect(abs(edge - expected) <= 0.05 * ppm + 0.5, "edge \(second) at \(edge) px, expected \(expected)")
        }
    }

    @Test("The PNG stores the resolution in pHYs as pixels per metre", arguments: [(200.0, UInt32(7874)), (300, 11811), (600, 23622)])
    func physicalResolution(dpi: Double, pixelsPerMetre: UInt32) throws {
        let png = try TraceProbe.decode(.rhythmStrip(seconds: 1), style: StripStyle(dpi: dpi), signals: flat(seconds: 1))
        let phys = try #require(png.physicalPixelDimensions)
        #expect(phys.x == pixelsPerMetre)
        #expect(phys.y == pixelsPerMetre)
        #expect(phys.unit == 1)
        // 8-bit palette image: one byte per pixel.
        #expect(png.colorType == 3)
    }
}
