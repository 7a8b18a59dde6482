import ArgumentParser
import ECGDetect
import ECGSignal
import Foundation

/// `rhythmstrip evaluate`: beat-by-beat comparison of annotation files (EC57,
/// as WFDB `bxb` scores it), or detection and scoring of a whole database.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score detected beats against reference annotations, beat by beat (EC57, as bxb).",
        discussion: """
            Examples:
              rhythmstrip evaluate --reference atr --test qrs ../shared/data/mitdb/100 ../shared/data/mitdb/101
              rhythmstrip evaluate --test qrs --test-dir out ../shared/data/mitdb/*.hea --csv
              rhythmstrip evaluate --db ../shared/data/mitdb --exclude 102,104,107,217 --markdown report.md

            A test beat matches a reference beat within the match window (--window, \
            0.15 s). Only beat annotations count; reference beats inside ventricular \
            flutter ([ … ]) are not scored, nor extra test beats there. Scoring starts \
            after --learning seconds (bxb's -f; default 0 here, where bxb's default is \
            300) and ends at the end of the record. The matching follows bxb.c step by \
            step. Per record: TP, FN, FP, sensitivity, positive predictivity, F1, and \
            the mean and SD of the matched beats' offsets (test − reference); then the \
            gross (pooled) and average (mean of records) lines. \
            With --db DIR, every record of DIR (its RECORDS file, else every .hea) is \
            detected in this process (--lead / --leads all) and scored against \
            --reference; records without a reference file are skipped with a note.
            """
    )

    @Argument(help: "Records: DIR/NAME or DIR/NAME.hea.")
    var records: [String] = []

    @Option(help: "Detect and score every record of this folder.")
    var db: String?

    @Option(help: "The reference annotator (file extension).")
    var reference: String = "atr"

    @Option(help: "The test annotator (file extension); ignored with --db.")
    var test: String = "qrs"

    @Option(help: "Read the test annotation files from this folder instead of beside the records.")
    var testDir: String?

    @Option(help: "The match window in seconds.")
    var window: Double = 0.15

    @Option(help: "Learning period in seconds at the start of each record, not scored.")
    var learning: Double = 0

    @Option(help: "With --db: records to leave out, comma-separated (e.g. the paced 102,104,107,217).")
    var exclude: String?

    @Option(help: "With --db: the lead to detect on, counting from 0.")
    var lead: Int?

    @Option(help: "With --db: 'all' to detect on every lead.")
    var leads: String?

    @Flag(help: "Print JSON instead of the table.")
    var json = false

    @Flag(help: "Print CSV instead of the table.")
    var csv = false

    @Option(help: "Also write a Markdown report to this file.")
    var markdown: String?

    func validate() throws {
        guard window.isFinite, window > 0, window <= 10 else { throw ValidationError("--window must be between 0 and 10 seconds") }
        guard learning.isFinite, learning >= 0 else { throw ValidationError("--learning must be 0 or more seconds") }
        if json && csv { throw ValidationError("use --json or --csv, not both") }
        if db == nil && records.isEmpty { throw ValidationError("give records or --db DIR") }
        if db != nil && !records.isEmpty { throw ValidationError("give records or --db DIR, not both") }
        if let leads, leads != "all" { throw ValidationError("--leads takes 'all'") }
        if let lead, lead < 0 { throw ValidationError("--lead must be 0 or more") }
    }

    func run() throws {
        RecordMemory.keepFreedMemoryMapped()   // many records of one size, one after another
        let comparison = BeatComparison(window: window, learningPeriod: learning)
        var scores: [RecordScore] = []
        if let db {
            let selection: DetectCommand.LeadSelection = leads == "all" ? .all : .one(lead ?? 0)
            let excluded = Set((exclude ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let names = try WFDB.recordNames(in: db).filter { !excluded.contains($0) }
            for (index, name) in names.enumerated() {
                let path = URL(fileURLWithPath: db).appendingPathComponent(name).path
                let referencePath = "\(path).\(reference)"
                guard FileManager.default.fileExists(atPath: referencePath) else {
                    FileHandle.standardError.write(Data("skipped \(name): no \(referencePath)\n".utf8))
                    continue
                }
                let (record, beats) = try DetectCommand.detect(recordAt: path, leads: selection)
                let referenceBeats = try WFDB.readAnnotations(referencePath)
                scores.append(comparison.compare(
                    record: record.name, reference: referenceBeats,
                    test: beats.map { Annotation(sample: $0, code: .normal) },
                    samplingFrequency: record.samplingFrequency, recordLength: record.length))
                FileHandle.standardError.write(Data("[\(index + 1)/\(names.count)] \(name)\r".utf8))
            }
            FileHandle.standardError.write(Data("\n".utf8))
        } else {
            for record in records {
                let path = WFDB.recordPath(record)
                let header = try WFDBHeader(contentsOf: "\(path).hea")
                let referenceBeats = try WFDB.readAnnotations("\(path).\(reference)")
                let testPath = testDir.map {
                    URL(fileURLWithPath: $0).appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent).path
                } ?? path
                let testBeats = try WFDB.readAnnotations("\(testPath).\(test)")
                scores.append(comparison.compare(
                    record: header.recordName, reference: referenceBeats, test: testBeats,
                    samplingFrequency: header.samplingFrequency, recordLength: header.length))
            }
        }
        let report = EvaluationReport(
            referenceAnnotator: reference, testAnnotator: db == nil ? test : "rhythmstrip",
            window: window, learningPeriod: learning, records: scores)
        if json {
            print(String(decoding: try report.json(), as: UTF8.self))
        } else if csv {
            print(report.csv, terminator: "")
        } else {
            print(report.table, terminator: "")
        }
        if let markdown {
            try AtomicFileWriter.write([(markdown, Data(report.markdown.utf8))])
        }
    }
}
