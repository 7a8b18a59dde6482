import Foundation
import Testing
import TestSupport

@Suite struct InfoCommandTests {
    /// A 2-lead 250 Hz record made through the CLI from CSV text.
    static func makeRecord(in folder: URL) throws -> String {
        var csv = "time (s),I (mV),II (mV)\n"
        for index in 0..<1000 { csv += "\(Double(index) / 250),\(Double(index % 50) / 100),\(-Double(index % 20) / 200)\n" }
        try Data(csv.utf8).write(to: folder.appendingPathComponent("in.csv"))
        let result = try CommandLineRunner.run(["convert", "in.csv", "--to", "wfdb", "--out", "rec", "--format", "212"], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        return folder.appendingPathComponent("rec").path
    }

    @Test func describesARecordAsText() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try Self.makeRecord(in: folder)
        let result = try CommandLineRunner.run(["info", record])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Sampling frequency  250 Hz"))
        #expect(result.standardOutput.contains("0:04.000  (1000 samples per lead)"))
        #expect(result.standardOutput.contains("0  I   gain 200 adu/mV"))
        #expect(result.standardOutput.contains("format 212"))
        #expect(result.standardOutput.contains("none found beside the header"))
        // A path ending in .hea names the same record.
        #expect(try CommandLineRunner.run(["info", record + ".hea"]).standardOutput == result.standardOutput)
    }

    @Test func jsonIsMachineReadable() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try Self.makeRecord(in: folder)
        let result = try CommandLineRunner.run(["info", record, "--json"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["samplingFrequency"] as? Double == 250)
        #expect(json["length"] as? Int == 1000)
        #expect(json["durationSeconds"] as? Double == 4)
        let leads = try #require(json["leads"] as? [[String: Any]])
        #expect(leads.map { $0["name"] as? String } == ["I", "II"])
        #expect(leads.map { $0["units"] as? String } == ["mV", "mV"])
        #expect(leads.map { $0["gain"] as? Double } == [200, 200])
    }

    @Test(.enabled(if: SharedData.directory("mitdb") != nil, Comment(rawValue: SharedData.skipMessage("mitdb"))))
    func countsAnnotationsAndRhythmEpisodesOfMITBIH203() throws {
        let record = SharedData.directory("mitdb")!.appendingPathComponent("203").path
        let result = try CommandLineRunner.run(["info", record, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let files = try #require(json["annotationFiles"] as? [[String: Any]])
        #expect(files.count == 1)
        let atr = files[0]
        let counts = Dictionary(uniqueKeysWithValues: (atr["counts"] as? [[String: Any]] ?? []).map { ($0["code"] as! String, $0["count"] as! Int) })
        // MIT-BIH 203 as wfdb.rdann counts it: 2529 N, 444 V, 57 ~, 45 +, 26 |, 4 Q, 2 a, 1 F.
        #expect(counts["N"] == 2529)
        #expect(counts["V"] == 444)
        #expect(counts["+"] == 45)
        #expect(counts["F"] == 1)
        let episodes = try #require(atr["rhythmEpisodes"] as? [[String: Any]])
        let labels = Set(episodes.compactMap { $0["label"] as? String })
        #expect(labels.isSuperset(of: ["(AFL", "(AFIB", "(VT", "(T"]))
        let total = episodes.compactMap { $0["durationSeconds"] as? Double }.reduce(0, +)
        let start = episodes.first?["startSeconds"] as? Double ?? 0
        #expect(abs(total + start - 1805.556) < 0.01)
    }

    @Test func missingRecordFailsNamingTheFile() throws {
        let result = try CommandLineRunner.run(["info", "/no/such/record"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("/no/such/record.hea: no such file"))
    }
}
