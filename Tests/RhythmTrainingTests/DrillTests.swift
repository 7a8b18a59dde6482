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
            selection: selection, mode: .name, timing: nil, pictureFolder: folder,
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

    @Test("timed: a right answer over the target is reported as slow, comes back five strips later and is not promoted; the summary gives median times")
    func timedRun() throws {
        var session = try DrillSession(selection: selection, count: 8, seed: 12, difficulty: .easy)
        let truth = session.queue.map(\.rhythm)
        let wrongForThird = truth[2].id == "afib" ? "nsr" : "afib"
        // Answer times (fake clock): 4 s right, 21 s right (slow), 6 s wrong, then stop.
        var script = [truth[0].id, truth[1].id, wrongForThird, "q"]
        var times: [Double] = [0, 4, 100, 121, 200, 206, 300]
        var output = ""
        var progress = DrillProgress()
        progress.rhythms[truth[1].id] = { var r = DrillProgress.RhythmRecord(); r.box = 3; return r }()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("drill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let runner = DrillRunner(
            selection: selection, mode: .name, timing: try DrillTiming(limit: 15), pictureFolder: folder,
            readLine: { script.isEmpty ? nil : script.removeFirst() },
            write: { output += $0 },
            clock: { times.isEmpty ? 999 : times.removeFirst() })
        try runner.run(&session, progress: &progress)
        #expect(output.contains("\u{2713} Right: \(truth[0].name)"))
        #expect(output.contains("Time: 4.0 s (target 15 s)"))
        #expect(output.contains("\u{2713} Right, but slow: \(truth[1].name)"))
        #expect(output.contains("Time: 21.0 s (over the 15 s target)"))
        #expect(output.contains("This rhythm comes back in \(DrillSession.slowRepeatGap) strips."))
        // Five strips after the slow answer (the later miss, scheduled three after itself, sits before it).
        #expect(session.queue[2 + DrillSession.slowRepeatGap].rhythm.id == truth[1].id)
        #expect(session.slowCount == 1 && session.score == 2)
        #expect(output.contains("Median time per strip: 6.0 s (target 15 s); 1 right answer was slow."))
        #expect(output.contains("(slow 1x)"))
        // Slow: the box stays; fast: it goes up.
        #expect(progress.rhythms[truth[1].id]?.box == 3 && progress.rhythms[truth[1].id]?.slow == 1)
        #expect(progress.rhythms[truth[0].id]?.box == 2)
        let sessions = try #require(progress.timedSessions)
        #expect(sessions == [DrillProgress.TimedSession(answered: 3, correct: 2, slow: 1, medianSeconds: 6, timeLimit: 15)])
    }

    @Test("--stats shows median times and the trend over timed sessions")
    func timedStatistics() throws {
        var progress = DrillProgress()
        progress.record(rhythm: "afib", answered: "afib", seconds: 20, timeLimit: 15)
        progress.record(rhythm: "afib", answered: "afib", seconds: 8, timeLimit: 15)
        progress.record(rhythm: "nsr", answered: "nsr", seconds: 4, timeLimit: 15)
        progress.sessions = 3
        progress.timedSessions = [
            .init(answered: 10, correct: 6, slow: 3, medianSeconds: 16, timeLimit: 15),
            .init(answered: 10, correct: 8, slow: 1, medianSeconds: 11, timeLimit: 15),
            .init(answered: 10, correct: 9, slow: 0, medianSeconds: 7.5, timeLimit: 15),
        ]
        let text = DrillRunner.statistics(progress, file: URL(fileURLWithPath: "/tmp/progress.json"))
        #expect(text.contains("time  rhythm"))
        #expect(text.contains("14.0 s  Atrial fibrillation with controlled ventricular response  (slow 1x)"))
        #expect(text.contains("Trend: median 16.0 s in the earlier sessions, 9.2 s in the later ones (faster)."))
        #expect(text.contains("    3    7.5 s    9/10   slow 0  (target 15 s)"))
        // Progress files from before timing was scored still load.
        let old = #"{"version":1,"sessions":2,"rhythms":{"nsr":{"seen":2,"correct":2,"box":3,"confusedWith":{},"secondsAnswering":5}}}"#
        let decoded = try JSONDecoder().decode(DrillProgress.self, from: Data(old.utf8))
        #expect(decoded.rhythms["nsr"]?.box == 3 && decoded.timedSessions == nil)
        #expect(throws: TrainingError.self) { try DrillTiming(limit: 0.5) }
    }
}
