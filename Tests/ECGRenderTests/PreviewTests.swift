import ECGRender
import Foundation
import Testing

/// Every layout, theme, speed and gain renders and encodes; with RHYTHMSTRIP_PREVIEW=DIR the
/// images are also written there, to look at them.
@Suite struct PreviewTests {
    @Test func writePreviews() throws {
        let folder = ProcessInfo.processInfo.environment["RHYTHMSTRIP_PREVIEW"].map { URL(fileURLWithPath: $0) }
        let beat = SyntheticSignal.pqrst(seconds: 40)
        let signals = [
            SyntheticSignal.signal(beat, name: "II", frequency: 360),
            SyntheticSignal.signal(SyntheticSignal.sine(frequency: 360, seconds: 40, hertz: 5, amplitude: 1.5), name: "V1", frequency: 360),
            SyntheticSignal.signal(SyntheticSignal.square(frequency: 360, seconds: 40, period: 1), name: "SQ", frequency: 360),
        ]
        var answer = StripPage.rhythmStrip(start: 0, seconds: 6)
        answer.title = "Normal sinus rhythm?"
        answer.stripNumber = 7
        answer.heartRate = 75
        answer.overlays = StripOverlays(
            beats: (0..<8).map { BeatMark(time: 0.3 + 0.8 * Double($0), label: $0 == 3 ? "V" : "N") },
            notes: [TimeNote(time: 2.0, text: "(N")],
            intervals: [
                // The test complex: P onset 0.23 s and QRS onset 0.045 s before R, QRS end 0.045 s after.
                IntervalMark(kind: .pr, start: 0.87, end: 1.055), IntervalMark(kind: .qrs, start: 1.855, end: 1.945),
                IntervalMark(kind: .rr, start: 2.7, end: 3.5),
            ],
            rhythmLabel: "Answer: Normal sinus rhythm, 75/min")
        let cases: [(String, StripStyle, StripPage)] = [
            ("single-200", StripStyle(), .rhythmStrip()),
            ("single-300-monitor", StripStyle(dpi: 300, theme: .monitor), .rhythmStrip()),
            ("single-600-bw", StripStyle(dpi: 600, theme: .blackAndWhite), .rhythmStrip(seconds: 3)),
            ("answer-200", StripStyle(), answer),
            ("continuous-200", StripStyle(rowHeight: 30), .continuous(secondsPerRow: 10, rows: 3)),
            ("stacked-200", StripStyle(rowHeight: 30), .stacked(leads: [0, 1, 2])),
            ("compress-gain20", StripStyle(gain: 20, overflow: .compress), .stacked(leads: [1, 0])),
            ("clip-gain20", StripStyle(gain: 20, overflow: .clip), .stacked(leads: [1, 0])),
            ("speed50", StripStyle(speed: 50), .rhythmStrip(seconds: 3)),
            ("speed12", StripStyle(speed: 12.5), .rhythmStrip(seconds: 12)),
        ]
        for (name, style, page) in cases {
            let image = try StripRenderer(style: style).render(page, signals: signals)
            let data = try image.pngData()
            #expect(data.count > 1000)
            if let folder {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try image.writePNG(to: folder.appendingPathComponent("\(name).png"))
            }
        }
    }
}
