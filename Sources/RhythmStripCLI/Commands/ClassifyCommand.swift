import ArgumentParser
import ECGClassify
import ECGSignal
import Foundation
import RhythmLibrary

/// `rhythmstrip classify`: names the rhythm of a record, segment by segment, or of one strip.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Name the rhythm of a WFDB record (segments) or of one strip (with the reasons).",
        discussion: """
            Without --strip, the whole record is tracked: R peaks are found on all leads \
            together, beat features (R-R, beat shapes, P-wave consistency) computed once, \
            atrial fibrillation followed beat by beat (irregular R-R of the conducted beats \
            with no consistent P wave, at least 30 s), and the rest named in --window second \
            windows from rate, P waves, QRS width and ectopy (the strip classifier, on --lead, \
            only where these leave the rhythm open); equal neighbours are merged into \
            segments, each printed with its measurements. --annotate writes the rhythm \
            changes as a WFDB annotation file (`+` annotations with aux "(ID"), which WFDB \
            tools read.

            With --strip, one strip from --start for --seconds is named and explained in the \
            words a learner is taught (rate, rhythm, P waves, PR, QRS).

            Examples:
              rhythmstrip classify ../shared/data/mitdb/201 --window 10
              rhythmstrip classify ../shared/data/mitdb/201 --annotate --out 201.rhy
              rhythmstrip classify --strip ../shared/data/mitdb/201 --start 120 --seconds 6
            """
    )

    @Argument(help: ArgumentHelp("Record path without extension (DIR/NAME).", valueName: "record"))
    var record: String

    @Flag(help: "Name one strip and explain why (with --start and --seconds).")
    var strip = false

    @Option(help: "Start of the strip, seconds from the beginning of the record.")
    var start: Double = 0

    @Option(help: "Length of the strip in seconds (3-60).")
    var seconds: Double = 10

    @Option(help: "Window for naming the stretches outside atrial fibrillation, seconds (2-60).")
    var window: Double = 10

    @Option(help: "Lead number, counted from 0 (the strip classifier's lead; detection uses every lead).")
    var lead: Int = 0

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Write the rhythm changes as a WFDB annotation file.")
    var annotate = false

    @Option(help: ArgumentHelp("Annotation file to write with --annotate (default: RECORD.rhy beside the record).", valueName: "file"))
    var out: String?

    func validate() throws {
        guard lead >= 0 else { throw ValidationError("--lead must be 0 or more") }
        guard window >= 2, window <= 60 else { throw ValidationError("--window must be 2...60 seconds") }
        guard seconds >= 3, seconds <= 60 else { throw ValidationError("--seconds must be 3...60") }
        guard start >= 0, start.isFinite else { throw ValidationError("--start must be 0 or more seconds") }
        if strip && annotate { throw ValidationError("--annotate works on the whole record, not with --strip") }
        if out != nil && !annotate { throw ValidationError("--out is for --annotate") }
    }

    func run() throws {
        let ecg = try WFDB.readRecord(record)
        guard ecg.leads.indices.contains(lead) else {
            throw ValidationError("\(record): the record has \(ecg.leads.count) lead(s); there is no lead \(lead)")
        }
        guard ecg.length > 0 else { throw ValidationError("\(record): the record has no samples") }
        let classifier = RhythmClassifier()
        if strip {
            try runStrip(ecg, classifier: classifier)
        } else {
            try runRecord(ecg, classifier: classifier)
        }
    }

    private func runStrip(_ ecg: ECGRecord, classifier: RhythmClassifier) throws {
        let fs = ecg.samplingFrequency
        let first = Int((start * fs).rounded())
        guard first < ecg.length else {
            throw ValidationError("\(record): --start \(start) s is past the end of the record (\(String(format: "%.1f", ecg.duration)) s)")
        }
        let last = min(ecg.length, first + Int((seconds * fs).rounded()))
        let signal = Array(ecg.millivolts(lead: lead)[first..<last])
        let result = classifier.classifyStrip(signal, samplingFrequency: fs)
        if json {
            print(try JSONOutput.text(StripOutput(record: ecg.name, lead: lead, start: start, seconds: Double(last - first) / fs, classification: result)))
            return
        }
        let name = result.rhythmID.flatMap { id in classifier.library.definitions.first { $0.id == id }?.name } ?? "Cannot call"
        print("\(ecg.name) lead \(ecg.leads[lead].name), \(Self.time(start))-\(Self.time(Double(last) / fs)): \(name)\(result.rhythmID.map { " (\($0))" } ?? "") - confidence \(Int((result.confidence * 100).rounded())) %")
        if case .cannotTellOnOneLead(let candidates, _) = result.outcome {
            print("One lead cannot decide between: \(candidates.joined(separator: ", "))")
        }
        for line in result.explanation { print("  " + line) }
    }

    private func runRecord(_ ecg: ECGRecord, classifier: RhythmClassifier) throws {
        let segments = try classifier.classify(record: ecg, lead: lead, window: window)
        if annotate {
            let path = out ?? record + ".rhy"
            try WFDB.writeAnnotations(RhythmClassifier.annotations(for: segments), to: path)
            if !json { print("wrote \(segments.count) rhythm change(s) to \(path)") }
        }
        if json {
            print(try JSONOutput.text(RecordOutput(record: ecg.name, lead: lead, window: window, segments: segments)))
            return
        }
        for segment in segments {
            let m = segment.classification.measurements
            var parts = ["\(Self.time(segment.startTime))-\(Self.time(segment.endTime))", segment.label + String(repeating: " ", count: max(0, 18 - segment.label.count))]
            parts.append("conf \(Int((segment.classification.confidence * 100).rounded()))%")
            parts.append("rate \(m.ventricularRate.map { String(Int($0.rounded())) } ?? "-")")
            parts.append(m.regularity.rawValue)
            parts.append("P \(m.atrial.kind.rawValue)")
            parts.append("PR \(m.pr.seconds.map { String(format: "%.2f", $0) } ?? "-")")
            parts.append("QRS \(m.qrsWidth.map { String(format: "%.2f", $0) } ?? "-")")
            if m.ectopy.pattern != .none { parts.append("ectopy \(m.ectopy.pattern.rawValue)") }
            if m.pacing.spikeCount > 0 { parts.append("spikes \(m.pacing.spikeCount)") }
            print(parts.joined(separator: "  "))
        }
    }

    struct StripOutput: Encodable {
        var record: String
        var lead: Int
        var start: Double
        var seconds: Double
        var classification: StripClassification
    }

    struct RecordOutput: Encodable {
        var record: String
        var lead: Int
        var window: Double
        var segments: [RhythmSegment]
    }

    static func time(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.down))
        return String(format: "%d:%02d:%02d", total / 3600, (total / 60) % 60, total % 60)
    }
}
