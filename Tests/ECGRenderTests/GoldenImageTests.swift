import ECGRender
import Foundation
import Testing

/// Compares a few small strips with reviewed reference images in Golden/.
///
/// To refresh them after an intended change, run with
/// `RHYTHMSTRIP_UPDATE_GOLDEN=1`, then LOOK at the new files before committing.
@Suite struct GoldenImageTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var style: StripStyle
        var page: StripPage
        var description: String { name }
    }

    static var cases: [Case] {
        var answer = StripPage.rhythmStrip(seconds: 3)
        answer.stripNumber = 3
        answer.heartRate = 75
        answer.title = "Lead II"
        answer.overlays = StripOverlays(
            beats: [0.3, 1.1, 1.9, 2.7].map { BeatMark(time: $0, label: "N") },
            intervals: [
                // The test complex: P onset 0.23 s and QRS onset 0.045 s before R, QRS end 0.045 s after.
                IntervalMark(kind: .pr, start: 0.87, end: 1.055), IntervalMark(kind: .qrs, start: 1.855, end: 1.945),
                IntervalMark(kind: .rr, start: 1.1, end: 1.9),
            ],
            rhythmLabel: "Sinus rhythm 75/min")
        return [
            Case(name: "classic-answer-120dpi", style: StripStyle(dpi: 120), page: answer),
            Case(name: "monitor-stacked-100dpi", style: StripStyle(dpi: 100, theme: .monitor, rowHeight: 30),
                 page: .stacked(leads: [0, 1], seconds: 2.5)),
            Case(name: "bw-compressed-gain20-150dpi", style: StripStyle(gain: 20, dpi: 150, theme: .blackAndWhite, overflow: .compress),
                 page: .rhythmStrip(seconds: 2)),
        ]
    }

    static let signals = [
        SyntheticSignal.signal(SyntheticSignal.pqrst(seconds: 4), name: "II", frequency: 360),
        SyntheticSignal.signal(SyntheticSignal.pqrst(seconds: 4, rAmplitude: -0.8), name: "V1", frequency: 360),
    ]

    @Test(arguments: cases)
    func matchesGolden(_ testCase: Case) throws {
        let image = try StripRenderer(style: testCase.style).render(testCase.page, signals: Self.signals)
        let golden = Self.folder.appendingPathComponent("\(testCase.name).png")
        if ProcessInfo.processInfo.environment["RHYTHMSTRIP_UPDATE_GOLDEN"] != nil {
            try image.writePNG(to: golden)
        }
        guard FileManager.default.fileExists(atPath: golden.path) else {
            Issue.record("missing \(golden.path); create it with RHYTHMSTRIP_UPDATE_GOLDEN=1 and review it")
            return
        }
        let rendered = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: rendered) }
        try image.writePNG(to: rendered)
        let actual = try DecodedPNG(url: rendered)
        let expected = try DecodedPNG(url: golden)
        try #require(actual.width == expected.width && actual.height == expected.height)
        var totalDifference = 0, farOff = 0
        for index in 0..<actual.rgb.count {
            let difference = abs(Int(actual.rgb[index]) - Int(expected.rgb[index]))
            totalDifference += difference
            if difference > 48 { farOff += 1 }
        }
        let mean = Double(totalDifference) / Double(actual.rgb.count)
        // Small tolerance: anti-aliasing may shift by a coverage level, nothing may move.
        #expect(mean <= 0.5, "mean channel difference \(mean)")
        #expect(Double(farOff) <= 0.001 * Double(actual.rgb.count), "\(farOff) channels differ by more than 48")
    }
}
