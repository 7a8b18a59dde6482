import ECGSignal
import Foundation
import RhythmLibrary

/// Runs a drill session in a terminal: shows each strip, reads the answer,
/// gives feedback, saves progress. Input and output are closures so tests can
/// drive it with a script of answers.
public struct DrillRunner {
    public var selection: RhythmSelection
    public var mode: DrillMode
    /// The time target of a timed drill; nil for an untimed one.
    public var timing: DrillTiming?
    public var timed: Bool { timing != nil }
    public var maker: StripMaker
    public var library: RhythmLibrary
    /// Where the strip pictures go (`strip-03.png`, `strip-03-answer.png`).
    public var pictureFolder: URL
    public var brailleColumns: Int
    public var readLine: () -> String?
    public var write: (String) -> Void
    public var clock: () -> Double
    /// Repeat each answer read, so a log of piped answers reads as a dialogue.
    public var echoesInput = false

    public init(
        selection: RhythmSelection, mode: DrillMode, timing: DrillTiming?, maker: StripMaker = StripMaker(),
        library: RhythmLibrary = .builtIn, pictureFolder: URL, brailleColumns: Int = 100,
        readLine: @escaping () -> String?, write: @escaping (String) -> Void,
        clock: @escaping () -> Double = { Date().timeIntervalSinceReferenceDate }
    ) {
        self.selection = selection
        self.mode = mode
        self.timing = timing
        self.maker = maker
        self.library = library
        self.pictureFolder = pictureFolder
        self.brailleColumns = brailleColumns
        self.readLine = readLine
        self.write = write
        self.clock = clock
    }

    /// Runs the session to its end (or to the end of the input) and records it in `progress`.
    public func run(_ session: inout DrillSession, progress: inout DrillProgress) throws {
        try FileManager.default.createDirectory(at: pictureFolder, withIntermediateDirectories: true)
        // Pictures of an earlier session would be mistaken for this one's.
        for old in (try? FileManager.default.contentsOfDirectory(atPath: pictureFolder.path)) ?? []
        where old.hasPrefix("strip-") && old.hasSuffix(".png") {
            try? FileManager.default.removeItem(at: pictureFolder.appendingPathComponent(old))
        }
        let total = session.queue.count
        write("Rhythm drill: \(total) strips from \(selection.title) (\(session.difficulty.rawValue)).\n")
        if mode == .name { write(optionList() + "\n") }
        write("Answer by number or name (ids, aliases and small typos are fine); '?' lists the rhythms, 'q' stops.\n")
        if let timing {
            write("Timed: aim to name each rhythm within \(timing.limitText); a right answer slower than that comes back later.\n")
        }
        session: while let plan = session.current {
            let name = String(format: "strip-%02d", session.position + 1)
            let strip = try maker.make(plan, name: name)
            let questionFile = pictureFolder.appendingPathComponent("\(name).png")
            let answerFile = pictureFolder.appendingPathComponent("\(name)-answer.png")
            try AtomicFileWriter.write([(questionFile.path, strip.questionPNG)])
            write("\nStrip \(session.position + 1) of \(total)   (lead II, \(Int(maker.seconds)) s)\n")
            let braille = BrailleStrip(columns: brailleColumns, rows: 10)
            let millivolts = strip.ecg.record.millivolts(lead: 0)
            write(braille.render(millivolts, samplingFrequency: strip.ecg.record.samplingFrequency).joined(separator: "\n") + "\n")
            write("PNG: \(questionFile.path)\n")
            let options = mode == .multipleChoice ? multipleChoice(for: plan, seed: plan.seed) : selection.rhythms
            if mode == .multipleChoice {
                for (index, option) in options.enumerated() { write("  \(index + 1)) \(option.name)\n") }
            }
            let matcher = AnswerMatcher(options: options, library: library)
            let started = clock()
            var chosen: RhythmDefinition?
            while chosen == nil {
                write("Your answer: ")
                guard let line = readLine() else { break session }
                if echoesInput { write(line + "\n") }
                let text = line.trimmingCharacters(in: .whitespaces)
                if text == "q" || text == "quit" { break session }
                if text == "?" { write(list(options) + "\n"); continue }
                switch matcher.match(text) {
                case .rhythm(let rhythm): chosen = rhythm
                case .ambiguous(let rhythms):
                    write("'\(text)' could be \(rhythms.map(\.name).joined(separator: " or ")); be more precise.\n")
                case .unknown:
                    let hint = library.suggestions(for: text).compactMap { library.definition(named: $0)?.name }
                    write("I don't know '\(text)'" + (hint.isEmpty ? "" : "; did you mean \(hint.joined(separator: " or "))?") + " ('?' lists the rhythms)\n")
                }
            }
            guard let answer = chosen else { break }
            let seconds = max(0, clock() - started)
            try AtomicFileWriter.write([(answerFile.path, strip.answerPNG)])
            let slow = timing?.isSlow(seconds) ?? false
            let comesBack = session.answer(answer.id, seconds: seconds, slow: slow)
            progress.record(rhythm: plan.rhythm.id, answered: answer.id, seconds: seconds, timeLimit: timing?.limit)
            write(feedback(strip: strip, answer: answer, seconds: seconds, comesBack: comesBack, answerFile: answerFile))
        }
        if !session.answers.isEmpty {
            progress.sessions += 1
            if let timing, let median = DrillTiming.median(session.answers.map(\.seconds)) {
                progress.timedSessions = (progress.timedSessions ?? []) + [DrillProgress.TimedSession(
                    answered: session.answers.count, correct: session.score, slow: session.slowCount,
                    medianSeconds: (median * 10).rounded() / 10, timeLimit: timing.limit)]
            }
        }
        write(summary(session))
    }

    func multipleChoice(for plan: StripPlan, seed: UInt64) -> [RhythmDefinition] {
        var random = TrainingRandom(seed: seed ^ 0x4D43)
        let wrong = TeachingPoints.distractors(for: plan.rhythm, among: selection.rhythms, library: library, count: MoodleQuiz.distractorCount)
        return random.shuffled([plan.rhythm] + wrong)
    }

    func optionList() -> String { "Rhythms in this drill:\n" + list(selection.rhythms) }

    func list(_ options: [RhythmDefinition]) -> String {
        options.enumerated().map { "  \(String(format: "%2d", $0.offset + 1))) \($0.element.name)  [\($0.element.id)]" }.joined(separator: "\n")
    }

    func feedback(strip: MadeStrip, answer: RhythmDefinition, seconds: Double, comesBack: Bool, answerFile: URL) -> String {
        let rhythm = strip.plan.rhythm
        var text = ""
        let slow = answer.id == rhythm.id && (timing?.isSlow(seconds) ?? false)
        if answer.id == rhythm.id {
            text += "\u{2713} Right\(slow ? ", but slow" : ""): \(rhythm.name) (\(rhythm.group.title)).\n"
        } else {
            text += "\u{2717} Wrong: this is \(rhythm.name) (\(rhythm.group.title)); you answered \(answer.name).\n"
            if let how = TeachingPoints.howToTell(rhythm, from: answer) { text += "  Telling them apart: \(how)\n" }
        }
        if let timing {
            text += String(format: "  Time: %.1f s ", seconds)
                + (timing.isSlow(seconds) ? "(over the \(timing.limitText) target)\n" : "(target \(timing.limitText))\n")
        }
        text += "  Deciding criteria:\n"
        for item in TeachingPoints.criteria(of: rhythm) { text += "    \(item.label): \(item.text)\n" }
        for feature in rhythm.criteria.features { text += "    * \(feature)\n" }
        let f = strip.figures
        text += "  Measured on this strip: rate \(f.rateText), regularity \(f.regularity), P waves \(f.pWaves), PR \(f.prText), QRS \(f.qrsText)\n"
        text += "  Answer key: \(answerFile.path)\n"
        if comesBack {
            text += "  This rhythm comes back in \(slow ? DrillSession.slowRepeatGap : DrillSession.repeatGap) strips.\n"
        }
        return text
    }

    func summary(_ session: DrillSession) -> String {
        let answered = session.answers.count
        guard answered > 0 else { return "\nNo strips answered.\n" }
        var text = "\nScore: \(session.score)/\(answered) (\(Int((100 * Double(session.score) / Double(answered)).rounded()))%)\n"
        let times = session.medianSecondsByRhythm
        if let timing, let median = DrillTiming.median(session.answers.map(\.seconds)) {
            let slow = session.slowCount
            text += String(format: "Median time per strip: %.1f s", median) + " (target \(timing.limitText)); "
                + (slow == 0 ? "no right answer was slow.\n" : "\(slow) right answer\(slow == 1 ? " was" : "s were") slow.\n")
        }
        text += timed ? "Per rhythm (right/seen, median time):\n" : "Per rhythm:\n"
        for row in session.scoreByRhythm.sorted(by: { Double($0.right) / Double($0.total) < Double($1.right) / Double($1.total) }) {
            let time = timed ? times[row.rhythm.id].map { String(format: "  %5.1f s", $0) } ?? "" : ""
            let slow = session.answers.filter { $0.isSlow && $0.plan.rhythm.id == row.rhythm.id }.count
            text += "  \(row.right)/\(row.total)\(time)  \(row.rhythm.name)\(slow > 0 ? "  (slow \(slow)x)" : "")\n"
        }
        let confusions = session.confusions
        if confusions.isEmpty {
            text += "No confusions.\n"
        } else {
            text += "Confusions:\n"
            for confusion in confusions {
                let truth = library.definition(named: confusion.rhythm)?.name ?? confusion.rhythm
                let answered = library.definition(named: confusion.answered)?.name ?? confusion.answered
                text += "  \(truth) -> answered \(answered)\(confusion.count > 1 ? " (\(confusion.count)x)" : "")\n"
            }
        }
        return text
    }

    /// `drill --stats`: the saved progress, weakest rhythms first.
    public static func statistics(_ progress: DrillProgress, library: RhythmLibrary = .builtIn, file: URL) -> String {
        guard !progress.rhythms.isEmpty else {
            return "No drill progress yet (\(file.path)). Run `rhythmstrip drill` to start.\n"
        }
        let seen = progress.rhythms.values.reduce(0) { $0 + $1.seen }
        let correct = progress.rhythms.values.reduce(0) { $0 + $1.correct }
        var text = "Drill progress (\(file.path))\n"
        text += "Sessions: \(progress.sessions), strips answered: \(seen), right: \(correct) (\(Int((100 * Double(correct) / Double(max(1, seen))).rounded()))%)\n\n"
        let timedRhythms = progress.rhythms.values.contains { !($0.recentSeconds ?? []).isEmpty }
        text += timedRhythms ? "  right   seen  box    time  rhythm\n" : "  right   seen  box  rhythm\n"
        let rows = progress.rhythms.sorted { a, b in
            a.value.box != b.value.box ? a.value.box < b.value.box
                : (Double(a.value.correct) / Double(a.value.seen), a.key) < (Double(b.value.correct) / Double(b.value.seen), b.key)
        }
        for (id, entry) in rows {
            let name = library.definition(named: id)?.name ?? id
            let percent = Int((100 * Double(entry.correct) / Double(max(1, entry.seen))).rounded())
            var line = String(format: "  %4d%%  %5d  %3d  ", percent, entry.seen, entry.box)
            if timedRhythms { line += entry.medianSeconds.map { String(format: "%4.1f s  ", $0) } ?? "     -  " }
            text += line + name + ((entry.slow ?? 0) > 0 ? "  (slow \(entry.slow!)x)" : "") + "\n"
            let confusions = entry.confusedWith.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3)
            if !confusions.isEmpty {
                text += "                    mistaken for: " + confusions.map { "\(library.definition(named: $0.key)?.name ?? $0.key) (\($0.value)x)" }.joined(separator: ", ") + "\n"
            }
        }
        if timedRhythms { text += "  (time: median of the latest \(DrillProgress.recentLimit) timed answers)\n" }
        if let sessions = progress.timedSessions, !sessions.isEmpty {
            text += "\nTimed sessions, oldest first (median time per strip, right, slow):\n"
            let shown = sessions.suffix(10)
            for (offset, session) in shown.enumerated() {
                let number = sessions.count - shown.count + offset + 1
                text += String(format: "  %3d  %5.1f s  %3d/%-3d  ", number, session.medianSeconds, session.correct, session.answered)
                    + "slow \(session.slow)  (target \(DrillTiming.secondsText(session.timeLimit)))\n"
            }
            text += trend(sessions)
        }
        text += "\nBox 1 = missed last time (comes up most often); box 5 = mastered.\n"
        return text
    }

    /// How the median time moved: the earlier half of the timed sessions against the later half.
    static func trend(_ sessions: [DrillProgress.TimedSession]) -> String {
        guard sessions.count >= 2 else { return "Trend: one timed session so far; run another to see the trend.\n" }
        let half = sessions.count / 2
        guard let before = DrillTiming.median(sessions.prefix(half).map(\.medianSeconds)),
              let after = DrillTiming.median(sessions.suffix(sessions.count - half).map(\.medianSeconds)) else { return "" }
        let change = after - before
        let direction = abs(change) < 0.5 ? "about the same" : (change < 0 ? "faster" : "slower")
        return String(format: "Trend: median %.1f s in the earlier sessions, %.1f s in the later ones (", before, after) + direction + ").\n"
    }
}
