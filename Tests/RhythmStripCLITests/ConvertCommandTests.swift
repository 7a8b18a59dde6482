import Foundation
import Testing
import TestSupport

@Suite struct ConvertCommandTests {
    func folder() throws -> URL { try CommandLineRunner.temporaryDirectory() }

    func files(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test func csvToWFDBAndBackKeepsDigitalSamples() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = "time (s),MLII,V1\n0,955,992\n0.002778,-2048,2047\n0.005556,0,-1\n"
        try Data(csv.utf8).write(to: dir.appendingPathComponent("in.csv"))
        let toWFDB = try CommandLineRunner.run(["convert", "in.csv", "--to", "wfdb", "--out", "r", "--format", "212"], in: dir)
        #expect(toWFDB.status == 0, "\(toWFDB.standardError)")
        #expect(files(dir) == ["in.csv", "r.dat", "r.hea"])
        let header = try String(contentsOf: dir.appendingPathComponent("r.hea"), encoding: .utf8)
        #expect(header.hasPrefix("r 2 360 3\n"))
        let back = try CommandLineRunner.run(["convert", "r", "--to", "csv", "--out", "out.csv"], in: dir)
        #expect(back.status == 0, "\(back.standardError)")
        #expect(try String(contentsOf: dir.appendingPathComponent("out.csv"), encoding: .utf8) == csv)
    }

    @Test func headerlessCSVTakesTheFrequencyFromFs() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("0.5\n-0.25\n1.0\n".utf8).write(to: dir.appendingPathComponent("x.csv"))
        let result = try CommandLineRunner.run(["convert", "x.csv", "--to", "wfdb", "--fs", "500", "--out", "x"], in: dir)
        #expect(result.status == 0, "\(result.standardError)")
        let csv = try CommandLineRunner.run(["convert", "x", "--to", "csv", "--out", "y.csv", "--physical", "--no-time"], in: dir)
        #expect(csv.status == 0)
        #expect(try String(contentsOf: dir.appendingPathComponent("y.csv"), encoding: .utf8) == "signal 0 (mV)\n0.5\n-0.25\n1\n")
        #expect(try String(contentsOf: dir.appendingPathComponent("x.hea"), encoding: .utf8).hasPrefix("x 1 500 3\n"))
    }

    @Test(.enabled(if: SharedData.directory("mitdb") != nil, Comment(rawValue: SharedData.skipMessage("mitdb"))))
    func mitbihRecordThroughCSVReproducesItsFilesByteForByte() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = SharedData.directory("mitdb")!.appendingPathComponent("119")
        let toCSV = try CommandLineRunner.run(["convert", source.path, "--to", "csv", "--out", "119.csv", "--annotations", source.path + ".atr"], in: dir)
        #expect(toCSV.status == 0, "\(toCSV.standardError)")
        #expect(files(dir) == ["119.annotations.csv", "119.csv"])
        let annotationsCSV = try String(contentsOf: dir.appendingPathComponent("119.annotations.csv"), encoding: .utf8)
        #expect(annotationsCSV.hasPrefix("time (s),sample,code,subtype,channel,num,aux\n"))
        #expect(annotationsCSV.contains(",+,0,0,0,\"(B\"") || annotationsCSV.contains(",+,0,0,0,(B"))

        let toWFDB = try CommandLineRunner.run(["convert", "119.csv", "--to", "wfdb", "--out", "copy/119", "--format", "212", "--annotations", source.path + ".atr"], in: dir)
        #expect(toWFDB.status != 0)   // the folder copy/ does not exist: nothing is written
        #expect(toWFDB.standardError.contains("does not exist"))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("copy"), withIntermediateDirectories: false)
        let again = try CommandLineRunner.run(["convert", "119.csv", "--to", "wfdb", "--out", "copy/119", "--format", "212", "--annotations", source.path + ".atr"], in: dir)
        #expect(again.status == 0, "\(again.standardError)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("copy/119.dat")) == Data(contentsOf: source.appendingPathExtension("dat")))
        #expect(try Data(contentsOf: dir.appendingPathComponent("copy/119.atr")) == Data(contentsOf: source.appendingPathExtension("atr")))
    }

    @Test(arguments: [
        ("time,I\n0,1\n0.004,2,3\n", ["--to", "wfdb", "--out", "o"], "bad.csv:3: row has more than 2 columns"),
        ("time,I\n0,1\n0.004,abc\n", ["--to", "wfdb", "--out", "o"], "bad.csv:3: column 2 ('I'): 'abc' is not a number"),
        ("", ["--to", "wfdb", "--out", "o"], "bad.csv: empty CSV file"),
        ("I\n5000\n", ["--to", "wfdb", "--out", "o", "--format", "212", "--fs", "100"], "outside the range -2048...2047 of format 212"),
        ("I\n1\n", ["--to", "wfdb", "--out", "o", "--format", "8", "--fs", "100"], "--format must be 16 or 212"),
        ("I\n1\n", ["--to", "wfdb", "--out", "o", "--fs", "0"], "--fs must be a positive number"),
        ("I\n1\n", ["--to", "csv", "--out", "o.csv", "--fs", "100", "--annotations", "none.atr"], "none.atr: no such file"),
    ] as [(String, [String], String)])
    func badInputFailsWithoutOutput(csv: String, arguments: [String], message: String) throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(csv.utf8).write(to: dir.appendingPathComponent("bad.csv"))
        let result = try CommandLineRunner.run(["convert", "bad.csv"] + arguments, in: dir)
        #expect(result.status != 0)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(files(dir) == ["bad.csv"])
    }

    @Test func truncatedSignalFileFailsNamingTheByteOffset() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("t 1 100 10\nt.dat 16\n".utf8).write(to: dir.appendingPathComponent("t.hea"))
        try Data([1, 2, 3]).write(to: dir.appendingPathComponent("t.dat"))
        let result = try CommandLineRunner.run(["convert", "t", "--to", "csv", "--out", "t.csv"], in: dir)
        #expect(result.status != 0)
        #expect(result.standardError.contains("t.dat: at byte 3: truncated"), "\(result.standardError)")
        #expect(files(dir) == ["t.dat", "t.hea"])
    }
}
