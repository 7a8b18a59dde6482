import RhythmLibrary
import Testing
@testable import RhythmTraining

@Suite("Review of measured figures against the rhythm's criteria")
struct FigureReviewTests {
    let vt = try! RhythmLibrary.builtIn.resolve("vt-mono")
    let nsr = try! RhythmLibrary.builtIn.resolve("nsr")

    func figures(rate: Int?, pr: Double?, qrs: Double?) -> StripFigures {
        StripFigures(rate: rate, atrialRate: nil, regularity: "regular", pWaves: "", pr: pr, qrs: qrs, source: "test")
    }

    @Test("figures inside the documented ranges raise nothing")
    func inside() {
        #expect(FigureReview.notes(for: figures(rate: 75, pr: 0.16, qrs: 0.08), rhythm: nsr).isEmpty)
        #expect(FigureReview.notes(for: figures(rate: 180, pr: nil, qrs: 0.16), rhythm: vt).isEmpty)
    }

    @Test("a narrow QRS on VT, a long PR on sinus rhythm and a slow rate are flagged")
    func outside() {
        let vtNotes = FigureReview.notes(for: figures(rate: 180, pr: nil, qrs: 0.07), rhythm: vt)
        #expect(vtNotes.count == 1 && vtNotes[0].contains("QRS 0.07 s"))
        let nsrNotes = FigureReview.notes(for: figures(rate: 40, pr: 0.36, qrs: nil), rhythm: nsr)
        #expect(nsrNotes.contains { $0.contains("rate 40/min") })
        #expect(nsrNotes.contains { $0.contains("PR 0.36 s") })
        #expect(nsrNotes.contains("QRS width not measured"))
    }
}
