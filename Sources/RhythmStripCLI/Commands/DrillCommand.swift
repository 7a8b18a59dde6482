import ArgumentParser
import Foundation
import RhythmLibrary
import RhythmTraining

/// `rhythmstrip drill`: identify strips in the terminal, with feedback and spaced repetition.
struct DrillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Drill rhythm identification in the terminal (or export a browser drill with --html).",
        discussion: """
            Each strip is drawn in the terminal (braille characters) and saved as a PNG to \
            open beside it. Answer by number or name; ids, aliases and small typos are \
            accepted. After each answer: right or wrong, the deciding criteria, and the rate, \
            regularity, P waves, PR and QRS measured on that strip. Missed rhythms come back \
            three strips later, and more often in later sessions. --timed sets a target of \
            15 s per strip (--time-limit): a right answer over it is reported as slow, comes \
            back five strips later and does not count as learned; the summary shows the \
            median time per rhythm and --stats the trend over timed sessions. Progress is kept in \
            $RHYTHMSTRIP_PROGRESS_DIR, else $XDG_DATA_HOME/rhythmstrip, else \
            ~/.local/share/rhythmstrip (progress.json). Answers may come from a pipe.

            Examples:
              rhythmstrip drill
              rhythmstrip drill --course acls --mode multiple-choice --timed
              rhythmstrip drill --course acls --time-limit 10
              rhythmstrip drill --rhythms afib,aflutter-variable,mat --count 10
              rhythmstrip drill --stats
              rhythmstrip drill --course acls --count 30 --mode multiple-choice --html acls-drill.html
              rhythmstrip drill --course acls --timed --html acls-names.html
            """
    )

    @Option(help: ArgumentHelp("Rhythm ids or aliases, comma-separated.", valueName: "ids"))
    var rhythms: String?

    @Option(help: ArgumentHelp("Rhythm groups, comma-separated (as for deck).", valueName: "groups"))
    var group: String?

    @Option(help: ArgumentHelp("A built-in course: acls.", valueName: "name"))
    var course: String?

    @Option(help: "Number of strips (1-200).")
    var count: Int = 20

    @Option(help: "Seed (default: a new random seed).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("name (type the rhythm) or multiple-choice (pick one of five).", valueName: "mode"))
    var mode: String = "name"

    @Option(help: ArgumentHelp("easy, mixed or hard.", valueName: "level"))
    var difficulty: String = "mixed"

    @Flag(help: "Time each answer against a target (--time-limit): slow right answers come back sooner; the summary and --stats show median times.")
    var timed = false

    @Option(help: ArgumentHelp("Seconds allowed per strip in a timed drill (default 15; implies --timed).", valueName: "seconds"))
    var timeLimit: Double?

    @Flag(help: "Show the progress kept between sessions and exit.")
    var stats = false

    @Option(help: ArgumentHelp("Write a self-contained browser drill to FILE instead of drilling here; it starts in --mode (and timed with --timed or --time-limit), both switchable on the page.", valueName: "file"))
    var html: String?

    @Option(help: "Width of the terminal picture in characters (default: $COLUMNS, at most 160).")
    var width: Int?

    func run() throws {
        let progressFile = DrillProgress.file(in: DrillProgress.folder())
        if stats {
            let progress = try DrillProgress.load(from: progressFile)
            print(DrillRunner.statistics(progress, file: progressFile), terminator: "")
            return
        }
        guard let drillMode = DrillMode(rawValue: mode) else {
            throw TrainingError("unknown --mode '\(mode)'; use name or multiple-choice")
        }
        guard let level = Difficulty(rawValue: difficulty) else {
            throw TrainingError("unknown --difficulty '\(difficulty)'; use easy, mixed or hard")
        }
        guard count >= 1 else { throw TrainingError("--count must be at least 1, not \(count)") }
        let timing = timed || timeLimit != nil ? try DrillTiming(limit: timeLimit ?? DrillTiming.defaultLimit) : nil
        let selection = try RhythmSelection.resolve(rhythms: rhythms, groups: group, course: course)
        let seed = self.seed ?? UInt64.random(in: 1...999_999)

        if let html {
            let file = URL(fileURLWithPath: html)
            try DrillExport.write(
                selection: selection, count: count, difficulty: level, seed: seed, mode: drillMode, timing: timing, to: file)
            print("wrote \(html): a browser drill of \(count) strips (seed \(seed), \(drillMode == .name ? "type the name" : "multiple choice")\(timing.map { ", timed: \($0.limitText) per strip" } ?? "")); open it in any browser, no network needed")
            return
        }

        var progress = try DrillProgress.load(from: progressFile)
        var session = try DrillSession(
            selection: selection, count: count, seed: seed, difficulty: level,
            weights: progress.weights(for: selection.rhythms.map(\.id)))
        let columns = width ?? ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 100
        guard (20...400).contains(columns) else { throw TrainingError("--width must be 20 to 400 characters, not \(columns)") }
        var runner = DrillRunner(
            selection: selection, mode: drillMode, timing: timing,
            pictureFolder: progressFile.deletingLastPathComponent().appendingPathComponent("last-drill"),
            brailleColumns: min(160, columns - 2),
            readLine: { Swift.readLine(strippingNewline: true) },
            write: Self.write)
        runner.echoesInput = isatty(STDIN_FILENO) != 1
        Self.write("seed \(seed)\n")
        try runner.run(&session, progress: &progress)
        try progress.save(to: progressFile)
        Self.write("Progress saved to \(progressFile.path) (`rhythmstrip drill --stats` shows it).\n")
    }

    /// Unbuffered, so prompts appear before the program waits for an answer.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
