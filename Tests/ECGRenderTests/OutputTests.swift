import ECGRender
import ECGSignal
import Foundation
import Testing
import TestSupport

/// Writing files and refusing bad requests with clear errors.
@Suite struct OutputTests {
    private let signal = SyntheticSignal.signal(SyntheticSignal.pqrst(seconds: 6), frequency: 360)

    @Test func missingFolderFailsWithTheFolderNamedAndNoFile() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("missing/strip.png")
        let image = try StripRenderer().render(.rhythmStrip(), signals: [signal])
        #expect {
            try image.writePNG(to: target)
        } throws: { error in
            guard let error = error as? StripRenderError, case .cannotWrite(let path, let reason) = error else { return false }
            return path == target.path && reason.contains("does not exist")
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aFolderInTheWayIsReportedAndLeftAlone() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("strip.png")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        let image = try StripRenderer().render(.rhythmStrip(), signals: [signal])
        #expect(throws: StripRenderError.self) { try image.writePNG(to: target) }
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) && isDirectory.boolValue)
        // No temporary file left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["strip.png"])
    }

    @Test func writingReplacesAnOldFileWhole() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("strip.png")
        try Data("old".utf8).write(to: target)
        let image = try StripRenderer().render(.rhythmStrip(), signals: [signal])
        try image.writePNG(to: target)
        #expect(try Data(contentsOf: target) == image.pngData())
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["strip.png"])
    }

    @Test("Bad requests are refused with a reason", arguments: [
        (StripStyle(dpi: 20), "DPI"), (StripStyle(dpi: 5000), "DPI"), (StripStyle(speed: 0), "speed"),
        (StripStyle(gain: .nan), "gain"), (StripStyle(rowHeight: 2), "row height"),
    ])
    func badStyles(style: StripStyle, word: String) {
        #expect {
            _ = try StripRenderer(style: style).render(.rhythmStrip(), signals: [signal])
        } throws: { error in
            "\(error)".contains(word)
        }
    }

    @Test func badPagesAreRefused() {
        let renderer = StripRenderer()
        #expect(throws: StripRenderError.self) { try renderer.render(.rhythmStrip(lead: 2), signals: [signal]) }
        #expect(throws: StripRenderError.self) { try renderer.render(.rhythmStrip(seconds: 0), signals: [signal]) }
        #expect(throws: StripRenderError.self) { try renderer.render(.rhythmStrip(seconds: .infinity), signals: [signal]) }
        #expect(throws: StripRenderError.self) { try renderer.render(.continuous(rows: 0), signals: [signal]) }
        #expect(throws: StripRenderError.self) {
            try StripRenderer(style: StripStyle(dpi: 1200)).render(.continuous(secondsPerRow: 60, rows: 20), signals: [signal])
        }
    }

    @Test func oddSignalsStillDraw() throws {
        // NaN samples, a window past the end of the signal, a negative start: no trap, an image.
        var values = SyntheticSignal.pqrst(seconds: 3)
        values[100] = .nan
        values[101] = .infinity
        values[200] = 1e30
        values[201] = -.greatestFiniteMagnitude
        values[300] = .leastNonzeroMagnitude
        let odd = SyntheticSignal.signal(values, frequency: 360)
        var farMarks = StripPage.rhythmStrip()
        farMarks.overlays = StripOverlays(
            beats: [BeatMark(time: .nan, label: "N"), BeatMark(time: 1e300, label: "V"), BeatMark(time: 1, label: "\u{1F600}")],
            notes: [TimeNote(time: -.infinity, text: "x"), TimeNote(time: 5.99, text: String(repeating: "(VT", count: 80))],
            intervals: [
                IntervalMark(kind: .rr, start: 1, end: 1e300), IntervalMark(kind: .pr, start: .nan, end: 1, row: 0),
                IntervalMark(kind: .qrs, start: 2, end: 1.9, row: 7),
            ],
            rhythmLabel: String(repeating: "very long label ", count: 100))
        farMarks.heartRate = Int.min
        farMarks.stripNumber = Int.max
        farMarks.title = "\u{0}\u{7F}é"
        for overflow in StripStyle.Overflow.allCases {
            let renderer = StripRenderer(style: StripStyle(overflow: overflow))
            for page in [StripPage.rhythmStrip(start: 2), .rhythmStrip(start: 100), .rhythmStrip(start: -4), farMarks] {
                let image = try renderer.render(page, signals: [odd])
                #expect(try image.pngData().count > 100)
            }
        }
        let renderer = StripRenderer()
        #expect(throws: StripRenderError.self) { try renderer.render(.rhythmStrip(start: 1e300), signals: [odd]) }
        let slow = StripSignal(name: "slow", samplingFrequency: 1e-300, millivolts: [1, 2])
        #expect(throws: StripRenderError.self) { try renderer.render(.rhythmStrip(), signals: [slow]) }
        let tiny = StripSignal(name: "tiny", samplingFrequency: 0.01, millivolts: [1, -1, 3e30])
        #expect(try renderer.render(.rhythmStrip(), signals: [tiny]).width > 0)
        let empty = SyntheticSignal.signal([], frequency: 360)
        #expect(try renderer.render(.rhythmStrip(), signals: [empty]).width > 0)
    }
}

@Suite struct RecordInputTests {
    @Test func aRecordRendersLikeItsMillivolts() throws {
        // Quantised at 200 ADC units/mV, the record draws the same picture as the floats it came from.
        let millivolts = SyntheticSignal.pqrst(seconds: 12).map { ($0 * 200).rounded() / 200 }
        let record = ECGRecord(name: "t", samplingFrequency: 360, leadNames: ["II"], millivolts: [millivolts])
        let renderer = StripRenderer()
        let page = StripPage.rhythmStrip(start: 3.5)
        let fromRecord = try renderer.render(page, record: record)
        let fromSignal = try renderer.render(page, signals: [SyntheticSignal.signal(millivolts, frequency: 360)])
        #expect(fromRecord.pixels == fromSignal.pixels)
    }

    @Test func missingSamplesLeaveAGap() throws {
        var digital = [Int32](repeating: 0, count: 3600)
        for index in 1000..<1400 { digital[index] = WFDB.invalidSample }
        let record = ECGRecord(name: "gap", samplingFrequency: 360, leads: [Lead(name: "II")], samples: [digital])
        var page = StripPage.rhythmStrip(seconds: 6)
        page.baseline = .zero
        let image = try StripRenderer(style: StripStyle(theme: TraceProbe.theme)).render(page, record: record)
        // The flat trace is on the 25 mm line except between 2.78 s and 3.89 s.
        let y = Int(25 * 200 / 25.4)
        func traced(at seconds: Double) -> Bool {
            let x = Int((10 + seconds * 25) * 200 / 25.4)
            return (y - 2...y + 2).contains { image.color(x: x, y: $0).blue < 128 }
        }
        #expect(traced(at: 1))
        #expect(!traced(at: 3.3))
        #expect(traced(at: 5))
    }
}
