@testable import ECGClassify
import Foundation
import Testing
import TestSupport

/// AF detection over all 26 shared MIT-BIH records, paced ones included
/// (skipped when ../shared/data/mitdb is absent or incomplete).
@Suite struct AtrialFibrillationAllRecordsTests {
    static let mitdb = SharedData.directory("mitdb")
    /// The shared set: the 26 annotated records of the public half.
    static var complete: Bool {
        guard let mitdb else { return false }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: mitdb.path)) ?? []
        return names.filter { $0.hasSuffix(".atr") }.count >= 26
    }

    /// Floors at the 95 % target, just below today's figures (all 26: duration
    /// Se 95.5 %, +P 95.3 %, with record 217's AF found between its demand-paced
    /// stretches; without the paced records 98.8 % and 97.4 %; 201 +P 97.0 %
    /// with its episodes ending at the termination pause).
    @Test(.enabled(if: complete, Comment(rawValue: SharedData.skipMessage("mitdb") + " (all 26 records needed)")))
    func grossDurationFiguresHold() throws {
        let report = try MITBIHAtrialFibrillationEvaluation(folder: try #require(Self.mitdb).path).run(classifier: RhythmClassifier())
        #expect(report.records.count == 26)
        #expect(try #require(report.durationSensitivity) >= 0.95)
        #expect(try #require(report.durationPositivePredictivity) >= 0.95)
        let record217 = try #require(report.records.first { $0.record == "217" })
        #expect(record217.referenceDuration > 0 && record217.overlapSensitivity / record217.referenceDuration >= 0.7, "217 duration Se")
        let nonPaced = report.withoutPacedRecords
        #expect(try #require(nonPaced.durationSensitivity) >= 0.985)
        #expect(try #require(nonPaced.durationPositivePredictivity) >= 0.97)
        let record201 = try #require(report.records.first { $0.record == "201" })
        #expect(record201.testDuration > 0 && record201.overlapPredictivity / record201.testDuration >= 0.95, "201 duration +P")
    }

    /// The AF found in the paced record 217 does not hang on how many beats either
    /// side decide a paced stretch: all 26 records at the 95 % target from 2 to 5
    /// (today 96.4-97.0 % Se, 95.5-96.0 % +P; 217 Se 82-86 %, +P 84-88 %). Before the
    /// paced stretches stopped ending episodes: 94.7 % Se at 5, 94.7 % +P at 4. The
    /// window acts only where demand pacing is found (217 alone, `DemandPacingTests`),
    /// so the other 25 records are scored once.
    @Test(.enabled(if: complete, Comment(rawValue: SharedData.skipMessage("mitdb") + " (all 26 records needed)")))
    func grossDurationFiguresHoldForEveryPacedWindow() throws {
        let folder = try #require(Self.mitdb).path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".atr") }.map { String($0.dropLast(4)) }
        let others = try MITBIHAtrialFibrillationEvaluation(folder: folder, records: names.filter { $0 != "217" }.sorted()).run(classifier: RhythmClassifier())
        for window in 2...5 {
            var classifier = RhythmClassifier()
            classifier.pacedWindow = window
            var report = try MITBIHAtrialFibrillationEvaluation(folder: folder, records: ["217"]).run(classifier: classifier)
            let record217 = try #require(report.records.first)
            report.records += others.records
            #expect(report.records.count == 26)
            #expect(try #require(report.durationSensitivity) >= 0.95, "window \(window)")
            #expect(try #require(report.durationPositivePredictivity) >= 0.95, "window \(window)")
            #expect(record217.overlapSensitivity / record217.referenceDuration >= 0.8, "217 duration Se, window \(window)")
            #expect(record217.overlapPredictivity / record217.testDuration >= 0.8, "217 duration +P, window \(window)")
        }
    }
}
