import Foundation
import Testing
import TestSupport

@Suite struct RhythmsCommandTests {
    @Test func listsTheLibraryFromAnyFolder() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandLineRunner.run(["rhythms"], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID") == true)
        for id in ["nsr", "afib", "aflutter-2to1", "mobitz1", "mobitz2", "chb", "vt-mono", "torsades", "vf-fine", "asystole", "paced-av"] {
            #expect(lines.contains { $0.hasPrefix(id + " ") }, "\(id) missing")
        }
        #expect(lines.count >= 34)
    }

    @Test func theLibraryTravelsWithTheBinary() throws {
        // Copy the executable elsewhere and run it from yet another folder:
        // nothing may depend on files beside the build products.
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("rhythmstrip")
        try FileManager.default.copyItem(at: CommandLineRunner.executable, to: copy)
        let elsewhere = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let process = Process()
        process.executableURL = copy
        process.arguments = ["rhythms", "show", "torsades"]
        process.currentDirectoryURL = elsewhere
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output.contains("Polymorphic VT (torsades de pointes)"))
    }

    @Test func showPrintsTheCriteriaForALearner() throws {
        let result = try CommandLineRunner.run(["rhythms", "show", "AF"])
        #expect(result.status == 0)
        let text = result.standardOutput
        #expect(text.hasPrefix("Atrial fibrillation with controlled ventricular response (afib)"))
        for heading in ["Rate:", "Regularity:", "P waves:", "PR interval:", "QRS:", "Distinguishing features:", "Commonly confused with:"] {
            #expect(text.contains(heading), "missing \(heading)")
        }
        #expect(text.contains("Irregularly irregular"))
        #expect(text.contains("(mat)"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 78 })
    }

    @Test func unknownRhythmSuggestsTheClosestIDs() throws {
        let result = try CommandLineRunner.run(["rhythms", "show", "mobits2"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("unknown rhythm 'mobits2'"))
        #expect(result.standardError.contains("did you mean 'mobitz2'"))
    }

    @Test func overridesAreLoadedAndCheckedFromAFolder() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A new id adds a rhythm; a broken file is rejected naming file and field.
        let yaml = """
            id: nsr-local
            name: Local sinus rhythm
            aliases: []
            group: normal
            summary: A local copy.
            criteria:
              rate: {text: 60-100/min, ventricular: [60, 100]}
              regularity: {text: Regular, kind: regular}
              pWaves: {text: Upright}
              prInterval: {text: 0.12-0.20 s, seconds: [0.12, 0.20]}
              qrs: {text: Narrow, seconds: [0.06, 0.11]}
              features: [Local]
              confusions: [{id: nsr, how: It is a copy.}]
            synthesis:
              atria: {mechanism: sinus, rate: [70, 80], pWave: {amplitude: [0.1, 0.2], duration: [0.08, 0.1]}}
              conduction: {mode: normal, pr: [0.14, 0.18]}
              ventricles:
                origin: conducted
                qrs: {morphology: normal, duration: [0.08, 0.1], amplitude: [1, 1.5]}
            """
        try yaml.write(to: folder.appendingPathComponent("nsr-local.yaml"), atomically: true, encoding: .utf8)
        let listed = try CommandLineRunner.run(["rhythms", "--rhythms", folder.path])
        #expect(listed.status == 0, "\(listed.standardError)")
        #expect(listed.standardOutput.contains("nsr-local"))

        try yaml.replacingOccurrences(of: "rate: [70, 80]", with: "rate: [80, 70]")
            .write(to: folder.appendingPathComponent("nsr-local.yaml"), atomically: true, encoding: .utf8)
        let rejected = try CommandLineRunner.run(["rhythms", "--rhythms", folder.path])
        #expect(rejected.status != 0)
        #expect(rejected.standardError.contains("nsr-local.yaml: synthesis.atria.rate: min 80 is above max 70"))
    }
}
