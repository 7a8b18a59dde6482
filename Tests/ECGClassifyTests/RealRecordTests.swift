import ECGClassify
import ECGSignal
import Foundation
import Testing
import TestSupport

/// Regression on PhysioNet records (skipped when ../shared/data is absent).
@Suite struct RealRecordTests {
    static let mitdb = SharedData.directory("mitdb")
    static let vfdb = SharedData.directory("vfdb")

    /// Records 201 and 203 hold atrial fibrillation, 115 and 220 sinus rhythm
    /// (220 with atrial premature beats). The classifier must find most of the
    /// AF and call little AF elsewhere. (The full database runs in
    /// `rhythmstrip evaluate-rhythm --mitdb`.)
    @Test(.enabled(if: mitdb != nil, Comment(rawValue: SharedData.skipMessage("mitdb"))))
    func findsAtrialFibrillationInMITBIH() throws {
        let report = try MITBIHAtrialFibrillationEvaluation(folder: try #require(Self.mitdb).path, records: ["115", "201", "203", "220"]).run(classifier: RhythmClassifier())
        #expect(report.records.count == 4)
        let se = try #require(report.durationSensitivity)
        let pp = try #require(report.durationPositivePredictivity)
        // Regression floors below today's figures (see the evaluate-rhythm report), not the targets.
        #expect(se >= 0.6, "duration Se \(se)")
        #expect(pp >= 0.4, "duration +P \(pp)")
    }

    @Test(.enabled(if: vfdb != nil, Comment(rawValue: SharedData.skipMessage("vfdb"))))
    func tellsShockableRhythmsInVFDB() throws {
        let report = try ShockableEvaluation(folder: try #require(Self.vfdb).path, records: ["418", "422", "426"]).run(classifier: RhythmClassifier())
        // Regression floors at today's figures on these three records (418, 422, 426); the AHA goals are not met yet.
        let vf = try #require(report.categories[0].performance)
        let sinus = try #require(report.categories[3].performance)
        #expect(report.categories[0].windows > 20)
        #expect(vf >= 0.5, "VF Se \(vf)")
        #expect(sinus >= 0.7, "NSR Sp \(sinus)")
    }
}
