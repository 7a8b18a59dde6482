import ECGRender
import ECGSignal
import ECGSynth
import Foundation
import RhythmLibrary

/// What the answer key says about one strip, and what the answer picture marks.
struct StripReading: Sendable {
    var figures: StripFigures
    /// PR and QRS calipers on representative beats, for the answer picture.
    var calipers: [IntervalMark]
    /// The feature that defines the rhythm, when this strip does not show it
    /// (`no PVC on this strip`): such a strip would teach the wrong thing.
    var missingFeature: String?
}

/// Measures a synthesized strip for the answer key and the drill feedback.
///
/// The deck knows what it generated: rates and the P-to-QRS relation come from
/// the strip's reference annotations (every QRS, P wave and pacemaker spike
/// the synthesizer placed), PR and QRS are read with calipers on the
/// noise-free signal, and the words come from the mechanism the rhythm's
/// definition synthesizes. So the key never says "flutter waves" outside
/// flutter, never gives a PR where P waves do not conduct, and never gives P
/// waves or a PR to VF, VT, torsades or asystole.
enum StripMeasurer {
    static let source = "generated strip: reference annotations and noise-free signal"

    static func measure(_ strip: SyntheticECG, rhythm: RhythmDefinition) -> StripReading {
        Reading(strip: strip, rhythm: rhythm).result()
    }

    /// The answer-key figures (without calipers).
    static func figures(_ strip: SyntheticECG, rhythm: RhythmDefinition) -> StripFigures {
        measure(strip, rhythm: rhythm).figures
    }
}

/// One strip being read.
private struct Reading {
    typealias S = SynthesisParameters

    let strip: SyntheticECG
    let rhythm: RhythmDefinition
    let reader: CleanSignalReader
    let fs: Double
    let beats: [Annotation]
    let pWaves: [Annotation]
    let spikes: [Int]
    let ectopicCode: AnnotationCode?
    /// Beats of the underlying rhythm (all beats but the ectopic ones).
    let dominant: [Annotation]
    let ectopic: [Annotation]

    var synthesis: S { rhythm.synthesis }
    var mechanism: S.AtrialMechanism { synthesis.atria.mechanism }
    var origin: S.VentricularOrigin { synthesis.ventricles.origin }
    var mode: S.ConductionMode? { synthesis.conduction?.mode }
    /// P waves that conduct to the ventricles: the only ones with a PR.
    var atriaConduct: Bool {
        [.sinus, .multifocal, .paced].contains(mechanism) && origin == .conducted && mode != S.ConductionMode.none
    }

    init(strip: SyntheticECG, rhythm: RhythmDefinition) {
        self.strip = strip
        self.rhythm = rhythm
        reader = CleanSignalReader(strip)
        fs = strip.record.samplingFrequency
        beats = strip.annotations.filter(\.code.isBeat)
        pWaves = strip.annotations.filter { $0.code == .pWave }
        spikes = strip.annotations.filter { $0.code == .pacemakerSpike }.map(\.sample)
        switch rhythm.synthesis.ectopy?.kind {
        case .pvc?: ectopicCode = .pvc
        case .pac?: ectopicCode = .atrialPremature
        case nil: ectopicCode = nil
        }
        let code = ectopicCode
        dominant = beats.filter { $0.code != code }
        ectopic = code == nil ? [] : beats.filter { $0.code == code }
    }

    func seconds(_ samples: Int) -> Double { Double(samples) / fs }

    // MARK: Events

    /// Each beat of the underlying rhythm with the P wave in front of it (the
    /// last P wave since the previous beat, less than 0.6 s before it).
    var pairs: [(p: Annotation, beat: Annotation)] {
        var result: [(Annotation, Annotation)] = []
        var lastP: Annotation?
        for annotation in strip.annotations {
            if annotation.code == .pWave { lastP = annotation; continue }
            guard annotation.code.isBeat else { continue }
            defer { lastP = nil }
            // A retrograde P wave belongs to the QRS it is closest to.
            let reach = origin == .junctional ? 0.2 : 0.6
            guard let p = lastP, annotation.code != ectopicCode, seconds(annotation.sample - p.sample) < reach else { continue }
            result.append((p, annotation))
        }
        return result
    }

    /// P waves followed by another P wave with no QRS between: not conducted.
    var droppedPWaves: Int {
        var count = 0
        var previousWasP = false
        for annotation in strip.annotations {
            if annotation.code == .pWave {
                if previousWasP { count += 1 }
                previousWasP = true
            } else if annotation.code.isBeat {
                previousWasP = false
            }
        }
        return count
    }

    /// Atrial waves (P or flutter waves) per QRS for each R-R interval, as a
    /// reader counts them: the R-R interval in typical P-P (F-F) intervals.
    var wavesPerBeat: [Int] {
        guard let cycle = Self.median(pp), cycle > 0 else { return [] }
        return rr.map { Int(($0 / cycle).rounded()) }
    }

    var rr: [Double] { zip(beats.dropFirst(), beats).map { seconds($0.sample - $1.sample) } }
    var pp: [Double] { zip(pWaves.dropFirst(), pWaves).map { seconds($0.sample - $1.sample) } }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Beats far enough from the strip's ends to measure their whole complex.
    func inside(_ beat: Annotation) -> Bool {
        beat.sample >= Int(0.15 * fs) && beat.sample < strip.cleanMillivolts.count - Int(0.25 * fs)
    }

    // MARK: Figures

    func result() -> StripReading {
        var figures = StripFigures(
            rate: rate, atrialRate: atrialRate, regularity: regularity, pWaves: pWaveText,
            pr: nil, qrs: nil, source: StripMeasurer.source)
        var calipers: [IntervalMark] = []
        let pr = prReading()
        figures.pr = pr.value
        figures.prPattern = pr.pattern
        calipers += pr.calipers
        let qrs = qrsReading(caliperBeat: pr.caliperBeat)
        figures.qrs = qrs.value
        figures.qrsNote = qrs.note
        calipers += qrs.calipers
        return StripReading(figures: figures, calipers: calipers, missingFeature: missingFeature)
    }

    /// Ventricular rate per minute: complexes over the span they cover.
    var rate: Int? {
        guard beats.count >= 2, let first = beats.first, let last = beats.last, last.sample > first.sample else { return nil }
        return Int((60 * Double(beats.count - 1) / seconds(last.sample - first.sample)).rounded())
    }

    /// Atrial rate from the typical P-P (or F-F) interval, where the atria make discrete waves.
    var atrialRate: Int? {
        guard [.sinus, .multifocal, .paced, .flutter].contains(mechanism), let interval = Self.median(pp), interval > 0 else { return nil }
        return Int((60 / interval).rounded())
    }

    var regularity: String {
        guard beats.count >= 3 else {
            if origin == .fibrillation { return "none (no QRS complexes)" }
            return beats.isEmpty ? "none (no complexes)" : "cannot be judged (fewer than three QRS complexes)"
        }
        let intervals = rr
        let mean = intervals.reduce(0, +) / Double(intervals.count)
        let spread = (intervals.max() ?? mean) - (intervals.min() ?? mean)
        let regular = spread <= 0.12 * mean
        if rhythm.criteria.regularity.kind == .irregularlyIrregular && !regular { return "irregularly irregular" }
        if let ectopy = synthesis.ectopy, !ectopic.isEmpty {
            let early = ectopy.kind == .pvc ? "PVC" : "PAC"
            switch ectopy.pattern {
            case .bigeminy: return "regularly irregular: every second beat is an early \(early)"
            case .trigeminy: return "regularly irregular: every third beat is an early \(early)"
            case .couplets: return "regular underlying rhythm, interrupted by pairs of early \(early)s"
            case .random: return "regular underlying rhythm, interrupted by " + (ectopic.count > 1 ? "early \(early)s" : "an early \(early)")
            }
        }
        if mode == .wenckebach, droppedPWaves > 0 { return "regularly irregular: groups of beats, each ending in a pause" }
        if mode == .mobitz2, droppedPWaves > 0 { return "regular, with a pause where a P wave is not conducted" }
        if synthesis.atria.pauses != nil, let longest = intervals.max(), longest > 1.5 * (Self.median(intervals) ?? longest) {
            return "regular, with a pause of \(String(format: "%.1f", longest)) s"
        }
        if regular { return "regular" }
        if rhythm.criteria.regularity.kind == .phasic { return "irregular: the rate rises and falls with breathing" }
        if mechanism == .flutter { return "irregular: the conduction ratio changes" }
        return "irregular"
    }

    var pWaveShape: String {
        guard let amplitude = synthesis.atria.pWave?.amplitude else { return "upright" }
        if amplitude.lowerBound >= 0 { return "upright" }
        if amplitude.upperBound <= 0 { return "inverted" }
        return "of varying shape"
    }

    var pWaveText: String {
        switch mechanism {
        case .fibrillation:
            return "none; fibrillatory (f) waves"
        case .flutter:
            let counts = Set(wavesPerBeat)
            let rateText = atrialRate.map { " at \($0)/min" } ?? ""
            let conduction: String
            if counts.count == 1, let k = counts.first, k > 0 { conduction = "\(k):1 conduction" }
            else if let low = counts.min(), let high = counts.max(), low > 0 { conduction = "conduction varying from \(low):1 to \(high):1" }
            else { conduction = "" }
            return "none; sawtooth flutter (F) waves\(rateText)" + (conduction.isEmpty ? "" : ", \(conduction)")
        case .multifocal:
            return "three or more shapes, one before each QRS"
        case .paced:
            return origin == .paced
                ? "paced: an atrial spike, then a P wave, before each ventricular spike"
                : "paced: a spike before each P wave, one P wave before each QRS"
        case .sinus:
            let shape = pWaveShape
            if mode == S.ConductionMode.none {
                return "\(shape), regular, unrelated to the QRS complexes (AV dissociation): \(pWaves.count) P waves, \(beats.count) QRS"
            }
            if ectopicCode == .pvc, !ectopic.isEmpty {
                return "\(shape) sinus P wave before each narrow QRS; none before the PVCs"
            }
            if ectopicCode == .atrialPremature, !ectopic.isEmpty {
                return "\(shape) sinus P waves; each early beat has an early P wave of a different shape"
            }
            let dropped = droppedPWaves
            if dropped > 0, mode == .ratio {
                let counts = Set(wavesPerBeat)
                if counts.count == 1, let k = counts.first { return "\(shape), regular, \(k) P waves for each QRS (\(k):1 block)" }
                return "\(shape), regular, more P waves than QRS complexes"
            }
            if dropped > 0 {
                return "\(shape), regular; \(dropped == 1 ? "one P wave is" : "\(dropped) P waves are") not followed by a QRS"
            }
            if synthesis.atria.pauses != nil, let typical = Self.median(pp), let longest = pp.max(), longest > 1.5 * typical {
                return "\(shape), one before each QRS; none during the pause"
            }
            return "\(shape), uniform, one before each QRS"
        case .none:
            switch origin {
            case .junctional:
                let before = pairs.count
                if pWaves.isEmpty { return "none visible (hidden in the QRS)" }
                return before > 0 ? "inverted (retrograde), just before each QRS" : "inverted (retrograde), just after each QRS"
            case .paced:
                return "none related to the QRS"
            case .fibrillation, .none:
                return "none"
            case .ventricular, .torsades, .conducted:
                return "none seen"
            }
        }
    }

    // MARK: PR

    struct PRReading {
        var value: Double?
        var pattern: String?
        var calipers: [IntervalMark] = []
        var caliperBeat: Annotation?
    }

    /// PR of each paired beat: P onset to QRS onset, read on the noise-free signal.
    /// Where the P wave rides on the T wave (fast rates) its onset is taken
    /// from the peak and the P wave's documented duration.
    func measuredPRs() -> [(beat: Annotation, pStart: Int, qrsOnset: Int, pr: Double)] {
        let halfP = 0.72 * 0.5 * (synthesis.atria.pWave?.duration.midpoint ?? 0.09)
        var read: [(Annotation, Int, Int, Double)] = []
        var estimated: [(Annotation, Int, Int, Double)] = []
        for (p, beat) in pairs {
            let onset = reader.qrsBoundaries(at: beat.sample).onset
            if let start = reader.pOnset(at: p.sample) {
                read.append((beat, start, onset, seconds(onset - start)))
            } else {
                let start = p.sample - Int((halfP * fs).rounded())
                estimated.append((beat, start, onset, seconds(onset - start)))
            }
        }
        return read.isEmpty ? estimated : read
    }

    func prReading() -> PRReading {
        if mechanism == .paced, origin == .paced {
            // Atrial spike to ventricular spike: the programmed AV delay.
            let delays = zip(spikes, spikes.dropFirst()).map { seconds($1 - $0) }.filter { $0 < 0.35 }
            guard let delay = Self.median(delays) else { return PRReading() }
            return PRReading(pattern: "paced AV delay \(StripFigures.seconds(delay)) (atrial to ventricular spike)")
        }
        if mechanism == .sinus, mode == S.ConductionMode.none {
            return PRReading(pattern: "varies: P waves and QRS complexes are unrelated")
        }
        let conducting = atriaConduct || (origin == .junctional && rhythm.criteria.prInterval.seconds != nil)
        guard conducting else { return PRReading() }
        let prs = measuredPRs()
        guard let typical = Self.median(prs.map(\.pr)) else {
            return PRReading(pattern: atriaConduct ? "not measurable on this strip" : nil)
        }
        func caliper(_ item: (beat: Annotation, pStart: Int, qrsOnset: Int, pr: Double)) -> IntervalMark {
            IntervalMark(kind: .pr, start: seconds(item.pStart), end: seconds(item.qrsOnset))
        }
        let candidates = prs.filter { inside($0.beat) }.isEmpty ? prs : prs.filter { inside($0.beat) }
        let closest = candidates.min { abs($0.pr - typical) < abs($1.pr - typical) }!
        let low = prs.map(\.pr).min()!, high = prs.map(\.pr).max()!
        // The figure printed is the one the caliper shows.
        let shown = Self.sameReading(closest.pr, typical) ? typical : closest.pr
        var reading = PRReading(value: shown, calipers: [caliper(closest)], caliperBeat: closest.beat)
        switch (mechanism, mode) {
        case (_, .wenckebach?) where high - low >= 0.03:
            let shortest = candidates.min { $0.pr < $1.pr }!, longest = candidates.max { $0.pr < $1.pr }!
            reading.value = nil
            reading.pattern = "lengthens from \(StripFigures.seconds(low)) to \(StripFigures.seconds(high))"
                + (droppedPWaves > 0 ? ", then a P wave is not conducted" : "")
            reading.calipers = [caliper(shortest)] + (longest.beat.sample != shortest.beat.sample ? [caliper(longest)] : [])
            reading.caliperBeat = shortest.beat
        case (.multifocal, _) where high - low >= 0.03:
            reading.value = nil
            reading.pattern = "varies from \(StripFigures.seconds(low)) to \(StripFigures.seconds(high))"
        case (_, .mobitz2?):
            let dropped = droppedPWaves
            if dropped > 0 { reading.pattern = "constant in the conducted beats; \(dropped == 1 ? "one P wave" : "\(dropped) P waves") not conducted" }
        case (_, .ratio?) where mechanism == .sinus:
            reading.pattern = "constant in the conducted beats"
        default:
            if origin == .junctional { reading.pattern = "short: inverted P wave just before the QRS" }
            else if ectopicCode != nil, !ectopic.isEmpty { reading.pattern = "in the sinus beats" }
        }
        return reading
    }

    // MARK: QRS

    func qrsReading(caliperBeat: Annotation?) -> (value: Double?, note: String?, calipers: [IntervalMark]) {
        guard !beats.isEmpty else { return (nil, nil, []) }
        func width(_ beat: Annotation) -> Double {
            let (onset, end) = reader.qrsBoundaries(at: beat.sample)
            return seconds(end - onset)
        }
        let measurable = dominant.filter(inside).isEmpty ? dominant : dominant.filter(inside)
        let value = Self.median(measurable.prefix(16).map(width))
        var note: String?
        if origin == .torsades { note = "changing shape and height from beat to beat" }
        if ectopicCode == .pvc, let pvc = Self.median(ectopic.prefix(8).map(width)) { note = "PVCs \(StripFigures.seconds(pvc))" }
        guard let value else { return (nil, note, []) }
        // The caliper goes on the PR caliper's beat when it reads the same; the
        // figure printed is always the one the caliper shows.
        let closest = measurable.min { abs(width($0) - value) < abs(width($1) - value) }!
        let beat = caliperBeat.map { Self.sameReading(width($0), value) ? $0 : closest } ?? closest
        let (onset, end) = reader.qrsBoundaries(at: beat.sample)
        let reported = Self.sameReading(width(beat), value) ? value : width(beat)
        return (reported, note, [IntervalMark(kind: .qrs, start: seconds(onset), end: seconds(end))])
    }

    /// Whether two durations read the same to the hundredth of a second, as printed.
    static func sameReading(_ a: Double, _ b: Double) -> Bool {
        (a * 100).rounded() == (b * 100).rounded()
    }

    // MARK: The defining feature

    var missingFeature: String? {
        // Three complexes at least: two R-R intervals to judge regularity by.
        if rhythm.criteria.rate.ventricular != nil, beats.count < 3 {
            return "only \(beats.count) QRS complex\(beats.count == 1 ? "" : "es"), too few to judge rate and regularity"
        }
        if let ectopy = synthesis.ectopy {
            switch (ectopy.kind, ectopy.pattern) {
            case (.pvc, .couplets):
                let pair = zip(beats, beats.dropFirst()).contains { $0.code == .pvc && $1.code == .pvc }
                if !pair { return "no pair of PVCs" }
            case (.pvc, .bigeminy), (.pvc, .trigeminy):
                if ectopic.count < 2 { return "fewer than two PVCs" }
            case (.pvc, .random):
                if ectopic.isEmpty { return "no PVC" }
            case (.pac, _):
                if ectopic.isEmpty { return "no PAC" }
            }
        }
        if synthesis.atria.pauses != nil {
            guard let typical = Self.median(pp), let longest = pp.max(), longest > 1.5 * typical else { return "no pause" }
        }
        if mode == .wenckebach || mode == .mobitz2, droppedPWaves == 0 { return "no dropped P wave" }
        if mode == .wenckebach, pairs.count < 3 { return "too few conducted beats to show the PR lengthening" }
        if mechanism == .sinus, mode == S.ConductionMode.none, pWaves.count <= beats.count { return "no more P waves than QRS complexes" }
        if mechanism == .flutter, rhythm.criteria.regularity.kind == .irregular, Set(wavesPerBeat).count < 2 {
            return "the conduction ratio does not change"
        }
        return nil
    }
}
