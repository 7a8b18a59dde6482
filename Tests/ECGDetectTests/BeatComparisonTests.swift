import Foundation
import ECGSignal
import Testing
@testable import ECGDetect

@Suite struct BeatComparisonTests {
    private func beats(_ samples: [Int], _ code: AnnotationCode = .normal) -> [Annotation] {
        samples.map { Annotation(sample: $0, code: code) }
    }

    private func compare(_ reference: [Annotation], _ test: [Annotation], length: Int? = 10_000) -> RecordScore {
        BeatComparison().compare(record: "r", reference: reference, test: test,
                                 samplingFrequency: 360, recordLength: length)
    }

    @Test func matchesWithin150MillisecondsInclusive() {
        // 0.15 s at 360 Hz is 54 samples: 54 matches, 55 does not.
        let s = compare(beats([1000, 2000]), beats([1054, 2055]))
        #expect(s.truePositives == 1)
        #expect(s.falseNegatives == 1)
        #expect(s.falsePositives == 1)
        #expect(s.meanOffset == 54.0 / 360)
    }

    @Test func pairsEachReferenceBeatWithTheCloserTestBeat() {
        // Two test beats around one reference beat: the closer one matches.
        let s = compare(beats([1000]), beats([970, 1010]))
        #expect(s.truePositives == 1 && s.falsePositives == 1 && s.falseNegatives == 0)
        #expect(s.offsetSum * 360 == 10)
    }

    /// bxb.c's own example of its alternative match criterion (24 November
    /// 2002): a 37-sample window, reference beats at 96 and 160, test beats
    /// at 128 and 185. bxb pairs both (128 − 96 = 32 is no better than
    /// 160 − 128, but 185 − 160 = 15 shows that 160 belongs to 185); the
    /// original criterion counted one miss and one extra beat. The mirror
    /// case swaps the files (case 1 in place of case 3).
    @Test(arguments: [false, true])
    func alternativeCriterionOfBxbPairsBeatsLessThanTwoWindowsApart(swapped: Bool) {
        let reference = beats([96, 160]), test = beats([128, 185])
        let comparison = BeatComparison(window: 37.0 / 360)
        let s = comparison.compare(record: "r", reference: swapped ? test : reference, test: swapped ? reference : test,
                                   samplingFrequency: 360, recordLength: 1000)
        #expect(s.truePositives == 2 && s.falseNegatives == 0 && s.falsePositives == 0)
        #expect(s.offsetSum * 360 == (swapped ? -57 : 57))
    }

    @Test func onlyBeatCodesCount() {
        let reference = beats([1000, 2000]) + [Annotation(sample: 1500, code: .rhythmChange, auxText: "(N"),
                                               Annotation(sample: 2500, code: .noise)]
        let s = compare(reference.sorted { $0.sample < $1.sample },
                        beats([1000, 2000]) + [Annotation(sample: 3000, code: .note)])
        #expect(s.truePositives == 2 && s.falsePositives == 0 && s.falseNegatives == 0)
    }

    @Test func referenceBeatsInsideFlutterAreNotScoredNorExtraTestBeatsThere() {
        let reference = beats([500]) + [Annotation(sample: 900, code: .flutterStart)]
            + beats([1000, 1300], .pvc) + beats([1100, 1200, 1400], .flutterWave)
            + [Annotation(sample: 1600, code: .flutterEnd)] + beats([2000])
        let test = beats([500, 1000, 1150, 1450, 2000])
        let s = compare(reference, test)
        #expect(s.truePositives == 2)
        #expect(s.falseNegatives == 0)
        #expect(s.falsePositives == 0)
    }

    @Test func learningPeriodIsNotScored() {
        let reference = beats([100, 400, 2000, 3000])
        let test = beats([700, 2000, 3000])
        let scored = BeatComparison(learningPeriod: 1).compare(
            record: "r", reference: reference, test: test, samplingFrequency: 360, recordLength: 4000)
        // 100 is in the learning period (360 samples); 400 is scored and missed.
        #expect(scored.truePositives == 2 && scored.falseNegatives == 1 && scored.falsePositives == 1)
        let whole = compare(reference, test, length: 4000)
        #expect(whole.truePositives == 2 && whole.falseNegatives == 2 && whole.falsePositives == 1)
    }

    @Test func extraTestBeatsAfterTheLastReferenceCountWhenTheLengthIsKnown() {
        let withLength = compare(beats([1000]), beats([1000, 5000]), length: 6000)
        #expect(withLength.falsePositives == 1)
        // Without a record length bxb stops at the end of the reference file.
        let withoutLength = compare(beats([1000]), beats([1000, 5000]), length: nil)
        #expect(withoutLength.falsePositives == 0)
    }

    @Test func figuresAndReportLines() throws {
        let a = RecordScore(record: "a", truePositives: 98, falseNegatives: 2, falsePositives: 0)
        let b = RecordScore(record: "b", truePositives: 100, falseNegatives: 0, falsePositives: 100)
        #expect(a.sensitivity == 98)
        #expect(b.positivePredictivity == 50)
        let report = EvaluationReport(referenceAnnotator: "atr", testAnnotator: "qrs", window: 0.15,
                                      learningPeriod: 0, records: [a, b])
        #expect(report.gross.truePositives == 198)
        #expect(abs((report.gross.positivePredictivity ?? 0) - 100 * 198.0 / 298) < 1e-9)
        #expect(report.average.sensitivity == 99)
        #expect(report.average.positivePredictivity == 75)
        #expect(report.csv.split(separator: "\n").count == 5)
        #expect(report.table.contains("gross"))
        #expect(report.markdown.contains("| **average** |"))
        let json = try JSONSerialization.jsonObject(with: report.json()) as? [String: Any]
        #expect((json?["records"] as? [Any])?.count == 2)
    }
}
