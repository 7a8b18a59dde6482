@testable import ECGClassify
import ECGSignal
import Foundation
import Testing
import TestSupport

/// The learner's "P waves:" line says "P wave before each QRS" only when the
/// classifier read P waves before the QRS complexes (`pWavesFound`), the
/// reading its decision rests on.
@Suite struct PWaveTextAgreesWithTheReadingTests {
    static let mitdb = SharedData.directory("mitdb")

    /// 217's paced stretches (underlying AF, no P waves): upright waves once per
    /// beat were described as "upright P wave before each QRS" next to a
    /// junctional label whose rule is "absent or inverted P waves".
    @Test(.enabled(if: mitdb != nil, Comment(rawValue: SharedData.skipMessage("mitdb"))),
          arguments: [("217", 120.0), ("217", 60.0), ("217", 180.0), ("101", 120.0), ("112", 600.0)])
    func pWaveLineFollowsThePWavesFound(name: String, start: Double) throws {
        guard let record = try SharedData.record(name, in: "mitdb") else { return }
        let fs = record.samplingFrequency
        let lead = record.millivolts(lead: 0)
        let strip = Array(lead[Int(start * fs)..<min(lead.count, Int((start + 6) * fs))])
        let result = RhythmClassifier().classifyStrip(strip, samplingFrequency: fs)
        let text = result.explanation.first { $0.hasPrefix("P waves:") } ?? ""
        if text.contains("P wave before each QRS") {
            #expect(result.measurements.atrial.pWavesFound, "\(name) at \(start) s: \(result.rhythmID ?? "-") reads \(text)")
        }
        if name == "217" { #expect(!text.contains("P wave before each QRS"), "217 at \(start) s: \(text)") }
    }
}
