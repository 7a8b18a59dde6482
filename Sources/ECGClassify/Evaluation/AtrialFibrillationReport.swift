import Foundation

/// AF detection scored episode by episode as ANSI/AAMI EC57 prescribes and
/// the WFDB tool `epicmp -a` computes it: comparison starts 5 minutes into
/// the record; a reference episode is detected (episode Se) when any test
/// AF overlaps it; a test episode is true (episode +P) when it overlaps any
/// reference AF; for +P, reference atrial-flutter intervals are excluded
/// from the test episodes. Duration Se = overlap / reference AF time;
/// duration +P = overlap / test AF time.
public struct AtrialFibrillationReport: Sendable, Codable {
    public struct RecordResult: Sendable, Codable {
        public var record: String
        public var episodesDetected: Int
        public var episodesMissed: Int
        public var testEpisodesTrue: Int
        public var testEpisodesFalse: Int
        /// Seconds.
        public var referenceDuration: Double
        public var testDuration: Double
        public var overlapSensitivity: Double
        public var overlapPredictivity: Double
        /// The reference marks paced rhythm (`(P`) in this record.
        public var paced: Bool = false
    }

    public var records: [RecordResult] = []
    /// Analysis window of the classifier, seconds.
    public var window: Double

    public init(window: Double) { self.window = window }

    func sum(_ key: KeyPath<RecordResult, Int>) -> Int { records.reduce(0) { $0 + $1[keyPath: key] } }
    func sum(_ key: KeyPath<RecordResult, Double>) -> Double { records.reduce(0) { $0 + $1[keyPath: key] } }

    public var episodeSensitivity: Double? { Self.ratio(Double(sum(\.episodesDetected)), Double(sum(\.episodesDetected) + sum(\.episodesMissed))) }
    public var episodePositivePredictivity: Double? { Self.ratio(Double(sum(\.testEpisodesTrue)), Double(sum(\.testEpisodesTrue) + sum(\.testEpisodesFalse))) }
    public var durationSensitivity: Double? { Self.ratio(sum(\.overlapSensitivity), sum(\.referenceDuration)) }
    public var durationPositivePredictivity: Double? { Self.ratio(sum(\.overlapPredictivity), sum(\.testDuration)) }

    /// The same report without the paced records (EC57 leaves the paced
    /// MIT-BIH records 102, 104, 107 and 217 out of its headline figures).
    public var withoutPacedRecords: AtrialFibrillationReport {
        var report = self
        report.records = records.filter { !$0.paced }
        return report
    }
    func grossLine(_ title: String) -> String {
        "\(title): episode Se \(Self.percent(episodeSensitivity)) %, episode +P \(Self.percent(episodePositivePredictivity)) %, duration Se \(Self.percent(durationSensitivity)) %, duration +P \(Self.percent(durationPositivePredictivity)) %"
    }
    static func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 ? a / b : nil }
    static func percent(_ v: Double?) -> String { v.map { String(format: "%.1f", $0 * 100) } ?? "-" }

    /// Scores one record: reference and test AF episodes, AFL exclusions, in seconds.
    static func score(record: String, reference: [ClosedRange<Double>], test: [ClosedRange<Double>],
                      flutter: [ClosedRange<Double>], start: Double = 300, end: Double) -> RecordResult {
        func clip(_ r: ClosedRange<Double>) -> ClosedRange<Double>? {
            let lo = max(r.lowerBound, start), hi = min(r.upperBound, end)
            return hi > lo ? lo...hi : nil
        }
        func overlap(_ a: ClosedRange<Double>, _ b: [ClosedRange<Double>]) -> Double {
            b.reduce(0) { $0 + max(0, min(a.upperBound, $1.upperBound) - max(a.lowerBound, $1.lowerBound)) }
        }
        var detected = 0, missed = 0, refDuration = 0.0, overlapSe = 0.0
        for episode in reference.compactMap(clip) {
            refDuration += episode.upperBound - episode.lowerBound
            let o = overlap(episode, test)
            if o > 0 { detected += 1; overlapSe += o } else { missed += 1 }
        }
        var truePositive = 0, falsePositive = 0, testDuration = 0.0, overlapP = 0.0
        for episode in test.compactMap(clip) {
            let duration = episode.upperBound - episode.lowerBound - overlap(episode, flutter)
            // An episode entirely inside reference flutter is ignored.
            guard duration > 0 else { continue }
            testDuration += duration
            let o = overlap(episode, reference)
            if o > 0 { truePositive += 1; overlapP += o } else { falsePositive += 1 }
        }
        return RecordResult(record: record, episodesDetected: detected, episodesMissed: missed,
                            testEpisodesTrue: truePositive, testEpisodesFalse: falsePositive,
                            referenceDuration: refDuration, testDuration: testDuration,
                            overlapSensitivity: overlapSe, overlapPredictivity: overlapP)
    }

    public func terminalText() -> String {
        var lines = ["MIT-BIH atrial fibrillation (EC57 / epicmp -a, from 5 min; record tracker, AF episodes of 30 s or more)",
                     "record  ref eps  det  test eps  true   ref AF s  test AF s   DSe %   D+P %"]
        for r in records where r.referenceDuration > 0 || r.testDuration > 0 {
            lines.append(String(format: "%6@ %8d %4d %9d %5d %10.0f %10.0f %7@ %7@", r.record as NSString,
                                r.episodesDetected + r.episodesMissed, r.episodesDetected,
                                r.testEpisodesTrue + r.testEpisodesFalse, r.testEpisodesTrue,
                                r.referenceDuration, r.testDuration,
                                Self.percent(Self.ratio(r.overlapSensitivity, r.referenceDuration)) as NSString,
                                Self.percent(Self.ratio(r.overlapPredictivity, r.testDuration)) as NSString))
        }
        lines.append(grossLine("Gross, all \(records.count) records") + " (target: duration Se and +P >= 95 %)")
        let paced = records.filter(\.paced).map(\.record)
        if !paced.isEmpty { lines.append(withoutPacedRecords.grossLine("Gross without the paced records (\(paced.joined(separator: ", ")))")) }
        return lines.joined(separator: "\n")
    }

    public func markdown() -> String {
        var lines = ["## MIT-BIH Arrhythmia Database: atrial fibrillation", "",
                     "Scored as `epicmp -a` (EC57): from 5 minutes to the end of each record, reference AFL excluded from +P. Gross figures over \(records.count) records.", "",
                     "| | episode Se | episode +P | duration Se | duration +P |", "|---|---:|---:|---:|---:|",
                     "| gross | \(Self.percent(episodeSensitivity)) | \(Self.percent(episodePositivePredictivity)) | \(Self.percent(durationSensitivity)) | \(Self.percent(durationPositivePredictivity)) |",
                     "| gross without paced records | \(Self.percent(withoutPacedRecords.episodeSensitivity)) | \(Self.percent(withoutPacedRecords.episodePositivePredictivity)) | \(Self.percent(withoutPacedRecords.durationSensitivity)) | \(Self.percent(withoutPacedRecords.durationPositivePredictivity)) |", "",
                     "| record | reference AF (s) | test AF (s) | duration Se | duration +P |", "|---|---:|---:|---:|---:|"]
        for r in records where r.referenceDuration > 0 || r.testDuration > 0 {
            lines.append("| \(r.record) | \(Int(r.referenceDuration)) | \(Int(r.testDuration)) | \(Self.percent(Self.ratio(r.overlapSensitivity, r.referenceDuration))) | \(Self.percent(Self.ratio(r.overlapPredictivity, r.testDuration))) |")
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }
}

