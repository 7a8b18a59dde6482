import ECGSignal
import Foundation
import Testing
import TestSupport

@Suite struct SynthCommandTests {
    @Test func writesARecordWithReferenceAnnotations() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandLineRunner.run(
            ["synth", "--rhythm", "mobitz1", "--seconds", "30", "--fs", "360", "--seed", "7", "--out", "out/w1"], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        let path = folder.appendingPathComponent("out/w1").path
        let record = try WFDB.readRecord(path)
        #expect(record.samplingFrequency == 360)
        #expect(record.length == 30 * 360)
        #expect(record.leads.map(\.name) == ["II"])
        #expect(record.comments.first?.contains("mobitz1") == true)
        let annotations = try WFDB.readAnnotations(path + ".atr")
        #expect(annotations.first?.code == .rhythmChange)
        #expect(annotations.first?.auxText == "(mobitz1")
        let beats = annotations.filter { $0.code.isBeat }
        let pWaves = annotations.filter { $0.code == .pWave }
        #expect(beats.count >= 15 && beats.allSatisfy { $0.code == .normal })
        #expect(pWaves.count > beats.count, "Wenckebach has blocked P waves")
        #expect(result.standardOutput.contains("Wrote"))
    }

    @Test func sameSeedSameBytesOtherSeedOtherStrip() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func run(_ seed: String, _ name: String) throws -> (Data, Data) {
            let result = try CommandLineRunner.run(
                ["synth", "--rhythm", "afib", "--seconds", "20", "--seed", seed, "--snr", "15",
                 "--noise", "wander,muscle,mains,motion", "--signal-format", "212", "--out", folder.appendingPathComponent(name).path])
            #expect(result.status == 0, "\(result.standardError)")
            let base = folder.appendingPathComponent(name)
            return (try Data(contentsOf: base.appendingPathExtension("dat")), try Data(contentsOf: base.appendingPathExtension("atr")))
        }
        let first = try run("3", "a"), again = try run("3", "b"), other = try run("4", "c")
        #expect(first.0 == again.0 && first.1 == again.1)
        #expect(first.0 != other.0 && first.1 != other.1)
        let header = try String(contentsOf: folder.appendingPathComponent("a.hea"), encoding: .utf8)
        #expect(header.contains(" 212 "))
    }

    @Test func sequenceLabelsEachRhythm() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("code").path
        let result = try CommandLineRunner.run(["synth", "--sequence", "nsr:20,vt:10,vf:30", "--fs", "250", "--out", path])
        #expect(result.status == 0, "\(result.standardError)")
        let record = try WFDB.readRecord(path)
        #expect(record.length == 60 * 250)
        let changes = try WFDB.readAnnotations(path + ".atr").filter { $0.code == .rhythmChange }
        #expect(changes.map(\.auxText) == ["(nsr", "(vt-mono", "(vf-coarse"])
        #expect(changes.map(\.sample) == [0, 5000, 7500])
    }

    @Test(arguments: [
        (["--rhythm", "afibb"], "did you mean 'afib'"),
        (["--sequence", "nsr:20,vt"], "is not ID:SECONDS"),
        (["--rhythm", "nsr", "--noise", "hum"], "unknown kind 'hum'"),
        (["--rhythm", "nsr", "--fs", "50"], "100-2000 Hz"),
        (["--rhythm", "nsr", "--rate", "150"], "outside nsr's 60-100/min"),
        (["--rhythm", "nsr", "--sequence", "nsr:10"], "either --rhythm"),
        (["--rhythm", "asystole", "--rate", "60"], "no ventricular rate"),
    ])
    func badRequestsFailWithoutWritingAnything(arguments: [String], message: String) throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandLineRunner.run(["synth"] + arguments + ["--out", folder.appendingPathComponent("x").path])
        #expect(result.status != 0)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
