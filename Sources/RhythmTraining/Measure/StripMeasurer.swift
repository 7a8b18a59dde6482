import ECGSignal
import ECGSynth
import ECGRender
import Foundation
import RhythmLibrary

/// Measures a synthesized strip the way the answer key reports it.
enum StripMeasurer {
    /// The figures for the answer key and the feedback.
    static func measure(_ strip: SyntheticECG, rhythm: RhythmDefinition) -> StripFigures {
        fromAnnotations(strip)
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
