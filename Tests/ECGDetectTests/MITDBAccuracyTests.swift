import ECGSignal
import Foundation
import Testing
import TestSupport
@testable import ECGDetect

/// Accuracy regression over the MIT-BIH records in ../shared/data/mitdb, first
/// lead, whole records, scored as bxb scores them (150 ms, learning period 0).
@Suite struct MITDBAccuracyTests {
    static let nonPaced = [
        "101", "106", "108", "109", "112", "114", "115", "116", "118", "119", "122",
        "124", "201", "203", "205", "207", "208", "209", "215", "220", "223", "230",
    ]

    /// Scores the first lead of each record; records run two at a time.
    static func score(_ names: [String], in directory: URL) async throws -> [RecordScore] {
        try await withThrowingTaskGroup(of: (Int, RecordScore).self) { group in
            var scores = [RecordScore?](repeating: nil, count: names.count)
            var next = 0
            func add(_ group: inout ThrowingTaskGroup<(Int, RecordScore), Error>) {
                let index = next, name = names[index]
                next += 1
                group.addTask {
                    let path = directory.appendingPathComponent(name).path
                    let record = try WFDB.readRecord(path)
                    let beats = try RPeakDetector(samplingFrequency: record.samplingFrequency)
                        .detect(record.millivolts(lead: 0))
                    let reference = try WFDB.readAnnotations(path + ".atr")
                    return (index, BeatComparison().compare(
                        record: name, reference: reference,
                        test: beats.map { Annotation(sample: $0, code: .normal) },
                        samplingFrequency: record.samplingFrequency, recordLength: record.length))
                }
            }
            for _ in 0..<min(2, names.count) { add(&group) }
            while let (index, score) = try await group.next() {
                scores[index] = score
                if next < names.count { add(&group) }
            }
            return scores.compactMap { $0 }
        }
    }

    @Test func nonPacedRecordsStayAtOrAboveTheRecordedAccuracy() async throws {
        guard let directory = SharedData.directory("mitdb") else {
            print(SharedData.skipMessage("mitdb"))
            return
        }
        let present = Self.nonPaced.filter {
            FileManager.default.fileExists(atPath: directory.appendingPathComponent("\($0).hea").path)
        }
        guard present.count == Self.nonPaced.count else {
            print("skipped: ../shared/data/mitdb lacks some of the 22 non-paced records")
            return
        }
        let scores = try await Self.score(present, in: directory)
        let report = EvaluationReport(referenceAnnotator: "atr", testAnnotator: "rhythmstrip",
                                      window: 0.15, learningPeriod: 0, records: scores)
        print(report.table)
        // Floors at the accuracy measured when this detector was committed
        // (gross Se 99.75 %, +P 99.82 %; worst record 203 at Se 97.5 %): a
        // change that loses beats anywhere fails here. The target
        // (99.8 % gross, no record below 99 %) is not reached yet on 203.
        let gross = report.gross
        #expect((gross.sensitivity ?? 0) >= 99.74)
        #expect((gross.positivePredictivity ?? 0) >= 99.80)
        for score in scores {
            #expect((score.sensitivity ?? 0) >= (score.record == "203" ? 97.4 : 99.4), "\(score.record)")
            #expect((score.positivePredictivity ?? 0) >= 98.7, "\(score.record)")
        }
    }
}
