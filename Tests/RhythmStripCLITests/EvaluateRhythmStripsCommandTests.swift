import Foundation
import Testing
import TestSupport

/// `evaluate-rhythm --mitdb-strips`: real strips scored per reference rhythm,
/// on a folder holding MIT-BIH 217 (paced and AF stretches) and 118 (sinus
/// rhythm with right bundle branch block), linked from ../shared/data/mitdb.
@Suite struct EvaluateRhythmStripsCommandTests {
    static let mitdb = SharedData.directory("mitdb")

    static func folder(with records: [String]) throws -> URL? {
        guard let mitdb else { return nil }
        let folder = try CommandLineRunner.temporaryDirectory()
        for name in records {
            for ext in ["hea", "dat", "atr"] {
                try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("\(name).\(ext)"),
                                                           withDestinationURL: mitdb.appendingPathComponent("\(name).\(ext)"))
            }
        }
        return folder
    }

    @Test(.enabled(if: mitdb != nil, Comment(rawValue: SharedData.skipMessage("mitdb"))))
    func pacedStripsAreScoredByFamily() throws {
        guard let folder = try Self.folder(with: ["118", "217"]) else { return }
        defer { try? FileManager.default.removeItem(at: folder) }
        let markdown = folder.appendingPathComponent("strips.md").path
        let result = try CommandLineRunner.run(["evaluate-rhythm", "--mitdb-strips", folder.path, "--strip-every", "120", "--json", "--markdown", markdown])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let strips = try #require(object?["strips"] as? [String: Any])
        let rows = try #require(strips["rows"] as? [[String: Any]])
        let paced = try #require(rows.first { $0["category"] as? String == "(P" })
        let count = try #require(paced["strips"] as? Int), right = try #require(paced["right"] as? Int)
        #expect(count >= 8)
        #expect(right == count, "\(paced)")
        #expect((paced["family"] as? [String])?.contains("paced-ventricular") == true)
        // 118 is sinus rhythm with right bundle branch block throughout: never paced.
        let outside = try #require(strips["namedPacedOutsidePacing"] as? [String: Int])
        #expect(outside.isEmpty, "\(outside)")
        #expect(rows.contains { $0["category"] as? String == "(N, every beat L or R" })
        let records = try #require(strips["pacedRecords"] as? [[String: Any]])
        #expect(records.count == 1 && records.first?["record"] as? String == "217")

        let text = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(text.contains("## Real strips by reference rhythm"))
        #expect(text.contains("| 217 |"))

        let table = try CommandLineRunner.run(["evaluate-rhythm", "--mitdb-strips", folder.path, "--strip-every", "120"])
        #expect(table.status == 0, "\(table.standardError)")
        #expect(table.standardOutput.contains("Paced strips per record"))
        #expect(table.standardOutput.contains("(P "))
    }

    @Test func badStripOptionsAreRefused() throws {
        let short = try CommandLineRunner.run(["evaluate-rhythm", "--mitdb-strips", "/nonexistent", "--strip-seconds", "1"])
        #expect(short.status != 0)
        #expect(short.standardError.contains("--strip-seconds"))
        let missing = try CommandLineRunner.run(["evaluate-rhythm", "--mitdb-strips", "/nonexistent/mitdb"])
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("/nonexistent/mitdb"))
    }
}
