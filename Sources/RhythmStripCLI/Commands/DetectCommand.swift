import ArgumentParser
import ECGDetect
import ECGSignal
import Foundation

/// `rhythmstrip detect`: R-peak detection on WFDB records, written as MIT
/// annotation files.
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Detect R peaks in WFDB records and write them as an MIT annotation file.",
        discussion: """
            Examples:
              rhythmstrip detect ../shared/data/mitdb/100 --out-dir out
              rhythmstrip detect ../shared/data/mitdb/*.hea --leads all --annotator rs --out-dir out

            Writes RECORD.ANNOTATOR (default .qrs) beside the record, or in --out-dir, \
            one N annotation per beat on the R peak (the QRS extremum, positive or \
            negative), its chan field set to the lead. --lead picks one lead (0 is \
            the first signal of the header); --leads all uses every lead: the first \
            lead's beats plus beats found on the others where the first has a gap. \
            Files are written all-or-nothing; progress goes to standard error.
            """
    )

    @Argument(help: "Records: DIR/NAME or DIR/NAME.hea.")
    var records: [String]

    @Option(help: "The lead to detect on, counting from 0.")
    var lead: Int?

    @Option(help: "Use every lead: 'all'.")
    var leads: String?

    @Option(help: "The annotator name, the extension of the output file.")
    var annotator: String = "qrs"

    @Option(help: "Write the annotation files to this folder instead of beside the records.")
    var outDir: String?

    func validate() throws {
        if let leads, leads != "all" { throw ValidationError("--leads takes 'all'") }
        if lead != nil && leads != nil { throw ValidationError("use --lead N or --leads all, not both") }
        if let lead, lead < 0 { throw ValidationError("--lead must be 0 or more") }
        guard !annotator.isEmpty, !annotator.contains("/"), !annotator.contains(".") else {
            throw ValidationError("--annotator must be a plain name such as qrs")
        }
    }

    func run() throws {
        RecordMemory.keepFreedMemoryMapped()
        if let outDir {
            try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        }
        let selection: LeadSelection = leads == "all" ? .all : .one(lead ?? 0)
        let started = Date()
        for (index, path) in records.enumerated() {
            let name = WFDB.recordPath(path)
            let (record, beats) = try Self.detect(recordAt: name, leads: selection)
            let channel = UInt8(clamping: selection.first)
            let annotations = beats.map { Annotation(sample: $0, code: .normal, channel: channel) }
            let output = Self.outputPath(record: name, annotator: annotator, outDir: outDir)
            try WFDB.writeAnnotations(annotations, to: output)
            if records.count > 1 {
                let line = "[\(index + 1)/\(records.count)] \(record.name): \(beats.count) beats → \(output)\n"
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
        if records.count > 1 {
            let seconds = Date().timeIntervalSince(started)
            let line = String(format: "%d records in %.2f s (%.1f ms per record)\n",
                              records.count, seconds, 1000 * seconds / Double(records.count))
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Which leads to detect on.
    enum LeadSelection {
        case one(Int)
        case all

        var first: Int {
            if case .one(let lead) = self { return lead }
            return 0
        }
    }

    static func outputPath(record: String, annotator: String, outDir: String?) -> String {
        let name = URL(fileURLWithPath: record).lastPathComponent
        if let outDir { return URL(fileURLWithPath: outDir).appendingPathComponent("\(name).\(annotator)").path }
        return "\(record).\(annotator)"
    }

    /// Reads a record and detects R peaks in it: the record as read and the
    /// beats; errors name the file.
    ///
    /// With one lead, only that lead is read (`WFDB.readRecord(_:leads:)`:
    /// every checksum verified, the other leads not stored, a lead the record
    /// lacks reported), so the record returned holds that lead alone.
    static func detect(recordAt path: String, leads: LeadSelection) throws -> (record: ECGRecord, beats: [Int]) {
        let record: ECGRecord
        switch leads {
        case .one(let lead): record = try WFDB.readRecord(path, leads: [lead])
        case .all: record = try WFDB.readRecord(path)
        }
        guard !record.leads.isEmpty else { throw CommandFailure("\(path).hea: the record has no signals") }
        let detector: RPeakDetector
        do {
            detector = try RPeakDetector(samplingFrequency: record.samplingFrequency)
        } catch let error as DetectionError {
            throw CommandFailure("\(path).hea: \(error.description)")
        }
        switch leads {
        case .one: return (record, detector.detect(record, lead: 0))
        case .all: return (record, try detector.detectAllLeads(record))
        }
    }
}

/// A command error whose message names the file at fault.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
