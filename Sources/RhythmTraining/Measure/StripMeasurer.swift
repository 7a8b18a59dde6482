import ECGSignal
import ECGSynth
import ECGClassify
import ECGRender
import Foundation
import RhythmLibrary

/// Measures a synthesized strip the way the answer key reports it.
enum StripMeasurer {
    /// The figures for the answer key and the feedback.
    ///
    /// The classifier measures the strip's own waveform (P waves, PR, QRS
    /// width, regularity) around the beats the synthesizer placed, so the
    /// rate always counts the real complexes even on a noisy strip.
    static func measure(_ strip: SyntheticECG, rhythm: RhythmDefinition) -> StripFigures {
        let fs = strip.record.samplingFrequency
        let peaks = strip.annotations.filter(\.code.isBeat).map(\.sample)
        let millivolts = strip.record.millivolts(lead: 0)
        let measured = RhythmClassifier().classifyStrip(millivolts, samplingFrequency: fs, rPeaks: peaks).measurements
        var result = figures(from: measured, beatCount: peaks.count)
        // The key must not contradict the rhythm's own criteria: where they say
        // there is no PR (AF, flutter, VT, junctional...) or no QRS (VF,
        // asystole), a number the classifier found is a mismeasurement.
        if rhythm.criteria.prInterval.seconds == nil {
            result.pr = nil
            if measured.pr.pattern != .variableDissociated { result.prPattern = nil }
        }
        if rhythm.criteria.qrs.seconds == nil { result.qrs = nil }
        return result
    }

    /// The answer-key figures from the classifier's measurements.
    static func figures(from m: StripMeasurements, beatCount: Int) -> StripFigures {
        let rate = beatCount >= 2 ? m.ventricularRate.map { Int($0.rounded()) } : nil
        let regularity = m.regularity == .irregularlyIrregular ? "irregularly irregular" : m.regularity.rawValue
        var p: String
        switch m.atrial.kind {
        case .pWaves: p = m.atrial.pWavePolarity < 0 ? "inverted" : "upright, uniform"
        case .multiformPWaves: p = "of three or more shapes"
        case .retrogradePWaves: p = "inverted (retrograde), near the QRS"
        case .flutter: p = "flutter waves (sawtooth)"
        case .fibrillation: p = "none; fibrillatory baseline"
        case .paced: p = "paced (spike, then P)"
        case .none: p = "none seen"
        case .indeterminate: p = "cannot tell (noise)"
        }
        if [.pWaves, .retrogradePWaves, .multiformPWaves].contains(m.atrial.kind) {
            if m.pr.pattern == .variableDissociated {
                p += ", unrelated to the QRS"
            } else if let ratio = m.pToQRSRatio, ratio > 1.15 {
                p += ", more P waves than QRS (\(String(format: "%.1f", ratio)):1)"
            } else if m.pr.droppedBeats == 0, m.pr.seconds != nil {
                p += ", one before each QRS"
            }
        }
        var prPattern: String?
        switch m.pr.pattern {
        case .progressiveLengthening: prPattern = "lengthening until a P wave is dropped"
        case .constantWithDroppedBeats: prPattern = "constant, with dropped P waves"
        case .variableDissociated: prPattern = "varies (P and QRS unrelated)"
        case .variable: prPattern = "varies"
        case .constant, .notMeasurable: prPattern = nil
        }
        var figures = StripFigures(
            rate: rate, atrialRate: m.atrial.atrialRate.map { Int($0.rounded()) }, regularity: regularity,
            pWaves: p, pr: m.pr.pattern == .variableDissociated ? nil : m.pr.seconds.flatMap(plausible(pr:)),
            qrs: beatCount > 0 ? m.qrsWidth.flatMap(plausible(qrs:)) : nil, source: "classifier")
        figures.prPattern = prPattern
        return figures
    }

    /// PR and QRS calipers for the answer picture, placed on one measured beat.
    static func calipers(for strip: SyntheticECG, figures: StripFigures) -> [IntervalMark] {
        []
    }

    /// Figures counted from the strip's reference annotations: beats, P waves.
    static func fromAnnotations(_ strip: SyntheticECG) -> StripFigures {
        let fs = strip.record.samplingFrequency
        let beats = strip.annotations.filter(\.code.isBeat).map { Double($0.sample) / fs }
        let pWaves = strip.annotations.filter { $0.code == .pWave }.map { Double($0.sample) / fs }
        let rate = Self.rate(of: beats)
        let atrialRate = Self.rate(of: pWaves)
        return StripFigures(
            rate: rate, atrialRate: atrialRate, regularity: regularity(of: beats),
            pWaves: pWaves.isEmpty ? "none seen" : (pWaves.count > beats.count + 1 ? "more P waves than QRS complexes" : "present"),
            pr: nil, qrs: nil, source: "reference annotations")
    }

    /// A PR no strip can show (below 0.06 s or above 0.60 s) is a failed measurement, not a finding.
    static func plausible(pr: Double) -> Double? { (0.06...0.60).contains(pr) ? pr : nil }

    /// Likewise a QRS below 0.04 s or above 0.30 s.
    static func plausible(qrs: Double) -> Double? { (0.04...0.30).contains(qrs) ? qrs : nil }

    /// Beats per minute from the mean interval of event times.
    static func rate(of times: [Double]) -> Int? {
        guard times.count >= 2, let first = times.first, let last = times.last, last > first else { return nil }
        return Int((60 * Double(times.count - 1) / (last - first)).rounded())
    }

    /// Regularity from the spread of successive R–R intervals.
    static func regularity(of beats: [Double]) -> String {
        guard beats.count >= 3 else { return "none" }
        let intervals = zip(beats.dropFirst(), beats).map { $0 - $1 }
        let mean = intervals.reduce(0, +) / Double(intervals.count)
        let spread = (intervals.max() ?? mean) - (intervals.min() ?? mean)
        return spread <= 0.12 * mean ? "regular" : "irregular"
    }
}
