import ECGDetect
import ECGSignal
import Foundation

/// Runs the classifier over every annotated record of a MIT-BIH folder and
/// scores its atrial fibrillation segments against the reference rhythm labels.
public struct MITBIHAtrialFibrillationEvaluation: Sendable {
    public var folder: String
    public var window: Double
    public var lead: Int
    /// Only these records (all annotated records of the folder when nil).
    public var records: [String]?

    public init(folder: String, window: Double = 10, lead: Int = 0, records: [String]? = nil) {
        self.folder = folder
        self.window = window
        self.lead = lead
        self.records = records
    }

    /// Reference episodes of the labels whose aux text starts with `prefix`, in seconds.
    static func episodes(_ annotations: [Annotation], matching label: String, fs: Double, end: Double) -> [ClosedRange<Double>] {
        var result: [ClosedRange<Double>] = []
        var open: Double?
        for annotation in annotations where annotation.code == .rhythmChange {
            let text = (annotation.auxText ?? "").trimmingCharacters(in: .init(charactersIn: "\0 "))
            let t = Double(annotation.sample) / fs
            if text == label {
                if open == nil { open = t }
            } else if let start = open {
                result.append(start...t)
                open = nil
            }
        }
        if let start = open, end > start { result.append(start...end) }
        return result
    }

    public func run(classifier: RhythmClassifier) throws -> AtrialFibrillationReport {
        let names = try records ?? Self.recordNames(in: folder)
        var report = AtrialFibrillationReport(window: window)
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            let record = try WFDB.readRecord(path)
            let annotations = try WFDB.readAnnotations(path + ".atr")
            let fs = record.samplingFrequency
            let segments = try classifier.classify(record: record, lead: min(lead, record.leads.count - 1), window: window)
            let test = segments.filter { ["afib", "afib-rvr"].contains($0.label) }.map { $0.startTime...$0.endTime }
            let reference = Self.episodes(annotations, matching: "(AFIB", fs: fs, end: record.duration)
            let flutter = Self.episodes(annotations, matching: "(AFL", fs: fs, end: record.duration)
            report.records.append(AtrialFibrillationReport.score(
                record: name, reference: reference, test: test, flutter: flutter, end: record.duration))
        }
        return report
    }

    /// Records of a folder (its `RECORDS` file, else every header) that have reference annotations.
    static func recordNames(in folder: String) throws -> [String] {
        let names = try WFDB.recordNames(in: folder).filter {
            FileManager.default.fileExists(atPath: URL(fileURLWithPath: folder).appendingPathComponent($0 + ".atr").path)
        }
        guard !names.isEmpty else { throw ECGSignalError(path: folder, reason: "no WFDB records with .atr annotations") }
        return names
    }
}
