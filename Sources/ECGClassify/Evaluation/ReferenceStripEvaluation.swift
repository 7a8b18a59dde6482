import ECGSignal
import Foundation

/// Names strips of annotated real records with the strip classifier (as
/// `rhythmstrip classify --strip` does) and scores each against the reference
/// rhythm of the stretch it lies in, by rhythm family (``StripRhythmReport``).
///
/// A strip starts every `every` seconds from `offset` and is kept only when it
/// lies wholly inside one reference rhythm stretch (from a `+` annotation to the
/// next). Sinus stretches (`(N`) are split by the beat labels of the strip: every
/// beat normal (`N`), every beat bundle branch block (`L` or `R`), or with other
/// beats (premature, escape, fusion, unclassified).
public struct ReferenceStripEvaluation: Sendable {
    public var folder: String
    /// Strip length, seconds.
    public var seconds: Double
    /// Seconds from one strip start to the next.
    public var every: Double
    /// Start of the first strip, seconds.
    public var offset: Double
    public var lead: Int
    /// Only these records (all annotated records of the folder when nil).
    public var records: [String]?

    public init(folder: String, seconds: Double = 10, every: Double = 60, offset: Double = 0, lead: Int = 0, records: [String]? = nil) {
        self.folder = folder
        self.seconds = seconds
        self.every = every
        self.offset = offset
        self.lead = lead
        self.records = records
    }

    public func run(classifier: RhythmClassifier) throws -> StripRhythmReport {
        var report = StripRhythmReport(seconds: seconds, every: every, offset: offset, lead: lead)
        for name in try records ?? MITBIHAtrialFibrillationEvaluation.recordNames(in: folder) {
            let path = (folder as NSString).appendingPathComponent(name)
            let record = try WFDB.readRecord(path)
            let annotations = try WFDB.readAnnotations(path + ".atr")
            report.strips += strips(of: record, annotations: annotations, classifier: classifier)
        }
        return report
    }

    /// The strips of one record with their reference category and the name given.
    func strips(of record: ECGRecord, annotations: [Annotation], classifier: RhythmClassifier) -> [StripRhythmReport.Strip] {
        let fs = record.samplingFrequency
        let signal = record.millivolts(lead: min(lead, record.leads.count - 1))
        let episodes = RhythmEpisode.episodes(in: annotations, recordLength: signal.count)
        let beats = annotations.filter(\.code.isBeat).sorted { $0.sample < $1.sample }
        let beatSamples = beats.map(\.sample)
        let length = Int((seconds * fs).rounded())
        guard length > 0, every > 0 else { return [] }
        var result: [StripRhythmReport.Strip] = []
        var start = offset
        while true {
            let first = Int((start * fs).rounded())
            let last = first + length
            if last > signal.count { break }
            defer { start += every }
            guard let episode = episodes.first(where: { $0.start <= first && last <= $0.end }) else { continue }
            let lo = beatSamples.partitionIndex { $0 >= first }, hi = beatSamples.partitionIndex { $0 >= last }
            let codes = Set(beats[lo..<hi].map(\.code))
            guard let category = StripRhythmReport.category(label: episode.label, beatCodes: codes) else { continue }
            let classification = classifier.classifyStrip(Array(signal[first..<last]), samplingFrequency: fs)
            result.append(.init(record: record.name, start: start, category: category,
                                named: classification.rhythmID ?? RhythmClassifier.indeterminateLabel,
                                qrsWidth: classification.measurements.qrsWidth))
        }
        return result
    }
}
