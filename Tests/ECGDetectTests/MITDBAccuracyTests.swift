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

    /// Scores each record, on the first lead or on all leads (the first
    /// leading, `detect(leads:)`); records run two at a time.
    static func score(_ names: [String], in directory: URL, allLeads: Bool = false) async throws -> [RecordScore] {
        try await withThrowingTaskGroup(of: (Int, RecordScore).self) { group in
            var scores = [RecordScore?](repeating: nil, count: names.count)
            var next = 0
            func add(_ group: inout ThrowingTaskGroup<(Int, RecordScore), Error>) {
                let index = next, name = names[index]
                next += 1
                group.addTask {
                    let path = directory.appendingPathComponent(name).path
                    let record = try WFDB.readRecord(path)
                    let detector = try RPeakDetector(samplingFrequency: record.samplingFrequency)
                    let beats = allLeads
                        ? try detector.detect(leads: (0..<record.leads.count).map { record.millivolts(lead: $0) })
                        : detector.detect(record.millivolts(lead: 0))
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

    /// The mitdb folder when it holds all 22 non-paced records; otherwise nil, after saying why.
    static func nonPacedRecordsDirectory() -> URL? {
        guard let directory = SharedData.directory("mitdb") else {
            print(SharedData.skipMessage("mitdb"))
            return nil
        }
        let present = nonPaced.filter {
            FileManager.default.fileExists(atPath: directory.appendingPathComponent("\($0).hea").path)
        }
        guard present.count == nonPaced.count else {
            print("skipped: ../shared/data/mitdb lacks some of the 22 non-paced records")
            return nil
        }
        return directory
    }

    @Test func nonPacedRecordsStayAtOrAboveTheRecordedAccuracy() async throws {
        guard let directory = Self.nonPacedRecordsDirectory() else { return }
        let scores = try await Self.score(Self.nonPaced, in: directory)
        let report = EvaluationReport(referenceAnnotator: "atr", testAnnotator: "rhythmstrip",
                                      window: 0.15, learningPeriod: 0, records: scores)
        print(report.table)
        // The targets are met: gross Se 99.85 %, +P 99.87 % when
        // committed, and no record below 99 % in either (lowest: 203 Se
        // 99.13 %, 207 +P 99.15 %, 108 +P 99.21 %). Floors at today's
        // figures, so a change that loses beats fails here. (203 lost one
        // beat, Se 99.13 -> 99.09 %, to the split-interval rule that removed
        // two false beats on 207 and 209 and four on the noise stress test
        // at 12 dB. The refractory period between R peaks took 9 false
        // beats, on 118, 203 and 207, and one real beat on 207; the rhythm
        // rules of noisy stretches found 3 more beats on 108 and 203 and
        // dropped one false beat on 108.)
        let gross = report.gross
        #expect((gross.sensitivity ?? 0) >= 99.84)
        #expect((gross.positivePredictivity ?? 0) >= 99.86)
        for score in scores {
            #expect((score.sensitivity ?? 0) >= 99.0 && (score.positivePredictivity ?? 0) >= 99.0, "\(score.record)")
            #expect((score.sensitivity ?? 0) >= (score.record == "203" ? 99.05 : 99.3), "\(score.record)")
            #expect((score.positivePredictivity ?? 0) >= (score.record == "108" ? 99.1 : 99.0), "\(score.record)")
        }
    }

    /// Both leads, the first leading, with the second confirming or adding
    /// beats (gross Se 99.86 %, +P 99.81 % when committed; lowest +P 203, 98.90 %).
    @Test func nonPacedRecordsWithTheSecondLeadAsHelper() async throws {
        guard let directory = Self.nonPacedRecordsDirectory() else { return }
        let scores = try await Self.score(Self.nonPaced, in: directory, allLeads: true)
        let gross = EvaluationReport(referenceAnnotator: "atr", testAnnotator: "rhythmstrip",
                                     window: 0.15, learningPeriod: 0, records: scores).gross
        #expect((gross.sensitivity ?? 0) >= 99.86)
        #expect((gross.positivePredictivity ?? 0) >= 99.80)
        for score in scores {
            #expect((score.sensitivity ?? 0) >= (score.record == "203" ? 99.1 : 99.3), "\(score.record)")
            #expect((score.positivePredictivity ?? 0) >= 98.8, "\(score.record)")
        }
    }

    /// The noise stress test record 118e12 (electrode motion at 12 dB SNR,
    /// MIT-BIH NST database), scored whole from sample 0 as EC57 scores it:
    /// the target is Se and +P at least 99 %, reached with both leads;
    /// the first lead alone is held at its committed level (Se 99.87 %, +P
    /// 98.91 %; 98.53 % before the split-interval rule took small beats on
    /// any lead and spans down to 85 % of the average interval, 97.93 %
    /// before the rule).
    @Test func noiseStressRecordAt12dB() async throws {
        guard let directory = SharedData.directory("nstdb"),
              FileManager.default.fileExists(atPath: directory.appendingPathComponent("118e12.hea").path)
        else {
            print(SharedData.skipMessage("nstdb") + " (or lacks 118e12)")
            return
        }
        let both = try await Self.score(["118e12"], in: directory, allLeads: true)[0]
        #expect((both.sensitivity ?? 0) >= 99.0)
        #expect((both.positivePredictivity ?? 0) >= 99.0)
        let first = try await Self.score(["118e12"], in: directory)[0]
        #expect((first.sensitivity ?? 0) >= 99.8)
        #expect((first.positivePredictivity ?? 0) >= 98.9)
    }

    /// The noise stress test, first lead: F1 floors just under the committed
    /// figures (100, 100, 99.54, 95.38, 88.01, 79.92 %; 99.96 % at 18 dB
    /// before search-back passed over one-sided steps, `SlopeBalance`). Before this
    /// session's rules: 99.98, 99.93, 99.39, 92.48, 82.65, 76.84 %; the
    /// refractory period between R peaks made 24 dB error-free, the rhythm
    /// rules of noisy stretches (`RhythmFit`) and the beats chosen by rhythm
    /// on heavy-noise stretches (`RhythmPathChooser`) gave the rest. At 24 and
    /// 18 dB the floor allows no error. The best open detectors, scored the same
    /// way (Benchmarks/Scripts/open_detectors.py): NeuroKit2 pantompkins1985
    /// 100.00 at 24 dB, 99.98 at 18 dB, 99.09 at 12 dB; kalidas2017 93.74 at
    /// 6 dB and 86.90 at 0 dB; zong2003 77.69 at −6 dB.
    @Test(arguments: [
        ("118e24", 99.99), ("118e18", 99.99), ("118e12", 99.5), ("118e06", 95.3), ("118e00", 87.9), ("118e_6", 79.8),
    ])
    func noiseStressRecordBeatsTheOpenDetectors(record: String, f1Floor: Double) async throws {
        guard let directory = SharedData.directory("nstdb"),
              FileManager.default.fileExists(atPath: directory.appendingPathComponent(record + ".hea").path)
        else {
            print(SharedData.skipMessage("nstdb") + " (or lacks \(record))")
            return
        }
        let first = try await Self.score([record], in: directory)[0]
        #expect((first.f1 ?? 0) >= f1Floor, "\(record)")
    }
}
