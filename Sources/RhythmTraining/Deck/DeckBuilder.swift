import ECGRender
import ECGSignal
import Foundation
import RhythmLibrary

/// Makes a whole deck: plans the strips, makes them in parallel, writes every
/// file into a temporary folder beside the output and renames it into place
/// at the end, so an interrupted or failed run leaves nothing half-written.
public enum DeckBuilder {
    public static let generator = "rhythmstrip deck 0.1.0"

    /// Builds the deck; `progress(done, total)` is called as strips finish (from any thread).
    public static func build(
        _ request: DeckRequest, library: RhythmLibrary = .builtIn,
        progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws -> DeckSummary {
        guard StripMaker.secondsRange.contains(request.seconds) else {
            throw TrainingError("--seconds must be \(Int(StripMaker.secondsRange.lowerBound)) to \(Int(StripMaker.secondsRange.upperBound)), not \(ValueRange.format(request.seconds))")
        }
        guard StripStyle.dpiRange.contains(request.dpi) else {
            throw TrainingError("--dpi must be \(Int(StripStyle.dpiRange.lowerBound)) to \(Int(StripStyle.dpiRange.upperBound)), not \(ValueRange.format(request.dpi))")
        }
        let planner = DeckPlanner(
            selection: request.selection, count: request.count, difficulty: request.difficulty, seed: request.seed,
            weights: request.selection.weights)
        try planner.validate()
        let output = request.output.standardizedFileURL
        try OutputFolder.checkTarget(output, force: request.force)
        let plans = try planner.plan()

        let digits = max(2, String(plans.count).count)
        let names = plans.map { $0.name(digits: digits) }
        let maker = StripMaker(seconds: request.seconds, style: StripStyle(dpi: request.dpi, theme: request.theme))
        let strips = try makeAll(plans, names: names, maker: maker, progress: progress)
        let spares = request.html ? try makeSpares(for: plans, planner: planner, maker: maker) : []

        let staging = try OutputFolder.makeStaging(for: output)
        do {
            let files = try write(strips, spares: spares, names: names, request: request, library: library, into: staging)
            try OutputFolder.moveIntoPlace(staging, at: output, force: request.force)
            return DeckSummary(output: output, strips: strips, files: files, seed: request.seed)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
    }

    /// Every strip, made on all cores; the result does not depend on the order they finish in.
    static func makeAll(
        _ plans: [StripPlan], names: [String], maker: StripMaker, progress: @Sendable (Int, Int) -> Void
    ) throws -> [MadeStrip] {
        let results = ResultBox(count: plans.count)
        DispatchQueue.concurrentPerform(iterations: plans.count) { index in
            let result = Result { try maker.make(plans[index], name: names[index]) }
            let done = results.set(index, result)
            progress(done, plans.count)
        }
        return try results.values.map { result in
            do {
                return try result!.get()
            } catch {
                throw TrainingError("could not make a strip: \(error)")
            }
        }
    }

    /// The browser drill's comeback strips (`DeckPlanner.comebackPlans`), made on all cores.
    static func makeSpares(for plans: [StripPlan], planner: DeckPlanner, maker: StripMaker) throws -> [MadeStrip] {
        let spares = planner.comebackPlans(for: plans)
        return try makeAll(spares, names: spares.map { "spare-\($0.rhythm.id)" }, maker: maker, progress: { _, _ in })
    }

    private static func write(
        _ strips: [MadeStrip], spares: [MadeStrip], names: [String], request: DeckRequest, library: RhythmLibrary, into folder: URL
    ) throws -> [String] {
        var files: [String] = []
        func put(_ data: Data, _ name: String) throws {
            try AtomicFileWriter.write([(folder.appendingPathComponent(name).path, data)])
            files.append(name)
        }
        let records = folder.appendingPathComponent("records")
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: false)
        for (strip, name) in zip(strips, names) {
            try put(strip.questionPNG, "\(name).png")
            try put(strip.answerPNG, "\(name)-answer.png")
            let recordPath = records.appendingPathComponent(name).path
            try WFDB.writeRecord(strip.ecg.record, to: recordPath)
            try WFDB.writeAnnotations(strip.ecg.annotations, to: recordPath + ".atr")
            files += ["records/\(name).hea", "records/\(name).dat", "records/\(name).atr"]
        }
        let seedText = String(request.seed)
        let subtitle = "\(request.selection.title) \u{00B7} \(strips.count) strips of \(ValueRange.format(request.seconds)) s \u{00B7} \(request.difficulty.rawValue) \u{00B7} seed \(seedText)"
        let key = AnswerKey(
            deck: .init(
                seed: seedText, count: strips.count, seconds: request.seconds, difficulty: request.difficulty.rawValue,
                rhythms: request.selection.title, dpi: request.dpi, theme: request.theme.name,
                samplingFrequency: strips.first?.ecg.record.samplingFrequency ?? 0, generator: generator),
            strips: strips, names: names)
        try put(key.csv(), "answers.csv")
        try put(key.json(), "answers.json")
        let worksheet = Worksheet(title: "Rhythm strips", subtitle: subtitle, strips: strips, names: names)
        try put(Data(worksheet.html().utf8), "worksheet.html")
        let quiz = MoodleQuiz(
            category: "RhythmStrip/Deck \(seedText)", strips: strips, names: names,
            pool: request.selection.rhythms, library: library)
        try put(Data(quiz.xml().utf8), "quiz-moodle.xml")
        if request.html {
            let drill = HTMLDrill(
                title: "Rhythm drill", subtitle: subtitle, strips: strips, spares: spares, pool: request.selection.rhythms,
                library: library, seed: request.seed)
            try put(Data(try drill.html().utf8), "drill.html")
        }
        try put(Data(readme(subtitle: subtitle, html: request.html).utf8), "README.txt")
        return files
    }

    static func readme(subtitle: String, html: Bool) -> String {
        """
        Rhythm strip set: \(subtitle)

        strip-NN.png          the strips without answers (true scale: the DPI is stored in the PNG)
        strip-NN-answer.png   the same strips with the answer key: beat marks, rhythm, measured rate, PR, QRS
        worksheet.html        print at 100 % scale (A4 or Letter): numbered strips with blanks, answer sheet last
        answers.csv/.json     the answer key: rhythm id, name, ACLS group, measured figures, key features, seeds
        quiz-moodle.xml       Moodle: Question bank > Import > Moodle XML format (multiple choice, images embedded)
        \(html ? "drill.html            a self-contained browser drill (open it in any browser, works offline)\n" : "")records/              the WFDB records (lead II) with reference annotations (.atr)

        Made by \(generator); the same seed and options give identical files.

        """
    }
}

/// Results filled in from several threads.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Result<MadeStrip, Error>?]
    private var done = 0

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    /// Stores one result and returns how many are done.
    func set(_ index: Int, _ result: Result<MadeStrip, Error>) -> Int {
        lock.withLock {
            storage[index] = result
            done += 1
            return done
        }
    }

    var values: [Result<MadeStrip, Error>?] { lock.withLock { storage } }
}
