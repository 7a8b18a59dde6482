import Testing
@testable import ECGClassify

/// The QRS line a learner reads never contradicts itself around 0.12 s.
@Suite struct QRSWidthTextTests {
    @Test(arguments: [0.06, 0.08, 0.1149, 0.115, 0.118, 0.1199])
    func narrowWidthsAreShownUnderTheLimit(width: Double) {
        let text = LearnerExplanation.qrsText(width: width)
        #expect(text.contains("narrow (less than 0.12 s)"), "\(text)")
        #expect(!text.contains("about 0.12 s"), "\(text)")
        #expect(LearnerExplanation.shownWidth(width) < 0.12)
        #expect(abs(LearnerExplanation.shownWidth(width) - width) < 0.0101)
    }

    @Test(arguments: [0.12, 0.121, 0.126, 0.16])
    func wideWidthsAreShownAtOrOverTheLimit(width: Double) {
        let text = LearnerExplanation.qrsText(width: width)
        #expect(text.contains("wide (0.12 s or more)"), "\(text)")
        #expect(LearnerExplanation.shownWidth(width) >= 0.12)
        #expect(text.contains(String(format: "about %.2f s", width)), "\(text)")
    }
}
