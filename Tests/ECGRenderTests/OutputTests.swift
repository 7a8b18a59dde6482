import ECGRender
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
        let odd = SyntheticSignal.signal(values, frequency: 360)
        let renderer = StripRenderer()
        for page in [StripPage.rhythmStrip(start: 2), .rhythmStrip(start: 100), .rhythmStrip(start: -4)] {
            let image = try renderer.render(page, signals: [odd])
            #expect(try image.pngData().count > 100)
        }
        let empty = SyntheticSignal.signal([], frequency: 360)
        #expect(try renderer.render(.rhythmStrip(), signals: [empty]).width > 0)
    }
}
