import ArgumentParser
import ECGRender
import Foundation
import RhythmTraining

/// `rhythmstrip deck`: a class set of rhythm strips with answer key, worksheet and quiz.
struct DeckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deck",
        abstract: "Make a class set of rhythm strips: PNGs with and without answers, answer key, printable worksheet, Moodle quiz.",
        discussion: """
            With no options: 40 strips of 6 s from every rhythm of the library, mixed \
            difficulty, into ./rhythm-deck. The seed is printed and stored in answers.json; \
            the same seed and options give byte-identical files.

            Writes strip-01.png ... (no answers), strip-01-answer.png ... (beat marks, rhythm, \
            measured rate, PR and QRS), answers.csv, answers.json, worksheet.html (print at \
            100 % on A4 or Letter: true scale), quiz-moodle.xml (Moodle XML, multiple choice, \
            images embedded), records/ (WFDB) and, with --html, drill.html (a browser drill).

            Examples:
              rhythmstrip deck
              rhythmstrip deck --course acls --count 20 --seed 2024 --out acls-week1
              rhythmstrip deck --rhythms afib,aflutter-variable,mat --count 12 --difficulty hard --html
              rhythmstrip deck --group av-block,bradycardia --theme bw --out handout
              rhythmstrip deck --rhythms afib:3,aflutter-variable:2,mat,sinus-arrhythmia --count 20
            """
    )

    @Option(help: ArgumentHelp("Rhythm ids or aliases, comma-separated (see `rhythmstrip rhythms`); weight one with id:N (afib:3 comes three times as often).", valueName: "ids"))
    var rhythms: String?

    @Option(help: ArgumentHelp("Rhythm groups, comma-separated: normal, bradycardia, narrow-complex-tachycardia, wide-complex-tachycardia, supraventricular, ventricular, av-block, bundle-branch-block, ectopy, cardiac-arrest-shockable, cardiac-arrest-non-shockable, paced.", valueName: "groups"))
    var group: String?

    @Option(help: ArgumentHelp("A built-in course: acls (the AHA ACLS provider course rhythms).", valueName: "name"))
    var course: String?

    @Option(help: "Number of strips (1-500).")
    var count: Int = 40

    @Option(help: "Seconds per strip (3-10).")
    var seconds: Double = 6

    @Option(help: ArgumentHelp("easy (clean, typical rates), mixed, or hard (noise, borderline rates, sparse ectopy).", valueName: "level"))
    var difficulty: String = "mixed"

    @Option(help: "Seed; the same seed gives identical files (default: a new random seed, printed).")
    var seed: UInt64?

    @Option(help: "Resolution of the PNGs in dots per inch (stored in the files for true-scale printing).")
    var dpi: Double = 200

    @Option(help: "Colours: classic (pink paper), monitor (green on black) or bw (greys, for photocopies).")
    var theme: String = "classic"

    @Flag(help: "Also write drill.html: a self-contained browser drill of the set.")
    var html = false

    @Flag(help: "Replace the output folder if it exists and is not empty.")
    var force = false

    @Option(help: "The folder to write.")
    var out: String = "rhythm-deck"

    func run() throws {
        guard let level = Difficulty(rawValue: difficulty) else {
            throw TrainingError("unknown --difficulty '\(difficulty)'; use easy, mixed or hard")
        }
        guard let theme = Theme.named(theme) else {
            throw TrainingError("unknown --theme '\(self.theme)'; use classic, monitor or bw")
        }
        let selection = try RhythmSelection.resolve(rhythms: rhythms, groups: group, course: course)
        let seed = self.seed ?? UInt64.random(in: 1...999_999)
        let request = DeckRequest(
            selection: selection, count: count, seconds: seconds, difficulty: level, seed: seed,
            dpi: dpi, theme: theme, html: html, force: force, output: URL(fileURLWithPath: out))
        let bar = ProgressBar(label: "Making strips")
        let started = Date()
        let summary = try DeckBuilder.build(request) { done, total in bar.update(done, of: total) }
        bar.finish()
        let elapsed = Date().timeIntervalSince(started)
        let rhythmCount = Set(summary.strips.map(\.plan.rhythm.id)).count
        print("wrote \(summary.strips.count) strips of \(rhythmCount) rhythms to \(out)/ in \(String(format: "%.1f", elapsed)) s (seed \(seed))")
        print("  strip-NN.png, strip-NN-answer.png, answers.csv, answers.json, worksheet.html, quiz-moodle.xml, records/\(html ? ", drill.html" : "")")
        print("  print worksheet.html at 100 % scale; import quiz-moodle.xml in Moodle's question bank (Moodle XML format)")
        if self.seed == nil { print("  same set again: add --seed \(seed)") }
        let flagged = summary.strips.filter { !$0.review.isEmpty }
        if !flagged.isEmpty {
            print("  check before class: \(flagged.count) strip(s) do not fully show their rhythm's documented criteria (strips \(flagged.map { String($0.plan.number) }.joined(separator: ", ")); 'review' in answers.csv/json)")
            if seconds < 6 { print("  \(String(format: "%g", seconds)) s is short for slow rhythms, pauses and ectopy patterns; --seconds 6 or more shows them") }
        }
    }
}

/// A one-line progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled: Bool
    private let lock = NSLock()
    private var last = -1

    init(label: String) {
        self.label = label
        enabled = isatty(STDERR_FILENO) == 1
    }

    func update(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        lock.withLock {
            let width = 30
            let filled = done * width / total
            guard filled != last || done == total else { return }
            last = filled
            let bar = String(repeating: "\u{2588}", count: filled) + String(repeating: "\u{2591}", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) \(bar) \(done)/\(total)".utf8))
        }
    }

    func finish() {
        guard enabled else { return }
        lock.withLock { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
