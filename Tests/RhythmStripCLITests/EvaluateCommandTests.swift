import ECGSignal
import Foundation
import Testing
import TestSupport

@Suite struct EvaluateCommandTests {
    /// Records for the cross-check: varied rhythms, 207 with flutter.
    static let records = ["101", "108", "203", "207", "208"]

    @Test func aReferenceComparedWithItselfScoresEveryBeat() throws {
        guard let mitdb = SharedData.directory("mitdb") else {
            print(SharedData.skipMessage("mitdb"))
            return
        }
        let result = try CommandLineRunner.run(
            ["evaluate", "--reference", "atr", "--test", "atr", mitdb.appendingPathComponent("101").path, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let gross = json?["gross"] as? [String: Any]
        let reference = try WFDB.readAnnotations(mitdb.appendingPathComponent("101.atr").path).filter { $0.code.isBeat }
        #expect(gross?["truePositives"] as? Int == reference.count)
        #expect(gross?["falseNegatives"] as? Int == 0)
        #expect(gross?["falsePositives"] as? Int == 0)
    }

    @Test func agreesWithWFDBPythonCompareAnnotationsExceptForFlutter() throws {
        guard let mitdb = SharedData.directory("mitdb") else {
            print(SharedData.skipMessage("mitdb"))
            return
        }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import wfdb"]
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil, ({ check.waitUntilExit(); return check.terminationStatus == 0 }()) else {
            print("skipped: python3 with wfdb is not available for the cross-check")
            return
        }
        let out = try CommandLineRunner.temporaryDirectory()
        let paths = Self.records.map { mitdb.appendingPathComponent($0).path }
        let detect = try CommandLineRunner.run(["detect"] + paths + ["--out-dir", out.path])
        #expect(detect.status == 0, "\(detect.standardError)")
        let evaluate = try CommandLineRunner.run(
            ["evaluate", "--test", "qrs", "--test-dir", out.path, "--csv"] + paths)
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        var ours: [String: [Int]] = [:]
        for line in evaluate.standardOutput.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            ours[cells[0]] = [Int(cells[1])!, Int(cells[2])!, Int(cells[3])!]
        }

        let script = PackageRoot.url.appendingPathComponent("Tests/ECGDetectTests/Interop/compare_with_wfdb.py").path
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", script, mitdb.path, out.path, "qrs"] + Self.records
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        var compared = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            guard let record = object?["record"] as? String, let counts = ours[record] else { continue }
            let theirs = ["tp", "fn", "fp"].map { object?[$0] as? Int ?? -1 }
            if record == "207" {
                // wfdb-python scores the flutter waves inside [ … ] too.
                #expect(theirs != counts)
            } else {
                #expect(theirs == counts, "\(record): wfdb-python \(theirs), rhythmstrip \(counts)")
            }
            compared += 1
        }
        #expect(compared == Self.records.count)
    }

    @Test func databaseModeWritesAMarkdownReportAndSkipsRecordsWithoutReference() throws {
        guard let nstdb = SharedData.directory("nstdb") else {
            print(SharedData.skipMessage("nstdb"))
            return
        }
        let out = try CommandLineRunner.temporaryDirectory()
        let markdown = out.appendingPathComponent("report.md").path
        let result = try CommandLineRunner.run(
            ["evaluate", "--db", nstdb.path, "--exclude", "118e00,118e_6,118e06,118e12", "--markdown", markdown])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("118e24"))
        #expect(result.standardOutput.contains("gross"))
        #expect(result.standardError.contains("skipped bw"))
        let text = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(text.contains("| 118e18 |"))
    }

    @Test func badOptionsAndMissingFilesFail() throws {
        let noRecords = try CommandLineRunner.run(["evaluate"])
        #expect(noRecords.status != 0)
        let badWindow = try CommandLineRunner.run(["evaluate", "x", "--window", "-1"])
        #expect(badWindow.status != 0)
        let out = try CommandLineRunner.temporaryDirectory()
        let missing = try CommandLineRunner.run(["evaluate", out.appendingPathComponent("absent").path])
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("absent"))
    }
}
