import ECGRender
import ECGSignal
import ECGSynth
import Foundation
import RhythmLibrary

/// Turns a plan into a finished strip: synthesis, measurement, both pictures.
/// Safe to share between threads.
public struct StripMaker: Sendable {
    /// Strip length in seconds.
    public var seconds: Double
    /// Sampling frequency of the synthesized records, Hz.
    public var samplingFrequency: Double
    public let renderer: StripRenderer

    /// Strip lengths a deck accepts: long enough to judge regularity, short
    /// enough to print across a portrait or landscape page at 25 mm/s.
    public static let secondsRange: ClosedRange<Double> = 3...10

    public init(seconds: Double = 6, samplingFrequency: Double = 250, style: StripStyle = StripStyle()) {
        self.seconds = seconds
        self.samplingFrequency = samplingFrequency
        renderer = StripRenderer(style: style)
    }

    public func make(_ plan: StripPlan, name: String) throws -> MadeStrip {
        var options = SynthesisOptions(
            seed: plan.seed, seconds: seconds, samplingFrequency: samplingFrequency,
            rate: plan.rate, snr: plan.snr, noise: plan.noise, recordName: name)
        let synthesizer = ECGSynthesizer()
        var ecg: SyntheticECG
        var rateWasDrawn = false
        do {
            ecg = try synthesizer.synthesize(plan.synthesisRhythm, options: options)
        } catch {
            // Some rhythms cannot make every rate of their criteria (the atrial
            // rate it needs is out of reach): let the definition draw its own.
            options.rate = nil
            rateWasDrawn = true
            ecg = try synthesizer.synthesize(plan.synthesisRhythm, options: options)
        }
        let figures = StripMeasurer.measure(ecg, rhythm: plan.rhythm)

        var question = StripPage.rhythmStrip(seconds: seconds)
        question.stripNumber = plan.number
        var answer = question
        answer.heartRate = figures.rate
        answer.overlays.beats = Self.marks(for: ecg)
        answer.title = Self.measuredLine(figures)
        answer.overlays.rhythmLabel = "Answer: " + plan.rhythm.name
        answer.overlays.intervals = StripMeasurer.calipers(for: ecg, figures: figures)

        let questionImage = try renderer.render(question, record: ecg.record)
        let answerImage = try renderer.render(answer, record: ecg.record)
        let millimetresPerPixel = 25.4 / renderer.style.dpi
        return MadeStrip(
            plan: plan, ecg: ecg, figures: figures,
            questionPNG: try questionImage.pngData(), answerPNG: try answerImage.pngData(),
            widthMillimetres: Double(questionImage.width) * millimetresPerPixel,
            heightMillimetres: Double(questionImage.height) * millimetresPerPixel,
            rateWasDrawn: rateWasDrawn)
    }

    /// Beat marks under every QRS (MIT code) and a `p` under every P wave, so
    /// the key shows how P waves and QRS complexes relate (AV blocks, dissociation).
    static func marks(for ecg: SyntheticECG) -> [BeatMark] {
        let fs = ecg.record.samplingFrequency
        return ecg.annotations.compactMap { annotation in
            if annotation.code.isBeat { return BeatMark(time: Double(annotation.sample) / fs, label: annotation.code.mnemonic) }
            if annotation.code == .pWave { return BeatMark(time: Double(annotation.sample) / fs, label: "p") }
            return nil
        }
    }

    /// The header of the answer picture beside the heart-rate box: the measured intervals.
    static func measuredLine(_ figures: StripFigures) -> String {
        "PR \(figures.pr.map(StripFigures.seconds) ?? (figures.prPattern == nil ? "n/a" : "varies"))   QRS \(figures.qrs.map(StripFigures.seconds) ?? "n/a")"
    }
}
