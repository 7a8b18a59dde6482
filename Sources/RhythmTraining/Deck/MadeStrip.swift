import ECGSynth
import Foundation

/// One finished strip: the plan (with the seed that made it), the signal, the measured figures and both pictures.
public struct MadeStrip: Sendable {
    public var plan: StripPlan
    public var ecg: SyntheticECG
    public var figures: StripFigures
    /// The strip as the learner sees it: no answer.
    public var questionPNG: Data
    /// The same strip with the answer key: beat marks, rhythm name, measured rate, PR and QRS.
    public var answerPNG: Data
    /// Size of the question image in millimetres at true scale.
    public var widthMillimetres: Double
    public var heightMillimetres: Double
    /// Measured figures outside the rhythm's documented ranges (see `answers.json`, `review`).
    public var review: [String] {
        (missingFeature.map { ["does not show what defines \(plan.rhythm.name): \($0)"] } ?? [])
            + FigureReview.notes(for: figures, rhythm: plan.rhythm)
    }
    /// Whether the requested rate had to be dropped (the rhythm could not make it).
    public var rateWasDrawn: Bool
    /// The rhythm's defining feature when no seed tried could show it (`no PVC`).
    public var missingFeature: String?
}
