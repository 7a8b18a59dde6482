import Foundation
import Testing
import TestSupport

@Suite struct EvaluateRhythmCommandTests {
    @Test func syntheticReportWithMarkdownAndJSON() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let markdown = folder.appendingPathComponent("report.md").path
        let result = try CommandLineRunner.run(
            ["evaluate-rhythm", "--synthetic", "--strips", "4", "--only", "nsr,asystole,vt-mono", "--markdown", markdown])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("macro"))
        let text = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(text.contains("Confusion matrix"))
        #expect(text.contains("| asystole |"))

        let json = try CommandLineRunner.run(["evaluate-rhythm", "--synthetic", "--strips", "4", "--only", "asystole", "--json"])
        #expect(json.status == 0, "\(json.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        let synthetic = try #require(object?["synthetic"] as? [String: Any])
        let confusion = try #require(synthetic["confusion"] as? [String: Any])
        let counts = try #require(confusion["counts"] as? [String: [String: Int]])
        #expect(counts["asystole"]?["asystole"] == 4)
    }

    @Test func needsSomethingToEvaluate() throws {
        let result = try CommandLineRunner.run(["evaluate-rhythm"])
        #expect(result.status != 0)
        let missing = try CommandLineRunner.run(["evaluate-rhythm", "--mitdb", "/nonexistent/mitdb"])
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("/nonexistent/mitdb"))
    }
}
