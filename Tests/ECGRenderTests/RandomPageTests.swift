import ECGRender
import Foundation
import Testing

/// Random signals and pages (seeded, so failures reproduce): the renderer never traps, and the
/// trace stays inside the rows (none in the page margins or below the last row).
@Suite struct RandomPageTests {
    /// SplitMix64: a small deterministic generator for test inputs.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: 0..<24)
    func randomPagesRenderInsideTheirRows(seed: Int) throws {
        var random = SplitMix(state: UInt64(seed))
        let frequency = [125.0, 250, 360, 500, 1000].randomElement(using: &random)!
        let leadCount = Int.random(in: 1...3, using: &random)
        let length = Int.random(in: 0...Int(12 * frequency), using: &random)
        let scale = Float([0.1, 1, 5, 50].randomElement(using: &random)!)
        let signals = (0..<leadCount).map { lead in
            SyntheticSignal.signal(
                (0..<length).map { _ in Float.random(in: -1...1, using: &random) * scale },
                name: "L\(lead)", frequency: frequency)
        }
        let seconds = Double.random(in: 0.5...8, using: &random)
        let start = Double.random(in: -2...6, using: &random)
        let page: StripPage = switch Int.random(in: 0...2, using: &random) {
        case 0: .rhythmStrip(lead: leadCount - 1, start: start, seconds: seconds)
        case 1: .continuous(lead: 0, start: start, secondsPerRow: seconds, rows: Int.random(in: 1...3, using: &random))
        default: .stacked(leads: Array(0..<leadCount), start: start, seconds: seconds)
        }
        let style = StripStyle(
            speed: [12.5, 25, 50].randomElement(using: &random)!, gain: [5.0, 10, 20].randomElement(using: &random)!,
            dpi: [100.0, 200, 300].randomElement(using: &random)!, theme: TraceProbe.theme,
            overflow: Bool.random(using: &random) ? .clip : .compress, rowHeight: [20.0, 30, 40].randomElement(using: &random)!)
        let image = try StripRenderer(style: style).render(page, signals: signals)
        // Row bands in pixels: row i spans [top_i, top_i + rowHeight).
        let ppm = style.dpi / 25.4
        let bands = (0..<page.rows.count).map { row -> Range<Int> in
            let top = Int((Double(row) * style.rowHeight * ppm).rounded())
            return top..<Int(((Double(row) + 1) * style.rowHeight * ppm).rounded())
        }
        var outside = 0
        for y in 0..<image.height where !bands.contains(where: { $0.contains(y) }) {
            for x in 0..<image.width where image.color(x: x, y: y).blue < 255 { outside += 1 }
        }
        #expect(outside == 0, "seed \(seed): \(outside) trace pixels outside the rows")
        #expect(image.height >= bands.last!.upperBound)
    }
}
