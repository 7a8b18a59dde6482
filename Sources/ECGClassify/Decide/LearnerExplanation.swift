import Foundation
import RhythmLibrary

/// Writes a classification up the way a learner is taught to read a strip:
/// rate, rhythm, P waves, PR interval, QRS, then extras and the conclusion
/// with the library's own teaching text.
struct LearnerExplanation: Sendable {
    let library: RhythmLibrary

    func lines(for verdict: RhythmDecider.Verdict?, analysis: StripAnalysis, reason: String) -> [String] {
        let m = analysis.measurements
        var lines: [String] = []
        let arrest = ["asystole", "vf-coarse", "vf-fine"].contains(verdict?.id ?? "")
        if let rate = m.ventricularRate, !arrest {
            lines.append("Rate: ventricular about \(Int(rate.rounded()))/min (\(rateBand(rate))).")
        } else {
            lines.append("Rate: not measurable - no organised QRS complexes.")
        }
        lines.append("Rhythm: \(regularityText(m))")
        if !arrest {
            lines.append("P waves: \(pWaveText(m))")
            lines.append("PR interval: \(prText(m))")
            if let width = m.qrsWidth, m.pacing.filteredSpikes > 0, width < 0.12, verdict?.id.hasPrefix("paced") == true {
                // A paced QRS is wide; measured narrower on one lead, say why rather than call it narrow.
                lines.append(String(format: "QRS: about %.2f s on this lead, short for a paced QRS (0.12 s or more): part of the complex may be isoelectric on this lead, or the beats fuse with the patient's own; measure it on another lead.", Self.shownWidth(width)))
            } else if let width = m.qrsWidth {
                lines.append(Self.qrsText(width: width))
            } else {
                lines.append("QRS: width not measurable on this strip.")
            }
        } else {
            lines.append(String(format: "Waveform: %.2f mV peak to peak, dominant frequency %.1f Hz; %@.",
                                m.arrest.peakToPeak, m.arrest.dominantFrequency,
                                m.arrest.peakToPeak < 0.1 ? "essentially a flat line" : "no P, QRS or T waves"))
        }
        let e = m.ectopy
        if e.ventricularPremature > 0 {
            lines.append("Ectopy: \(e.ventricularPremature) premature wide beat(s) (PVCs)\(patternText(e.pattern)).")
        }
        if e.supraventricularPremature > 0 {
            lines.append("Ectopy: \(e.supraventricularPremature) early narrow beat(s) (PACs).")
        }
        if m.pacing.spikeCount > 0 {
            let filtered = m.pacing.filteredSpikes > 0 ? ", \(m.pacing.filteredSpikes) smoothed by the recorder's filter into a narrow deflection" : ""
            lines.append("Pacemaker spikes: \(m.pacing.spikeCount) (\(m.pacing.atrialSpikes) before P waves, \(m.pacing.ventricularSpikes) before QRS complexes\(filtered)).")
        }
        if m.signalQuality.score < 0.5 {
            lines.append("Signal quality: noisy; confirm on another lead.")
        }
        guard let verdict else {
            lines.append(reason)
            return lines
        }
        let definition = library.definitions.first { $0.id == verdict.id }
        lines.append("So: \(definition?.name ?? verdict.id). \(verdict.reason)")
        if let feature = definition?.criteria.features.first { lines.append("Remember: \(feature)") }
        if let tell = verdict.cannotTell { lines.append("Cannot tell on one lead: \(tell)") }
        if let definition, let confusion = definition.criteria.confusions.first(where: { verdict.alternatives.contains($0.id) }) {
            lines.append("Not \(confusion.id): \(confusion.how)")
        }
        if let definition, definition.group != .cardiacArrestShockable, verdict.id != "asystole" {
            lines.append("An organised rhythm on the monitor does not prove a pulse: check for one (no pulse = PEA, which a strip alone cannot show).")
        }
        return lines
    }

    /// The QRS line of a strip whose QRS measures `width` seconds.
    static func qrsText(width: Double) -> String {
        String(format: "QRS: %@, about %.2f s.", width >= 0.12 ? "wide (0.12 s or more)" : "narrow (less than 0.12 s)",
               shownWidth(width))
    }

    /// A QRS width to the hundredth of a second, on the same side of 0.12 s
    /// as the width itself: 0.118 s is shown as 0.11 s, since "narrow (less
    /// than 0.12 s), about 0.12 s" would contradict itself to a learner.
    static func shownWidth(_ width: Double) -> Double {
        let hundredths = (width * 100).rounded() / 100
        return width < 0.12 ? Swift.min(hundredths, 0.11) : hundredths
    }

    private func rateBand(_ rate: Double) -> String {
        if rate < 60 { return "bradycardia, below 60" }
        if rate > 100 { return "tachycardia, above 100" }
        return "normal, 60-100"
    }

    private func regularityText(_ m: StripMeasurements) -> String {
        let spread = m.rr.map { String(format: " (R-R %.2f-%.2f s)", $0.minimum, $0.maximum) } ?? ""
        switch m.regularity {
        case .regular: return "regular\(spread)."
        case .phasic: return "regularly irregular, speeding up and slowing down with breathing\(spread)."
        case .patterned: return "irregular in a repeating pattern (grouped beats)\(spread)."
        case .irregular: return "basically regular, interrupted by early beats or pauses\(spread)."
        case .irregularlyIrregular: return "irregularly irregular - no pattern to the R-R intervals\(spread)."
        case .none: return "no pattern - chaotic or absent activity."
        }
    }

    private func pWaveText(_ m: StripMeasurements) -> String {
        let a = m.atrial
        let rate = a.atrialRate.map { ", atrial rate about \(Int($0.rounded()))/min" } ?? ""
        switch a.kind {
        case .pWaves:
            let ratio = m.pToQRSRatio ?? 1
            if ratio > 1.3 { return "upright P waves, more P waves than QRS complexes\(rate)." }
            // Upright waves once per beat that are not at a PR distance before
            // the QRS (a T wave, a paced complex's first deflection) are not
            // P waves that conduct, and the rhythm was decided without them.
            return a.pWavesFound ? "upright P wave before each QRS\(rate)." : "no P wave at a steady PR before the QRS (the upright waves once per beat are not read as conducted P waves)."
        case .multiformPWaves: return "P waves of changing shape (three or more forms)\(rate)."
        case .retrogradePWaves: return "inverted (retrograde) P waves close to the QRS\(rate)."
        case .flutter: return "sawtooth flutter waves\(rate)."
        case .fibrillation: return "none - a wavy fibrillatory baseline instead."
        case .paced: return "paced."
        case .none: return "none seen."
        case .indeterminate: return "cannot be judged on this strip."
        }
    }

    private func prText(_ m: StripMeasurements) -> String {
        let pr = m.pr
        let value = pr.seconds.map { String(format: "%.2f s", $0) } ?? "not measurable"
        switch pr.pattern {
        case .constant: return "\(value), constant\(pr.seconds.map { $0 > 0.2 ? " and longer than 0.20 s" : "" } ?? "")."
        case .constantWithDroppedBeats: return "\(value), constant, with \(pr.droppedBeats) P wave(s) not followed by a QRS."
        case .progressiveLengthening: return String(format: "lengthens from %.2f to %.2f s until a P wave is dropped.", pr.minimum ?? 0, pr.maximum ?? 0)
        case .variableDissociated: return "varies at random: P waves and QRS complexes are unrelated."
        case .variable: return "\(value), varying from beat to beat."
        case .notMeasurable: return "not measurable."
        }
    }

    private func patternText(_ pattern: StripMeasurements.Ectopy.Pattern) -> String {
        switch pattern {
        case .bigeminy: return ", every other beat (bigeminy)"
        case .trigeminy: return ", every third beat (trigeminy)"
        case .couplets: return ", in pairs (couplets)"
        case .run: return ", three or more in a row (a run of VT)"
        default: return ""
        }
    }
}
