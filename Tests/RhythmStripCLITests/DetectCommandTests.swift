import ECGSignal
import Foundation
import Testing
import TestSupport

@Suite struct DetectCommandTests {
    @Test func writesAnMITAnnotationFileIntoTheOutputFolder() throws {
        guard let mitdb = SharedData.directory("mitdb") else {
            print(SharedData.skipMessage("mitdb"))
            return
        }
        let out = try CommandLineRunner.temporaryDirectory()
        let record = mitdb.appendingPathComponent("101").path
        let result = try CommandLineRunner.run(["detect", record + ".hea", "--out-dir", out.path])
        #expect(result.status == 0, "\(result.standardError)")
        let beats = try WFDB.readAnnotations(out.appendingPathComponent("101.qrs").path)
        let reference = try WFDB.readAnnotations(record + ".atr").filter { $0.code.isBeat }
        #expect(beats.allSatisfy { $0.code == .normal })
        #expect(abs(beats.count - reference.count) <= 10)
    }

    @Test func showsProgressForSeveralRecordsAndHonoursTheAnnotatorAndLeads() throws {
        guard let mitdb = SharedData.directory("mitdb") else {
            print(SharedData.skipMessage("mitdb"))
            return
        }
        let out = try CommandLineRunner.temporaryDirectory()
        let records = ["101", "118"].map { mitdb.appendingPathComponent($0).path }
        let result = try CommandLineRunner.run(
            ["detect"] + records + ["--leads", "all", "--annotator", "rs", "--out-dir", out.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("[2/2] 118"))
        for name in ["101", "118"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(name).rs").path))
        }
    }

    @Test func missingRecordFailsNamingTheFileAndWritesNothing() throws {
        let out = try CommandLineRunner.temporaryDirectory()
        let missing = out.appendingPathComponent("nothing-here").path
        let result = try CommandLineRunner.run(["detect", missing, "--out-dir", out.path])
        #expect(result.status != 0)
        #expect(result.standardError.contains("nothing-here"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test func aLeadTheRecordLacksIsAnError() throws {
        guard let mitdb = SharedData.directory("mitdb") else {
            print(SharedData.skipMessage("mitdb"))
            return
        }
        let out = try CommandLineRunner.temporaryDirectory()
        let result = try CommandLineRunner.run(
            ["detect", mitdb.appendingPathComponent("101").path, "--lead", "5", "--out-dir", out.path])
        #expect(result.status != 0)
        #expect(result.standardError.contains("101.hea"))
        #expect(result.standardError.contains("no lead 5"))
    }

    @Test func detectsOnARecordWrittenAtAnotherFrequency() throws {
        // A synthetic 500 Hz record through the whole CLI path.
        let out = try CommandLineRunner.temporaryDirectory()
        let fs = 500.0
        var millivolts = [Float](repeating: 0, count: Int(fs * 30))
        var peaks: [Int] = []
        var i = Int(fs / 2)
        while i < millivolts.count - 100 {
            peaks.append(i)
            for k in -15...15 { millivolts[i + k] += Float(exp(-Double(k * k) / 18.0)) }
            i += Int(fs * 0.8)
        }
        let record = ECGRecord(name: "synthetic", samplingFrequency: fs, leadNames: ["II"], millivolts: [millivolts])
        let path = out.appendingPathComponent("synthetic").path
        try WFDB.writeRecord(record, to: path)
        let result = try CommandLineRunner.run(["detect", path])
        #expect(result.status == 0, "\(result.standardError)")
        let beats = try WFDB.readAnnotations(path + ".qrs").map(\.sample)
        #expect(beats.count == peaks.count)
        for (beat, peak) in zip(beats, peaks) { #expect(abs(beat - peak) <= 2) }
    }
}
