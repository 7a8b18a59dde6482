import Foundation
import Testing
import TestSupport

@Suite("rhythmstrip drill")
struct DrillCommandTests {
    /// Runs the binary with the progress folder pointed at `progress`.
    static func run(_ arguments: [String], input: String, progress: URL) throws -> CommandLineRunner.Result {
        try CommandLineRunner.run(arguments, input: input, environment: ["RHYTHMSTRIP_PROGRESS_DIR": progress.path])
    }

    @Test("answers from standard input: feedback per strip, summary, progress saved and shown by --stats")
    func scriptedSession() throws {
        let progress = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: progress) }
        // One rhythm only, so every answer "vt" is right and "afib" wrong.
        let answers = "VT\natrial fibrilation\nventricular tachycardia\n"
        let result = try Self.run(["drill", "--rhythms", "vt-mono", "--count", "3", "--seed", "5"], input: answers, progress: progress)
        #expect(result.status == 0)
        let out = result.standardOutput
        #expect(out.contains("Strip 1 of 3"))
        #expect(out.contains("\u{2713} Right: Monomorphic ventricular tachycardia"))
        #expect(out.contains("\u{2717} Wrong: this is Monomorphic ventricular tachycardia"))
        #expect(out.contains("you answered Atrial fibrillation with controlled ventricular response"))
        #expect(out.contains("Measured on this strip: rate "))
        #expect(out.contains("PNG: \(progress.path)/last-drill/strip-01.png"))
        #expect(out.contains("Score: 2/3 (67%)"))
        #expect(out.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "no braille picture")
        let stats = try Self.run(["drill", "--stats"], input: "", progress: progress)
        #expect(stats.status == 0)
        #expect(stats.standardOutput.contains("Sessions: 1, strips answered: 3, right: 2 (67%)"))
        #expect(stats.standardOutput.contains("mistaken for: Atrial fibrillation with controlled ventricular response (1x)"))
    }

    @Test("multiple choice answers by number; end of input ends the session early with a score")
    func multipleChoice() throws {
        let progress = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: progress) }
        let result = try Self.run(["drill", "--course", "acls", "--mode", "multiple-choice", "--count", "4", "--seed", "8", "--timed"], input: "1\n", progress: progress)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("  5) "))
        #expect(result.standardOutput.contains("Time: "))
        #expect(result.standardOutput.contains("Score: ") && result.standardOutput.contains("/1 ("))
    }

    @Test("--html writes a self-contained browser drill; bad input is refused")
    func htmlAndErrors() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("drill.html")
        let made = try Self.run(["drill", "--rhythms", "afib,svt", "--count", "3", "--seed", "2", "--html", file.path], input: "", progress: folder)
        #expect(made.status == 0)
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.contains("data:image\\/png;base64,"))
        for bad in [["--rhythms", "afibb,xyz"], ["--count", "0"], ["--mode", "essay"], ["--count", "999"], ["--time-limit", "1"]] {
            let result = try CommandLineRunner.run(["drill"] + bad + ["--html", folder.appendingPathComponent("x.html").path])
            #expect(result.status != 0, "\(bad)")
            #expect(result.standardError.contains("Error:"), "\(bad): \(result.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.html").path))
    }

    @Test("--time-limit: answers are timed against the target, sessions kept, --stats shows median times and the trend")
    func timedSessions() throws {
        let progress = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: progress) }
        for seed in ["3", "4"] {
            let result = try Self.run(
                ["drill", "--rhythms", "afib,nsr", "--count", "2", "--seed", seed, "--time-limit", "30"],
                input: "afib\nnsr\n", progress: progress)
            #expect(result.status == 0)
            #expect(result.standardOutput.contains("Timed: aim to name each rhythm within 30 s"))
            #expect(result.standardOutput.contains("(target 30 s)"))
            #expect(result.standardOutput.contains("Median time per strip: "))
            #expect(result.standardOutput.contains("Per rhythm (right/seen, median time):"))
        }
        let stats = try Self.run(["drill", "--stats"], input: "", progress: progress)
        #expect(stats.standardOutput.contains("time  rhythm"))
        #expect(stats.standardOutput.contains("Timed sessions, oldest first"))
        #expect(stats.standardOutput.contains("Trend: median "))
    }
}
