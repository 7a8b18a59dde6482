import RhythmLibrary

/// Makes the figures reported with a strip agree with each other and with the
/// rhythm named, as an instructor reads them: no PR without P waves, no P-wave
/// claims on an arrest rhythm, an atrial rate that matches what the P waves
/// show. A figure that cannot be read on the strip is left out (nil, "not
/// measurable") rather than reported wrong: decks' answer keys and drill
/// feedback show these figures to learners.
struct MeasurementReconciler: Sendable {
    let library: RhythmLibrary

    /// Rhythms with no organised QRS complexes: no rate, no P waves, no PR, no QRS width.
    static let withoutComplexes: Set<String> = ["vf-coarse", "vf-fine", "asystole"]
    /// Ventricular rhythms with complexes but no atrial activity to report on one lead.
    static let ventricularOnly: Set<String> = ["torsades", "vt-mono", "idioventricular", "aivr"]

    /// - Parameter supraventricularBeats: indices of the beats the analysis read as
    ///   early narrow beats (PACs), which a fibrillating atrium cannot produce.
    func reconcile(
        _ measured: StripMeasurements, rhythm id: String, pTrain: PWaveMarcher.Train? = nil, supraventricularBeats: Set<Int> = []
    ) -> StripMeasurements {
        var m = measured
        if let pTrain { m = Self.readFromTrain(m, pTrain, rhythm: id) }
        let definition = library.definitions.first { $0.id == id }
        // The analysis sees only that the R-R intervals vary; the decision read
        // why (a dropped beat, grouped beating, fibrillation), so an irregular
        // strip is described the way its rhythm's definition describes it.
        if let kind = definition?.criteria.regularity.kind,
           case let named = Self.regularity(kind), Self.irregularReadings.contains(named),
           Self.irregularReadings.contains(m.regularity) {
            m.regularity = named
        }
        if Self.withoutComplexes.contains(id) {
            m.ventricularRate = nil
            m.regularity = .none
            m.rr = nil
            m.qrsWidth = nil
            m.beatCount = 0
            m.ectopy = .init(ventricularPremature: 0, supraventricularPremature: 0, longestVentricularRun: 0, pattern: .none, beatIndices: [])
            m.atrial = Self.noAtrialActivity
            m.pr = Self.notMeasurable(beats: 0)
            m.pToQRSRatio = nil
            return m
        }
        if Self.ventricularOnly.contains(id) {
            // These complexes are wide by definition; a narrow reading is a mismeasurement.
            if let width = m.qrsWidth, width < 0.12 { m.qrsWidth = nil }
            m.atrial = Self.noAtrialActivity
            m.pr = Self.notMeasurable(beats: m.pr.perBeat.count)
            m.pToQRSRatio = nil
            return m
        }
        switch id {
        case "afib", "afib-rvr":
            // In AF every conducted beat comes at random: an early narrow beat is
            // part of the irregular response, not a premature atrial complex.
            m.ectopy.supraventricularPremature = 0
            m.ectopy.beatIndices.removeAll { supraventricularBeats.contains($0) }
            if m.ectopy.ventricularPremature == 0 { m.ectopy.pattern = .none }
            m.atrial = .init(kind: .fibrillation, pWaveCount: 0, pWavesFound: false, pWavePolarity: 0, atrialRate: nil,
                             dominantAtrialFrequency: m.atrial.dominantAtrialFrequency, flutterWaves: false, fibrillatoryBaseline: true)
            m.pr = Self.notMeasurable(beats: m.pr.perBeat.count)
            m.pToQRSRatio = nil
            return m
        case "aflutter-2to1", "aflutter-4to1", "aflutter-variable":
            var atrialRate = m.atrial.flutterWaves ? m.atrial.atrialRate.flatMap { (240...360).contains($0) ? $0 : nil } : nil
            // Fixed-ratio flutter: the ratio named is the count of F waves per QRS.
            if atrialRate == nil, let rate = m.ventricularRate {
                if id == "aflutter-2to1" { atrialRate = 2 * rate } else if id == "aflutter-4to1" { atrialRate = 4 * rate }
            }
            m.atrial = .init(kind: .flutter, pWaveCount: 0, pWavesFound: false, pWavePolarity: 0, atrialRate: atrialRate,
                             dominantAtrialFrequency: m.atrial.dominantAtrialFrequency, flutterWaves: true, fibrillatoryBaseline: false)
            m.pr = Self.notMeasurable(beats: m.pr.perBeat.count)
            m.pToQRSRatio = atrialRate.flatMap { a in m.ventricularRate.map { a / $0 } }
            return m
        case "mat":
            m.atrial.kind = .multiformPWaves
            m.atrial.pWavesFound = true
            m.atrial.flutterWaves = false
            m.atrial.fibrillatoryBaseline = false
        default:
            // Atrial readings that would name another rhythm: the decision weighed
            // them and named this one, so a fibrillatory or flutter-like baseline is
            // reported as not judged, and P waves of changing shape as P waves.
            switch m.atrial.kind {
            case .fibrillation, .flutter:
                m.atrial.kind = .indeterminate
                m.atrial.atrialRate = nil
            case .multiformPWaves:
                m.atrial.kind = .pWaves
            default:
                break
            }
        }
        // Rhythms whose criteria show no PR (SVT, junctional escape without P...).
        let noPRInRhythm = definition.map { $0.criteria.prInterval.seconds == nil } ?? false
        let atrialWavesSeen: Set<StripMeasurements.AtrialActivity.Kind> = [.pWaves, .multiformPWaves, .retrogradePWaves, .paced]
        if !atrialWavesSeen.contains(m.atrial.kind) {
            // No P waves: nothing to measure a PR or a P:QRS ratio from.
            m.atrial.pWavesFound = false
            if m.atrial.kind != .flutter { m.atrial.atrialRate = nil }
            m.pr = Self.notMeasurable(beats: m.pr.perBeat.count)
            m.pToQRSRatio = nil
        } else if noPRInRhythm && m.pr.pattern != .variableDissociated {
            m.pr = Self.notMeasurable(beats: m.pr.perBeat.count)
        }
        if m.atrial.kind != .flutter { m.atrial.flutterWaves = false }
        if m.atrial.kind != .fibrillation { m.atrial.fibrillatoryBaseline = false }
        // A PR no strip can show is a failed measurement, not a finding.
        if let pr = m.pr.seconds, !(0.06...0.6).contains(pr) {
            m.pr = Self.notMeasurable(beats: m.pr.perBeat.count)
        }
        // A PR that could not be measured cannot be called constant or varying.
        if m.pr.seconds == nil, [.constant, .constantWithDroppedBeats, .variable].contains(m.pr.pattern) {
            m.pr.pattern = .notMeasurable
        }
        // Atrial rate: with one P before every QRS at a constant PR (1:1
        // conduction) it is the ventricular rate; fewer P waves than QRS
        // complexes where every QRS is conducted means some P waves were missed.
        if atrialWavesSeen.contains(m.atrial.kind), let rate = m.ventricularRate {
            let oneToOne = m.atrial.pWavesFound && m.pr.droppedBeats == 0 && (m.pToQRSRatio ?? 1) < 1.3
                && (m.pr.pattern == .constant || m.pr.pattern == .variable)
            if oneToOne {
                m.atrial.atrialRate = rate
            } else if let atrialRate = m.atrial.atrialRate, atrialRate < 0.85 * rate, m.pr.pattern != .variableDissociated {
                m.atrial.atrialRate = nil
            }
        }
        return m
    }

    /// P waves and PR as the train of marched-out P waves shows them (the
    /// decision rested on it): upright P waves at the train's rate, the PR of
    /// each beat (P onset taken 0.045 s before the P peak), its pattern, and the
    /// P waves not followed by a QRS.
    static func readFromTrain(_ measured: StripMeasurements, _ train: PWaveMarcher.Train, rhythm id: String) -> StripMeasurements {
        var m = measured
        m.atrial.kind = .pWaves
        m.atrial.pWavesFound = true
        m.atrial.pWaveCount = train.found
        m.atrial.atrialRate = train.atrialRate
        m.atrial.flutterWaves = false
        m.atrial.fibrillatoryBaseline = false
        let perBeat = train.prPerBeat.map { $0.map { $0 + 0.045 } }
        let prs = perBeat.compactMap { $0 }
        let dissociated = id == "chb"
        m.pr = .init(seconds: dissociated ? nil : SignalMath.median(prs), minimum: prs.min(), maximum: prs.max(),
                     perBeat: perBeat, pattern: dissociated ? .variableDissociated : .constantWithDroppedBeats,
                     droppedBeats: train.blocked)
        m.pToQRSRatio = m.ventricularRate.map { train.atrialRate / max($0, 1) }
        return m
    }

    /// Readings of an R-R sequence that varies.
    static let irregularReadings: Set<StripMeasurements.Regularity> = [.phasic, .patterned, .irregular, .irregularlyIrregular]

    /// The reading that matches a definition's kind of regularity.
    static func regularity(_ kind: RhythmCriteria.RegularityKind) -> StripMeasurements.Regularity {
        switch kind {
        case .regular: return .regular
        case .irregular: return .irregular
        case .patterned: return .patterned
        case .irregularlyIrregular: return .irregularlyIrregular
        case .phasic: return .phasic
        case .none: return StripMeasurements.Regularity.none
        }
    }

    static let noAtrialActivity = StripMeasurements.AtrialActivity(
        kind: .none, pWaveCount: 0, pWavesFound: false, pWavePolarity: 0, atrialRate: nil,
        dominantAtrialFrequency: nil, flutterWaves: false, fibrillatoryBaseline: false)

    static func notMeasurable(beats: Int) -> StripMeasurements.PRMeasurement {
        .init(seconds: nil, minimum: nil, maximum: nil, perBeat: Array(repeating: nil, count: beats), pattern: .notMeasurable, droppedBeats: 0)
    }
}
