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

    /// How many seeds a strip may try to show its rhythm's defining feature
    /// (a PVC, a dropped P wave, a pause) before it is kept and flagged for review.
    static let attempts = 12

    public func make(_ plan: StripPlan, name: String) throws -> MadeStrip {
        var plan = plan
        var ecg: SyntheticECG
        var reading: StripReading
        var rateWasDrawn: Bool
        var attempt = 0
        repeat {
            // The first attempt uses the plan's seed; the others derive theirs from it,
            // so the deck stays reproducible and the key names the seed that made the strip.
            let seed = attempt == 0 ? plan.seed : Self.derivedSeed(plan.seed, attempt: attempt)
            (ecg, rateWasDrawn) = try synthesize(plan, seed: seed, name: name)
            reading = StripMeasurer.measure(ecg, rhythm: plan.rhythm)
            plan.seed = seed
            attempt += 1
        } while reading.missingFeature != nil && attempt < Self.attempts
        let figures = reading.figures

        var question = StripPage.rhythmStrip(seconds: seconds)
        // Plans numbered 0 (the browser drill's comeback strips) have no place in a deck to print.
        question.stripNumber = plan.number > 0 ? plan.number : nil
        var answer = question
        answer.heartRate = figures.rate
        answer.overlays.beats = Self.marks(for: ecg, rhythm: plan.rhythm)
        answer.title = Self.measuredLine(figures)
        answer.overlays.rhythmLabel = "Answer: " + plan.rhythm.name
        answer.overlays.intervals = reading.calipers

        let questionImage = try renderer.render(question, record: ecg.record)
        let answerImage = try renderer.render(answer, record: ecg.record)
        let millimetresPerPixel = 25.4 / renderer.style.dpi
        return MadeStrip(
            plan: plan, ecg: ecg, figures: figures,
            questionPNG: try questionImage.pngData(), answerPNG: try answerImage.pngData(),
            widthMillimetres: Double(questionImage.width) * millimetresPerPixel,
            heightMillimetres: Double(questionImage.height) * millimetresPerPixel,
            rateWasDrawn: rateWasDrawn, missingFeature: reading.missingFeature)
    }

    /// The strip of `plan` synthesized from `seed`, and whether the rate had to be left to the definition.
    func synthesize(_ plan: StripPlan, seed: UInt64, name: String) throws -> (SyntheticECG, Bool) {
        var options = SynthesisOptions(
            seed: seed, seconds: seconds, samplingFrequency: samplingFrequency,
            rate: plan.rate, snr: plan.snr, noise: plan.noise, recordName: name)
        let synthesizer = ECGSynthesizer()
        let rhythm = fitted(plan.synthesisRhythm)
        do {
            return (try synthesizer.synthesize(rhythm, options: options), false)
        } catch {
            // Some rhythms cannot make every rate of their criteria (the atrial
            // rate it needs is out of reach): let the definition draw its own.
            options.rate = nil
            return (try synthesizer.synthesize(rhythm, options: options), true)
        }
    }

    /// The definition with its sinus pauses due early enough to fit, whole, in
    /// the strip (the library spaces them for long recordings: 3.5-7 s apart).
    func fitted(_ rhythm: RhythmDefinition) -> RhythmDefinition {
        guard var pauses = rhythm.synthesis.atria.pauses else { return rhythm }
        let latest = max(0.6, seconds - pauses.length.upperBound - 0.4)
        guard pauses.interval.lowerBound > latest else { return rhythm }
        pauses.interval = ValueRange(min(0.5, latest), latest)
        var fitted = rhythm
        fitted.synthesis.atria.pauses = pauses
        return fitted
    }

    /// A further seed for the same strip (SplitMix64 finaliser of seed and attempt).
    static func derivedSeed(_ seed: UInt64, attempt: Int) -> UInt64 {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(attempt)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Beat marks under every QRS (MIT code) and a `p` under every P wave (`F`
    /// under every flutter wave), so the key shows how the atrial waves and
    /// the QRS complexes relate (AV blocks, dissociation, conduction ratios).
    /// A flutter wave hidden in a QRS is left unmarked, so the QRS mark shows.
    static func marks(for ecg: SyntheticECG, rhythm: RhythmDefinition) -> [BeatMark] {
        let fs = ecg.record.samplingFrequency
        let flutter = rhythm.synthesis.atria.mechanism == .flutter
        let beats = ecg.annotations.filter(\.code.isBeat).map(\.sample)
        return ecg.annotations.compactMap { annotation in
            let time = Double(annotation.sample) / fs
            if annotation.code.isBeat { return BeatMark(time: time, label: annotation.code.mnemonic) }
            guard annotation.code == .pWave else { return nil }
            if flutter {
                if beats.contains(where: { abs(Double($0 - annotation.sample) / fs) < 0.08 }) { return nil }
                return BeatMark(time: time, label: "F")
            }
            return BeatMark(time: time, label: "p")
        }
    }

    /// The header of the answer picture beside the heart-rate box: the measured
    /// intervals; no PR where no P wave conducts, nothing but that there are no
    /// complexes for VF and asystole.
    static func measuredLine(_ figures: StripFigures) -> String {
        guard let qrs = figures.qrs else { return "No QRS complexes" }
        var pr: String?
        if let value = figures.pr {
            pr = "PR \(StripFigures.seconds(value))"
        } else if let pattern = figures.prPattern {
            if pattern.hasPrefix("paced AV delay") { pr = "AV delay " + (pattern.split(separator: " ").dropFirst(3).first.map { "\($0) s" } ?? "") }
            else if pattern.hasPrefix("lengthens") { pr = "PR lengthening" }
            else if pattern.hasPrefix("varies: P waves and QRS") { pr = "P and QRS unrelated" }
            else { pr = "PR varies" }
        }
        return (pr.map { $0 + "   " } ?? "") + "QRS \(StripFigures.seconds(qrs))"
    }
}
