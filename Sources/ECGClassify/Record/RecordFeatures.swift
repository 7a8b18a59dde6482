import RhythmLibrary

/// The beat-level features of a record, and how a stretch of it is named
/// and measured from them alone.
struct RecordFeatures: Sendable {
    let beats: [Int]
    let morphology: BeatMorphology
    let irregularity: RRIrregularity
    let coherence: AtrialCoherence
    let fs: Double
    let library: RhythmLibrary
    /// The beats of a demand pacemaker (`DemandPacing`; nil: none found).
    let pacing: DemandPacing?

    /// P waves are called present at or above this mean coherence.
    static let pWavesPresent = 0.35

    /// A summary of the beats inside a sample range.
    struct Summary {
        var beatCount = 0
        var rr: StripMeasurements.RRStatistics?
        var rate: Double?
        var ventricular = 0
        var supraventricular = 0
        var unmeasured = 0
        var longestVentricularRun = 0
        var pattern: StripMeasurements.Ectopy.Pattern = .none
        var ectopicIndices: [Int] = []
        /// Mean irregularity of the conducted rhythm (NaN when not measurable).
        var irregularity = Double.nan
        /// Mean atrial coherence (NaN when not measurable).
        var coherence = Double.nan
        var qrsWidth: Double?
        /// Fraction of the beats that have the record's dominant shape.
        var dominantShare = 0.0
        /// Beats of the demand pacemaker.
        var paced = 0
    }

    func summary(_ range: Range<Int>) -> Summary {
        var s = Summary()
        let lo = beats.partitionIndex { $0 >= range.lowerBound }, hi = beats.partitionIndex { $0 >= range.upperBound }
        s.beatCount = hi - lo
        guard hi > lo else { return s }
        var intervals: [Double] = []
        if hi - lo >= 2 { for i in (lo + 1)..<hi { intervals.append(Double(beats[i] - beats[i - 1]) / fs) } }
        if !intervals.isEmpty {
            let sorted = intervals.sorted()
            let mean = intervals.reduce(0, +) / Double(intervals.count)
            let sd = (intervals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(intervals.count)).squareRoot()
            var ss = 0.0
            for i in intervals.indices.dropFirst() { ss += (intervals[i] - intervals[i - 1]) * (intervals[i] - intervals[i - 1]) }
            let rmssd = intervals.count > 1 ? (ss / Double(intervals.count - 1)).squareRoot() : 0
            s.rr = .init(count: intervals.count, mean: mean, median: sorted[sorted.count / 2], minimum: sorted[0],
                         maximum: sorted[sorted.count - 1], standardDeviation: sd, rmssd: rmssd)
            if mean > 0 { s.rate = 60 / mean }
        }
        var run = 0
        var ventricularPositions: [Int] = []
        var familyCounts: [Int: Int] = [:]
        for i in lo..<hi {
            switch morphology.kinds[i] {
            case .ventricular:
                s.ventricular += 1; run += 1; ventricularPositions.append(i - lo); s.ectopicIndices.append(i - lo)
                s.longestVentricularRun = max(s.longestVentricularRun, run)
            case .supraventricular:
                s.supraventricular += 1; run = 0; s.ectopicIndices.append(i - lo)
            case .normal: run = 0
            case .unmeasured: s.unmeasured += 1; run = 0
            }
            if morphology.conducted[i] { familyCounts[morphology.family[i], default: 0] += 1 }
            if pacing?.paced[i] == true { s.paced += 1 }
        }
        // Ties go to the lower family number: a dictionary's order changes from run to run.
        if let family = familyCounts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key {
            s.qrsWidth = pacing?.qrsWidths[family] ?? morphology.familyWidths[family]
        }
        s.dominantShare = Double(familyCounts[morphology.dominant] ?? 0) / Double(s.beatCount)
        let gaps = zip(ventricularPositions, ventricularPositions.dropFirst()).map { $1 - $0 }
        if s.longestVentricularRun >= 3 { s.pattern = .run }
        else if s.longestVentricularRun == 2 { s.pattern = .couplets }
        else if gaps.count >= 2 && Double(gaps.filter { $0 == 2 }.count) >= 0.75 * Double(gaps.count) { s.pattern = .bigeminy }
        else if gaps.count >= 2 && Double(gaps.filter { $0 == 3 }.count) >= 0.75 * Double(gaps.count) { s.pattern = .trigeminy }
        else if s.ventricular + s.supraventricular > 0 { s.pattern = .isolated }
        s.irregularity = Self.mean(irregularity.values, max(0, lo - 1)..<max(0, hi - 1))
        s.coherence = Self.mean(coherence.values, lo..<hi)
        return s
    }

    private static func mean(_ values: [Double], _ range: Range<Int>) -> Double {
        var sum = 0.0, n = 0
        for i in range where i < values.count && values[i].isFinite { sum += values[i]; n += 1 }
        return n > 0 ? sum / Double(n) : .nan
    }

    /// The classification of an AF episode, with its measurements.
    func atrialFibrillation(_ range: Range<Int>) -> StripClassification {
        let s = summary(range)
        let rate = s.rate ?? 0
        let id = rate > 100 ? "afib-rvr" : "afib"
        let strong = s.irregularity >= 0.15 && s.coherence <= 0.15
        var lines = [
            "Rate: about \(Int(rate.rounded()))/min\(rate > 100 ? " (fast ventricular response)" : "").",
            "Rhythm: irregularly irregular; R-R varies beat to beat without pattern (normalised RMSSD \(Self.format(s.irregularity)), AF above 0.10).",
            "P waves: none that keep their place before the QRS (atrial coherence \(Self.format(s.coherence)), P waves at 0.35 and above); a fibrillatory baseline.",
        ]
        if let width = s.qrsWidth { lines.append("QRS: \(width < 0.12 ? "narrow" : "wide") (about \(Int((width * 1000).rounded())) ms).") }
        if s.ventricular > 0 { lines.append("Extras: \(s.ventricular) premature ventricular beat(s), left out of the R-R analysis.") }
        lines.append("So: atrial fibrillation\(rate > 100 ? " with rapid ventricular response" : ""), lasting \(Int((Double(range.count) / fs).rounded())) s.")
        return StripClassification(outcome: .rhythm(id), confidence: strong ? 0.9 : 0.75,
                                   measurements: measurements(range, s, atrialKind: .fibrillation, regularity: .irregularlyIrregular),
                                   explanation: lines, alternatives: ["aflutter-variable", "mat"])
    }

    /// Names one window from the beat features, or says it is open (the strip classifier must decide).
    func nameWindow(_ range: Range<Int>) -> (StripClassification, open: Bool) {
        let s = summary(range)
        let seconds = Double(range.count) / fs
        let measured = s.beatCount - s.unmeasured
        let pPresent = s.coherence >= Self.pWavesPresent
        let regular = s.irregularity.isFinite && s.irregularity < RRIrregularity.atrialFibrillationThreshold
        let regularity: StripMeasurements.Regularity
        switch s.pattern {
        case .bigeminy, .trigeminy: regularity = .patterned
        case .none: regularity = regular ? .regular : .irregular
        default: regularity = .irregular
        }
        let m = measurements(range, s, atrialKind: pPresent ? .pWaves : .indeterminate, regularity: regularity)
        func open() -> (StripClassification, Bool) {
            (StripClassification(outcome: .indeterminate(reason: "open"), confidence: 0, measurements: m, explanation: []), true)
        }
        if let pacing, s.rate != nil, 2 * s.paced > s.beatCount {
            return (pacedWindow(s, escape: pacing.escapeInterval, measurements: m), false)
        }
        // Few beats, mostly ventricular beats, or no organised P wave: the strip classifier decides.
        // Beats mostly of another shape than the record's usual one (VF, VT, a new rhythm),
        // or wide (bundle branch block, ventricular rhythms, fibrillation waves), are the strip classifier's too.
        guard let rate = s.rate, s.beatCount >= Int(seconds / 2.5), measured >= s.beatCount - 1, pPresent, s.dominantShare >= 0.4, (s.qrsWidth ?? 1) < 0.12,
              Double(s.ventricular) <= 0.5 * Double(s.beatCount), s.pattern != .run else { return open() }
        let id: String
        var reason: String
        switch s.pattern {
        case .bigeminy: id = "vent-bigeminy"; reason = "Every other beat is a premature wide beat of another shape."
        case .trigeminy: id = "vent-trigeminy"; reason = "Every third beat is a premature wide beat of another shape."
        case .couplets: id = "pvc-couplets"; reason = "Two premature ventricular beats in a row on a sinus rhythm."
        case .isolated where s.ventricular > 0: id = "sinus-pvc"; reason = "Sinus rhythm with premature wide beats of another shape."
        case .isolated: id = "sinus-pac"; reason = "Sinus rhythm with early narrow beats."
        default:
            guard regular else { return open() }
            if rate < 60 { id = "sinus-brady"; reason = "Sinus rhythm below 60/min." }
            else if rate > 100 { id = "sinus-tach"; reason = "Sinus rhythm above 100/min." }
            else { id = "nsr"; reason = "Regular, 60-100/min, a P wave before every QRS." }
        }
        var lines = [
            "Rate: about \(Int(rate.rounded()))/min.",
            "Rhythm: \(regularity.rawValue) (normalised RMSSD of the conducted beats \(Self.format(s.irregularity))).",
            "P waves: a consistent P wave before the QRS (atrial coherence \(Self.format(s.coherence))).",
        ]
        if let width = s.qrsWidth { lines.append("QRS: \(width < 0.12 ? "narrow" : "wide") (about \(Int((width * 1000).rounded())) ms).") }
        if s.ventricular + s.supraventricular > 0 {
            lines.append("Extras: \(s.ventricular) ventricular and \(s.supraventricular) supraventricular premature beat(s) (\(s.pattern.rawValue)).")
        }
        lines.append("So: \(library.definitions.first { $0.id == id }?.name ?? id). \(reason)")
        return (StripClassification(outcome: .rhythm(id), confidence: 0.8, measurements: m, explanation: lines), false)
    }

    /// A window where most beats are the demand pacemaker's: ventricular paced rhythm.
    private func pacedWindow(_ s: Summary, escape: Double, measurements m: StripMeasurements) -> StripClassification {
        let rate = s.rate ?? 0
        var measurements = m
        measurements.atrial.pWavesFound = false
        measurements.atrial.kind = .indeterminate
        measurements.atrial.pWaveCount = 0
        measurements.atrial.atrialRate = nil
        measurements.pToQRSRatio = nil
        // The paced family's width is measured from the spike's end
        // (`DemandPacing.qrsWidths`); a paced complex narrower than 0.12 s would
        // be a mismeasurement (the spike's remnant taken for the complex).
        let width = m.qrsWidth.flatMap { $0 >= 0.12 ? $0 : nil }
        measurements.qrsWidth = width
        var lines = [
            "Rate: about \(Int(rate.rounded()))/min; the pacing interval is \(Int((escape / fs * 1000).rounded())) ms (\(Int((60 * fs / escape).rounded()))/min).",
            "Rhythm: \(s.paced) of \(s.beatCount) beats come exactly one pacing interval after the beat before them, whatever that beat was: a demand (VVI) pacemaker's beats.",
            "Pacemaker spikes: only a remnant is left on this recording, a sharper bend just before each paced QRS than the intrinsic beats have; the beats are known by it together with their timing.",
            width.map { "QRS: wide (0.12 s or more), about \(String(format: "%.2f", $0)) s from the spike, as paced complexes are (the pacemaker excites the ventricle from one point, outside the conduction system)." }
                ?? "QRS: wide, as paced complexes are (the pacemaker excites the ventricle from one point, outside the conduction system); not measured here, where the spike's remnant would be taken for the complex.",
        ]
        if s.ventricular > 0 { lines.append("Extras: \(s.ventricular) premature ventricular beat(s).") }
        lines.append("So: \(library.definitions.first { $0.id == "paced-ventricular" }?.name ?? "paced-ventricular"). Intrinsic beats faster than the pacing rate inhibit the pacemaker.")
        return StripClassification(outcome: .rhythm("paced-ventricular"), confidence: 0.7, measurements: measurements, explanation: lines)
    }

    private func measurements(_ range: Range<Int>, _ s: Summary, atrialKind: StripMeasurements.AtrialActivity.Kind,
                              regularity: StripMeasurements.Regularity) -> StripMeasurements {
        let pWaves = atrialKind == .pWaves
        let conducted = s.beatCount - s.ventricular - s.unmeasured
        return StripMeasurements(
            duration: Double(range.count) / fs, beatCount: s.beatCount, ventricularRate: s.rate,
            regularity: s.beatCount < 2 ? .none : regularity, rr: s.rr,
            atrial: .init(kind: atrialKind, pWaveCount: pWaves ? conducted : 0, pWavesFound: pWaves, pWavePolarity: 0,
                          atrialRate: pWaves ? s.rate : nil, dominantAtrialFrequency: nil, flutterWaves: false,
                          fibrillatoryBaseline: atrialKind == .fibrillation),
            pr: .init(seconds: nil, minimum: nil, maximum: nil, perBeat: [], pattern: .notMeasurable, droppedBeats: 0),
            pToQRSRatio: pWaves ? 1 : (atrialKind == .fibrillation ? nil : 0), qrsWidth: s.qrsWidth,
            ectopy: .init(ventricularPremature: s.ventricular, supraventricularPremature: s.supraventricular,
                          longestVentricularRun: s.longestVentricularRun, pattern: s.pattern, beatIndices: s.ectopicIndices),
            pacing: .init(spikeCount: 0, atrialSpikes: 0, ventricularSpikes: 0, spikeSamples: []),
            signalQuality: .init(score: s.beatCount > 0 ? Double(s.beatCount - s.unmeasured) / Double(s.beatCount) : 0,
                                 noiseRMS: 0, qrsAmplitude: 0, tooNoisyToCall: false),
            arrest: .init(peakToPeak: 0, dominantFrequency: 0, spectralConcentration: 0, steepFraction: 0, flatFraction: 0,
                          amplitudeModulation: 0))
    }

    static func format(_ value: Double) -> String {
        value.isFinite ? String(Double((value * 100).rounded()) / 100) : "-"
    }
}
