import Foundation
import RhythmLibrary
import Testing
@testable import RhythmTraining

@Suite("Drill session, progress and terminal picture")
struct DrillTests {
    let selection = try! RhythmSelection.resolve(rhythms: "afib,nsr,mobitz2,vt-mono", groups: nil, course: nil)

    @Test("a missed rhythm comes back three strips later; the session keeps its length")
    func spacedRepetition() throws {
        var session = try DrillSession(selection: selection, count: 10, seed: 4, difficulty: .easy)
        let first = try #require(session.current)
        let wrong = first.rhythm.id == "nsr" ? "afib" : "nsr"
        let scheduled = session.answer(wrong)
        #expect(scheduled)
        #expect(session.queue.count == 10)
        let comeback = session.queue[DrillSession.repeatGap]
        #expect(comeback.rhythm.id == first.rhythm.id)
        #expect(comeback.seed != first.seed)
        #expect(session.queue.map(\.number) == Array(1...10))
        // A right answer schedules nothing.
        let next = try #require(session.current)
        let scheduledAgain = session.answer(next.rhythm.id)
        #expect(!scheduledAgain)
        #expect(session.score == 1)
        #expect(session.confusions.count == 1)
        #expect(session.confusions[0].rhythm == first.rhythm.id && session.confusions[0].answered == wrong)
    }

    @Test("progress: a miss sends a rhythm to box 1 and weights it up; it survives a save and load")
    func progress() throws {
        var progress = DrillProgress()
        for _ in 0..<3 { progress.record(rhythm: "nsr", answered: "nsr", seconds: 2) }
        progress.record(rhythm: "afib", answered: "mat", seconds: 5)
        #expect(progress.rhythms["nsr"]?.box == 4)
        #expect(progress.rhythms["afib"]?.box == 1)
        #expect(progress.rhythms["afib"]?.confusedWith == ["mat": 1])
        let weights = progress.weights(for: ["nsr", "afib", "svt"])
        #expect(weights["afib"]! > weights["svt"]! && weights["svt"]! > weights["nsr"]!)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = DrillProgress.file(in: folder)
        try progress.save(to: file)
        #expect(try DrillProgress.load(from: file) == progress)
        try Data("{not json".utf8).write(to: file)
        #expect(throws: TrainingError.self) { try DrillProgress.load(from: file) }
    }

    @Test("the progress folder follows RHYTHMSTRIP_PROGRESS_DIR, then XDG_DATA_HOME, then ~/.local/share")
    func progressFolder() {
        #expect(DrillProgress.folder(environment: ["RHYTHMSTRIP_PROGRESS_DIR": "/x/y", "XDG_DATA_HOME": "/d"]).path == "/x/y")
        #expect(DrillProgress.folder(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]).path == "/d/rhythmstrip")
        #expect(DrillProgress.folder(environment: ["HOME": "/h"]).path == "/h/.local/share/rhythmstrip")
    }

    @Test("braille picture: the requested size, a flat line on one row, a spike reaching the top")
    func braille() {
        let picture = BrailleStrip(columns: 40, rows: 6)
        var signal = [Float](repeating: 0, count: 400)
        let flat = picture.render(signal, samplingFrequency: 100)
        #expect(flat.count == 8)
        #expect(flat.prefix(6).allSatisfy { $0.unicodeScalars.count == 40 })
        let rowsWithInk = flat.prefix(6).filter { $0.unicodeScalars.contains { $0.value != 0x2800 } }
        #expect(rowsWithInk.count == 1)
        signal[200] = 3
        let spiked = picture.render(signal, samplingFrequency: 100)
        #expect(spiked[0].unicodeScalars.contains { $0.value != 0x2800 })
        #expect(spiked[6].hasPrefix("0s") && spiked[6].hasSuffix("4s"))
    }

    @Test("a scripted drill: right and wrong feedback with criteria and measured figures, then the summary")
    func scriptedRun() throws {
        var session = try DrillSession(selection: selection, count: 6, seed: 9, difficulty: .easy)
        let truth = session.queue.map(\.rhythm)
        let wrongForFirst = truth[0].id == "afib" ? "nsr" : "afib"
        // Nonsense, a wrong answer, the list, a right answer by id, then stop.
        var script = ["zzzz", wrongForFirst, "?", truth[1].id, "q"]
        var output = ""
        var progress = DrillProgress()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("drill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let runner = DrillRunner(
            selection: selection, mode: .name, timed: false, pictureFolder: folder,
            readLine: {
                guard !script.isEmpty else { return nil }
                return script.removeFirst()
            },
            write: { output += $0 })
        try runner.run(&session, progress: &progress)
        #expect(output.contains("I don't know 'zzzz'"))
        #expect(output.contains("\u{2717} Wrong: this is \(truth[0].name)"))
        #expect(output.contains("\u{2713} Right: \(truth[1].name)"))
        #expect(output.contains("Measured on this strip: rate "))
        #expect(output.contains("Deciding criteria:"))
        #expect(output.contains("comes back in 3 strips"))
        #expect(output.contains("Score: 1/2 (50%)"))
        #expect(output.contains("\(truth[0].name) -> answered"))
        #expect(progress.sessions == 1)
        #expect(progress.rhythms[truth[0].id]?.box == 1)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("strip-01.png").path))
    }
}
