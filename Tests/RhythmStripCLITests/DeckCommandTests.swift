import Foundation
import Testing
import TestSupport

@Suite("rhythmstrip deck")
struct DeckCommandTests {
    @Test("a small deck: files written, seed printed, the same seed gives identical files")
    func smallDeck() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try CommandLineRunner.run(["deck", "--course", "acls", "--count", "5", "--seed", "77", "--out", "a"], in: folder)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("wrote 5 strips"))
        #expect(first.standardOutput.contains("seed 77"))
        // No progress bar when standard error is not a terminal.
        #expect(first.standardError.isEmpty)
        let second = try CommandLineRunner.run(["deck", "--course", "acls", "--count", "5", "--seed", "77", "--out", "b"], in: folder)
        #expect(second.status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("a").path).sorted()
        #expect(names.contains("worksheet.html") && names.contains("quiz-moodle.xml") && names.contains("strip-05-answer.png"))
        for name in names where name != "records" {
            let a = try Data(contentsOf: folder.appendingPathComponent("a/\(name)"))
            let b = try Data(contentsOf: folder.appendingPathComponent("b/\(name)"))
            #expect(a == b, "\(name) differs between runs with the same seed")
        }
    }

    @Test("without a seed a new one is drawn, printed and stored")
    func printsSeed() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandLineRunner.run(["deck", "--rhythms", "nsr", "--count", "1", "--out", "d"], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        let seed = try #require(result.standardOutput.firstMatch(of: /seed (\d+)\)/)?.1)
        let json = try String(contentsOf: folder.appendingPathComponent("d/answers.json"), encoding: .utf8)
        #expect(json.contains("\"seed\" : \"\(seed)\""))
        #expect(result.standardOutput.contains("--seed \(seed)"))
    }

    @Test("bad input: a clear error, non-zero exit, nothing written", arguments: [
        (["--rhythms", "afib,mobits2"], "did you mean 'mobitz2'"),
        (["--count", "0"], "--count must be at least 1"),
        (["--count", "100000"], "more than the 500"),
        (["--group", "bradicardia"], "did you mean 'bradycardia'"),
        (["--course", "pals"], "unknown course 'pals'"),
        (["--difficulty", "extreme"], "unknown --difficulty"),
        (["--theme", "neon"], "unknown --theme"),
        (["--seconds", "60"], "--seconds must be 3 to 10"),
        (["--rhythms", "afib", "--course", "acls"], "only one of"),
    ])
    func badInput(arguments: [String], message: String) throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandLineRunner.run(["deck"] + arguments + ["--out", "deck"], in: folder)
        #expect(result.status != 0)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("an existing non-empty folder is refused unless --force; an unwritable place is an error")
    func outputFolder() throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("deck"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder.appendingPathComponent("deck/mine.txt"))
        let refused = try CommandLineRunner.run(["deck", "--count", "2", "--seed", "1", "--out", "deck"], in: folder)
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("not empty") && refused.standardError.contains("--force"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("deck/mine.txt").path))
        let forced = try CommandLineRunner.run(["deck", "--count", "2", "--seed", "1", "--force", "--out", "deck"], in: folder)
        #expect(forced.status == 0, "\(forced.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("deck/mine.txt").path))

        // A file where a folder is needed (root ignores permission bits, so a file stands in for an unwritable folder).
        try Data().write(to: folder.appendingPathComponent("plain-file"))
        let blocked = try CommandLineRunner.run(["deck", "--count", "2", "--out", "plain-file/deck"], in: folder)
        #expect(blocked.status != 0)
        #expect(blocked.standardError.contains("plain-file"))
        let staging = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("partial") }
        #expect(staging.isEmpty)
    }
}
