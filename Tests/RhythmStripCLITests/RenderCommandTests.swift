import ECGSignal
@testable import RhythmStripCLI
import Foundation
import Testing
import TestSupport

/// `rhythmstrip render`, run as a user would: WFDB record in, PNG out.
@Suite struct RenderCommandTests {
    /// A 12-second two-lead record (a 1 mV square wave and a flat line) written with the WFDB writer.
    private func syntheticRecord(in folder: URL) throws -> String {
        let frequency = 250.0
        let square = (0..<3000).map { Float(($0 / 250) % 2) }
        let flat = [Float](repeating: 0, count: 3000)
        let record = ECGRecord(name: "square", samplingFrequency: frequency, leadNames: ["II", "V1"], millivolts: [square, flat])
        let path = folder.appendingPathComponent("square").path
        try WFDB.writeRecord(record, to: path)
        return path
    }

    /// Width, height and pHYs (pixels per metre) read from the PNG chunks.
    private func pngFacts(_ url: URL) throws -> (width: Int, height: Int, pixelsPerMetre: Int?) {
        let bytes = [UInt8](try Data(contentsOf: url))
        try #require(bytes.count > 33 && bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var offset = 8, phys: Int?
        while offset + 8 <= bytes.count {
            let length = u32(offset)
            if String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self) == "pHYs" { phys = u32(offset + 8) }
            offset += 12 + length
        }
        return (u32(16), u32(20), phys)
    }

    @Test func rendersAStripAtTheRequestedResolution() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try syntheticRecord(in: folder)
        let out = folder.appendingPathComponent("strip.png")
        let result = try CommandLineRunner.run(["render", record, "--start", "2", "--dpi", "300", "--out", out.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("wrote"))
        let facts = try pngFacts(out)
        // 6 s at 25 mm/s is 150 mm; with the 10 mm lead-in and margin the paper is 165 mm.
        #expect(facts.width == Int((165 * 300 / 25.4).rounded()) + 2)
        #expect(facts.pixelsPerMetre == 11811)
    }

    @Test func layoutsAndOptionsChangeThePicture() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try syntheticRecord(in: folder)
        var heights: [String: Int] = [:]
        let runs: [(String, [String])] = [
            ("single", []),
            ("rows", ["--rows", "2", "--seconds", "5"]),
            ("stacked", ["--leads", "all", "--theme", "monitor"]),
            ("lead", ["--lead", "1", "--theme", "bw", "--speed", "50", "--gain", "20", "--overflow", "compress"]),
        ]
        for (name, arguments) in runs {
            let out = folder.appendingPathComponent("\(name).png")
            let result = try CommandLineRunner.run(["render", record, "--out", out.path] + arguments)
            #expect(result.status == 0, "\(name): \(result.standardError)")
            heights[name] = try pngFacts(out).height
        }
        #expect(heights["rows"]! > heights["single"]!)
        #expect(heights["stacked"] == heights["rows"])
        #expect(heights["lead"] == heights["single"])
    }

    @Test func badOutputPathFailsClearlyAndWritesNothing() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try syntheticRecord(in: folder)
        let out = folder.appendingPathComponent("no/such/folder/strip.png")
        let result = try CommandLineRunner.run(["render", record, "--out", out.path])
        #expect(result.status != 0)
        #expect(result.standardError.contains(out.path))
        #expect(result.standardError.contains("does not exist"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("Bad requests fail with a message naming what is wrong", arguments: [
        (["--lead", "aVR"], "no lead 'aVR'"),
        (["--start", "99"], "past the end"),
        (["--theme", "sepia"], "unknown theme"),
        (["--dpi", "5"], "DPI"),
        (["--rows", "2", "--leads", "all"], "cannot be combined"),
        (["--annotations", "atr"], "no such annotation file"),
    ])
    func badRequests(arguments: [String], message: String) throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try syntheticRecord(in: folder)
        let out = folder.appendingPathComponent("strip.png")
        let result = try CommandLineRunner.run(["render", record, "--out", out.path] + arguments)
        #expect(result.status != 0)
        #expect(result.standardError.contains(message), "stderr: \(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func missingRecordNamesTheFile() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandLineRunner.run(["render", folder.appendingPathComponent("nothing").path, "--out", folder.appendingPathComponent("s.png").path])
        #expect(result.status != 0)
        #expect(result.standardError.contains("nothing.hea"))
    }

    static let mitdb = SharedData.directory("mitdb")
    static let vfdb = SharedData.directory("vfdb")

    @Test(.enabled(if: mitdb != nil, Comment(rawValue: SharedData.skipMessage("mitdb"))))
    func mitdb208AnswerKey() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("208.png")
        let record = Self.mitdb!.appendingPathComponent("208").path
        let result = try CommandLineRunner.run(["render", record, "--start", "10", "--leads", "all", "--annotations", "atr", "--label", "--out", out.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("MLII, V1"))
        let single = try CommandLineRunner.run(["render", record, "--lead", "II", "--out", out.path])
        #expect(single.standardOutput.contains("of MLII"), "\(single.standardError)")
        #expect(try pngFacts(out).pixelsPerMetre == 7874)
    }

    @Test(.enabled(if: vfdb != nil, Comment(rawValue: SharedData.skipMessage("vfdb"))))
    func vfdb422Page() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("422.png")
        let record = Self.vfdb!.appendingPathComponent("422").path
        let result = try CommandLineRunner.run(["render", record, "--start", "1525", "--rows", "3", "--label", "--out", out.path])
        #expect(result.status == 0, "\(result.standardError)")
        let facts = try pngFacts(out)
        #expect(facts.width > 2000 && facts.height > 900)
    }
}

@Suite struct RenderRhythmNameTests {
    @Test func labelsReadAsRhythmNames() {
        #expect(RhythmName.describe("(AFIB") == "atrial fibrillation")
        #expect(RhythmName.describe("(VFIB") == "ventricular fibrillation")
        // The synthesizer labels rhythms with library ids.
        #expect(RhythmName.describe("(mobitz1") == "Second-degree AV block type I (Wenckebach)")
        #expect(RhythmName.describe("(XYZ") == "(XYZ")
    }

    @Test func synthesizedRecordRendersWithItsRhythmName() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = folder.appendingPathComponent("af").path
        let synth = try CommandLineRunner.run(["synth", "--rhythm", "afib", "--seconds", "8", "--seed", "2", "--out", record])
        try #require(synth.status == 0, "\(synth.standardError)")
        let out = folder.appendingPathComponent("af.png")
        let result = try CommandLineRunner.run(["render", record, "--label", "--out", out.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(FileManager.default.fileExists(atPath: out.path))
    }
}
