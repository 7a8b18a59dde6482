import ECGSignal
import Foundation
import RhythmLibrary

/// Schedules the atrial and ventricular events of one rhythm segment and turns
/// them into waveform kernels and annotations.
///
/// Event-based: a sinus node (with respiratory and low-frequency variability),
/// ectopic foci, AV conduction (PR, Wenckebach, Mobitz II, fixed or variable
/// ratios, complete block), independent escape or paced ventricles, and
/// continuous fibrillation, flutter and drift waves.
struct RhythmProcess {
    typealias Parameters = SynthesisParameters

    let definition: RhythmDefinition
    let start: Double
    let end: Double
    var rng: SeededGenerator
    var events = StripEvents()
    /// Fade continuous waves at joins with neighbouring segments.
    let joinsPrevious: Bool
    let joinsNext: Bool

    // Per-strip draws.
    var atrialRate: Double = 0
    var ventricularRate: Double = 0
    var pacingRate: Double = 0
    var pAmplitude: Double = 0.15
    var pDuration: Double = 0.09
    var pr: Double = 0.16
    var qrsDuration: Double = 0.09
    var qrsAmplitude: Double = 1.2
    var morphology: Parameters.Morphology = .normal
    var tFraction: Double = 0.25
    var qtc: Double = 0.40
    var qFraction: Double = 0.1
    var sFraction: Double = 0.2
    var respiratoryFrequency: Double = 0.25
    var respiratoryPhase: Double = 0
    var lowFrequency: Double = 0.08
    var lowFrequencyPhase: Double = 0
    var variability: Double = 0

    init(definition: RhythmDefinition, start: Double, end: Double, seed: UInt64, segment: Int,
         rate: Double?, previousVentricularOnset: Double, joinsPrevious: Bool, joinsNext: Bool) throws {
        self.definition = definition
        self.start = start
        self.end = end
        self.joinsPrevious = joinsPrevious
        self.joinsNext = joinsNext
        rng = SeededGenerator(seed: seed, stream: 0x5248_5954 &+ UInt64(segment))
        events.lastVentricularOnset = previousVentricularOnset
        try drawStripParameters(rateOverride: rate)
    }

    private var synthesis: Parameters { definition.synthesis }

    // MARK: Per-strip values

    private mutating func drawStripParameters(rateOverride: Double?) throws {
        let s = synthesis
        if let rate = s.atria.rate { atrialRate = rng.draw(rate) }
        if let rate = s.ventricles.rate { ventricularRate = rng.draw(rate) }
        if let rate = s.pacing?.rate { pacingRate = rng.draw(rate) }
        if let p = s.atria.pWave {
            pAmplitude = rng.draw(p.amplitude)
            pDuration = rng.draw(p.duration)
        }
        if let range = s.conduction?.pr { pr = rng.draw(range) }
        if let qrs = s.ventricles.qrs {
            morphology = rng.pick(qrs.morphology.choices)
            qrsDuration = rng.draw(qrs.duration)
            qrsAmplitude = rng.draw(qrs.amplitude)
        }
        if let t = s.ventricles.tWave { tFraction = rng.draw(t) }
        if let q = s.ventricles.qtc { qtc = rng.draw(q) }
        qFraction = rng.uniform(0.06, 0.14)
        sFraction = rng.uniform(0.10, 0.28)
        variability = s.atria.variability.map { rng.draw($0) } ?? 0
        respiratoryFrequency = rng.uniform(0.18, 0.33)
        respiratoryPhase = rng.uniform(0, 2 * .pi)
        lowFrequency = rng.uniform(0.05, 0.12)
        lowFrequencyPhase = rng.uniform(0, 2 * .pi)
        if let rate = rateOverride { try applyRate(rate) }
    }

    /// Sets the rate that gives the requested ventricular rate.
    private mutating func applyRate(_ rate: Double) throws {
        let s = synthesis
        let mechanism = s.atria.mechanism
        switch (mechanism, s.ventricles.origin) {
        case (_, .junctional), (_, .ventricular), (_, .torsades), (.fibrillation, _):
            ventricularRate = rate
        case (_, .paced), (.paced, _):
            pacingRate = rate
        case (.flutter, _):
            atrialRate = rate * (s.conduction?.ratio?.midpoint ?? 2)
        case (.sinus, _), (.multifocal, _):
            let conduction = s.conduction
            switch conduction?.mode ?? .normal {
            case .ratio: atrialRate = rate * (conduction?.ratio?.midpoint ?? 1)
            case .wenckebach, .mobitz2:
                let group = conduction?.group?.midpoint ?? 4
                atrialRate = rate * group / (group - 1)
            case .normal, .none: atrialRate = rate
            }
        case (.none, _):
            throw SynthesisError("\(definition.id) has no rate to set")
        }
        if mechanism != .none, mechanism != .paced, s.ventricles.origin == .conducted || mechanism == .flutter {
            let limits = mechanism.rateLimits
            if !limits.contains(atrialRate) {
                throw SynthesisError("a ventricular rate of \(Int(rate))/min needs an atrial rate of \(Int(atrialRate))/min, outside what \(definition.id) can make")
            }
        }
    }

    // MARK: Running

    mutating func run() -> StripEvents {
        let s = synthesis
        switch s.atria.mechanism {
        case .sinus, .multifocal, .paced: atrialLoop()
        case .fibrillation:
            addOscillation(fibrillatoryAtria: true)
            fibrillationResponse()
        case .flutter: flutterLoop()
        case .none: break
        }
        switch s.ventricles.origin {
        case .junctional, .ventricular, .torsades: independentVentricles()
        case .paced where s.atria.mechanism != .paced: independentVentricles()
        case .fibrillation:
            addOscillation(fibrillatoryAtria: false)
            events.annotations.append(TimedAnnotation(time: start, code: .flutterStart))
            events.annotations.append(TimedAnnotation(time: max(start, end - 0.002), code: .flutterEnd))
        default: break
        }
        if let drift = s.drift {
            let amplitude = rng.draw(drift)
            let step = rng.uniform(1.0, 2.0)
            let count = Int((end - start) / step) + 3
            let values = (0..<count).map { _ in amplitude * rng.uniform(-0.5, 0.5) }
            events.waves.append(.drift(start: start, end: end, curve: KnotCurve(start: start - step, step: step, values: values)))
        }
        return events
    }

    // MARK: Helpers

    /// The sinus cycle length at time `t`: respiratory and low-frequency modulation plus jitter.
    private mutating func sinusCycle(at t: Double, base: Double) -> Double {
        let respiratory = 0.75 * variability * sin(2 * .pi * respiratoryFrequency * t + respiratoryPhase)
        let slow = 0.25 * variability * sin(2 * .pi * lowFrequency * t + lowFrequencyPhase)
        return base * (1 + respiratory + slow + 0.003 * rng.normal())
    }

    /// Respiratory modulation of QRS amplitude (the heart's axis moves with breathing).
    private func respiratoryGain(at t: Double) -> Double {
        1 + 0.05 * sin(2 * .pi * respiratoryFrequency * t + respiratoryPhase + 1)
    }

    private mutating func emitP(onset: Double, duration: Double, amplitude: Double, annotate: Bool = true) {
        let jitteredAmplitude = amplitude * (1 + 0.04 * rng.normal())
        let kernel = WaveKernel(from: onset, to: onset + duration, peakAt: rng.uniform(0.45, 0.55), amplitude: jitteredAmplitude)
        events.kernels.append(kernel)
        if annotate { events.annotations.append(TimedAnnotation(time: kernel.center, code: .pWave)) }
    }

    private mutating func emitSpike(at time: Double, amplitude: Double) {
        events.spikes.append(PacingSpike(time: time, amplitude: amplitude))
        events.annotations.append(TimedAnnotation(time: time, code: .pacemakerSpike))
    }

    struct BeatStyle {
        var morphology: Parameters.Morphology
        var duration: Double
        var amplitude: Double
        var polarity: Double
        var tFraction: Double
        var code: AnnotationCode
    }

    private var conductedStyle: BeatStyle {
        BeatStyle(morphology: morphology, duration: qrsDuration, amplitude: qrsAmplitude, polarity: 1,
                  tFraction: tFraction, code: defaultCode(for: morphology, origin: synthesis.ventricles.origin))
    }

    private func defaultCode(for morphology: Parameters.Morphology, origin: Parameters.VentricularOrigin) -> AnnotationCode {
        if let mnemonic = synthesis.ventricles.beatCode, let code = AnnotationCode(mnemonic: mnemonic) { return code }
        switch (origin, morphology) {
        case (.paced, _), (_, .paced): return .paced
        case (.ventricular, _), (.torsades, _): return .pvc
        case (_, .lbbb): return .leftBundleBranchBlock
        case (_, .rbbb): return .rightBundleBranchBlock
        case (_, .ventricular): return .pvc
        default: return .normal
        }
    }

    /// Adds one ventricular complex whose QRS starts at `onset`.
    @discardableResult
    private mutating func emitBeat(onset: Double, style: BeatStyle, nominalCycle: Double) -> Double {
        let previous = events.lastVentricularOnset
        let rr = previous.isFinite && onset - previous < 2.5 ? onset - previous : nominalCycle
        let duration = style.duration * (1 + 0.015 * rng.normal())
        let shape = BeatShape(
            onset: onset, morphology: style.morphology, duration: duration,
            amplitude: style.amplitude * respiratoryGain(at: onset) * (1 + 0.03 * rng.normal()),
            polarity: style.polarity, tFraction: style.tFraction * (1 + 0.04 * rng.normal()),
            qt: BeatShape.qt(qtc: qtc, rr: rr, duration: duration),
            qFraction: qFraction, sFraction: sFraction)
        let (kernels, peak) = shape.kernels()
        events.kernels.append(contentsOf: kernels)
        events.annotations.append(TimedAnnotation(time: peak, code: style.code))
        events.lastVentricularOnset = onset
        return peak
    }

    // MARK: Atria with discrete P waves

    private mutating func atrialLoop() {
        let s = synthesis
        let mechanism = s.atria.mechanism
        let paced = mechanism == .paced
        let baseCycle = 60 / (paced ? pacingRate : atrialRate)
        let conduction = s.conduction
        let mode = conduction?.mode ?? .normal
        let spikeAmplitude = s.pacing.map { rng.draw($0.spikeAmplitude) } ?? 0
        let avDelay = s.pacing?.avDelay.map { rng.draw($0) }
        let ventriclesPaced = s.ventricles.origin == .paced

        // Multifocal atrial tachycardia: distinct foci, each with its own P and PR.
        var foci: [(amplitude: Double, duration: Double, pr: Double)] = []
        if mechanism == .multifocal, let p = s.atria.pWave {
            let count = rng.drawInt(s.atria.foci ?? ValueRange(3, 3))
            let low = p.amplitude.lowerBound, high = p.amplitude.upperBound
            for index in 0..<count {
                let spread = (Double(index) + rng.uniform(0.2, 0.8)) / Double(count)
                var amplitude = low + (high - low) * spread
                // Every focus must give a P wave a reader can see.
                if abs(amplitude) < 0.06 { amplitude = amplitude < 0 ? -0.06 : 0.06 }
                foci.append((amplitude, rng.draw(p.duration), rng.draw(conduction?.pr ?? ValueRange(0.12, 0.2))))
            }
            foci.shuffle(using: &rng)
        }
        let prIncrement = conduction?.prIncrement.map { rng.draw($0) } ?? 0
        var groupSize = conduction?.group.map { rng.drawInt($0) } ?? 0
        var ratio = conduction?.ratio.map { rng.drawInt($0) } ?? 1
        var indexInGroup = 0
        var blockNext = false
        var sinusBeats = 0

        // Ectopy.
        let ectopy = s.ectopy
        let ectopyProbability = ectopy?.probability.map { rng.draw($0) } ?? 0
        let coupling = ectopy.map { rng.draw($0.coupling) } ?? 0.5
        let pvcStyle = BeatStyle(
            morphology: .ventricular, duration: rng.uniform(0.13, 0.16), amplitude: rng.uniform(1.2, 1.9),
            polarity: rng.chance(0.6) ? 1 : -1, tFraction: rng.uniform(0.25, 0.38), code: .pvc)
        let pacAmplitude = pAmplitude * rng.uniform(0.45, 0.75) * (rng.chance(0.25) ? -1 : 1)
        let pacDuration = max(0.06, pDuration * rng.uniform(0.75, 0.9))

        var pauseDue = s.atria.pauses.map { start + rng.draw($0.interval) } ?? .infinity
        let firstQRS = events.lastVentricularOnset + 0.45
        var tP = max(start + rng.uniform(0.05, 0.6) * baseCycle, firstQRS - pr)
        var previousFocus = -1
        while tP < end {
            var cycle: Double
            switch mechanism {
            case .paced: cycle = baseCycle
            case .multifocal: cycle = baseCycle * (1 + variability * rng.uniform(-1, 1))
            default: cycle = sinusCycle(at: tP, base: baseCycle)
            }
            // The P wave.
            var beatPR = pr + 0.003 * rng.normal()
            if paced {
                emitSpike(at: tP - 0.012, amplitude: spikeAmplitude)
                emitP(onset: tP, duration: pDuration, amplitude: pAmplitude)
            } else if !foci.isEmpty {
                var focus = Int(rng.next() % UInt64(foci.count))
                if focus == previousFocus { focus = Int(rng.next() % UInt64(foci.count)) }
                previousFocus = focus
                emitP(onset: tP, duration: foci[focus].duration, amplitude: foci[focus].amplitude)
                beatPR = foci[focus].pr + 0.004 * rng.normal()
            } else {
                emitP(onset: tP, duration: pDuration, amplitude: pAmplitude)
            }

            // AV conduction.
            var conducts = true
            switch mode {
            case .normal: break
            case .wenckebach:
                if indexInGroup == groupSize - 1 {
                    conducts = false
                    indexInGroup = 0
                    groupSize = rng.drawInt(conduction!.group!)
                } else {
                    beatPR = pr + prIncrement * (2 - 2 * pow(0.5, Double(indexInGroup))) + 0.002 * rng.normal()
                    indexInGroup += 1
                }
            case .mobitz2:
                if indexInGroup == groupSize - 1 {
                    conducts = false
                    indexInGroup = 0
                    groupSize = rng.drawInt(conduction!.group!)
                } else {
                    indexInGroup += 1
                }
            case .ratio:
                conducts = indexInGroup == 0
                indexInGroup += 1
                if indexInGroup >= ratio {
                    indexInGroup = 0
                    ratio = rng.drawInt(conduction!.ratio!)
                }
            case .none:
                conducts = false
            }
            if blockNext {
                conducts = false
                blockNext = false
            }

            var nextP = tP + cycle
            if conducts || ventriclesPaced {
                let onset: Double
                if ventriclesPaced, let avDelay {
                    let spike = tP - 0.012 + avDelay
                    emitSpike(at: spike, amplitude: spikeAmplitude)
                    onset = spike + 0.004
                } else {
                    onset = tP + beatPR
                }
                if onset < end {
                    var style = conductedStyle
                    if ventriclesPaced { style.code = .paced }
                    emitBeat(onset: onset, style: style, nominalCycle: cycle)
                    sinusBeats += 1
                    if let ectopy, !ventriclesPaced {
                        let fires: Bool
                        switch ectopy.pattern {
                        case .bigeminy: fires = true
                        case .trigeminy: fires = sinusBeats % 2 == 0
                        case .random, .couplets: fires = rng.chance(ectopyProbability)
                        }
                        let ectopicOnset = onset + coupling * cycle * (1 + 0.01 * rng.normal())
                        if fires, ectopicOnset < end {
                            switch ectopy.kind {
                            case .pvc:
                                emitBeat(onset: ectopicOnset, style: pvcStyle, nominalCycle: cycle)
                                if ectopy.pattern == .couplets {
                                    let second = ectopicOnset + max(0.32, rng.uniform(0.45, 0.55) * cycle)
                                    if second < end { emitBeat(onset: second, style: pvcStyle, nominalCycle: cycle) }
                                }
                                // The next sinus impulse meets refractory ventricles: compensatory pause.
                                blockNext = true
                            case .pac:
                                let pacPR = pr + rng.uniform(0, 0.03)
                                let pacOnset = ectopicOnset - pacPR
                                emitP(onset: pacOnset, duration: pacDuration, amplitude: pacAmplitude)
                                var style = conductedStyle
                                style.code = .atrialPremature
                                emitBeat(onset: ectopicOnset, style: style, nominalCycle: cycle)
                                // The PAC resets the sinus node.
                                nextP = pacOnset + cycle
                            }
                        }
                    }
                }
            }
            if nextP > pauseDue, let pauses = s.atria.pauses {
                nextP = tP + rng.draw(pauses.length)
                pauseDue = nextP + rng.draw(pauses.interval)
            }
            tP = nextP
        }
    }

    // MARK: Atrial fibrillation and flutter

    private mutating func fibrillationResponse() {
        let cycle = 60 / ventricularRate
        let spread = synthesis.ventricles.irregularity.map { rng.draw($0) } ?? 0.15
        var t = max(start + rng.uniform(0.1, 0.8) * cycle, events.lastVentricularOnset + 0.45)
        while t < end {
            emitBeat(onset: t, style: conductedStyle, nominalCycle: cycle)
            // Irregularly irregular: independent R–R intervals with no pattern.
            let z = min(max(rng.normal(), -1.8), 2.6)
            t += max(0.30, cycle * (1 + spread * z))
        }
    }

    private mutating func flutterLoop() {
        let s = synthesis
        let cycle = 60 / atrialRate
        let peakToPeak = s.atria.waveAmplitude.map { rng.draw($0) } ?? 0.25
        var ratio = s.conduction?.ratio.map { rng.drawInt($0) } ?? 2
        var onsets: [Double] = []
        var amplitudes: [Double] = []
        var t = start - rng.uniform(0, 1) * cycle
        var sinceConducted = ratio - 1 - Int(rng.next() % UInt64(ratio))
        while t < end + cycle {
            onsets.append(t)
            amplitudes.append(peakToPeak * (1 + 0.04 * rng.normal()))
            if t >= start, t < end {
                events.annotations.append(TimedAnnotation(time: t + 0.7 * cycle, code: .pWave))
                sinceConducted += 1
                if sinceConducted >= ratio {
                    let onset = t + pr + 0.003 * rng.normal()
                    if onset < end, onset - events.lastVentricularOnset > 0.3 {
                        emitBeat(onset: onset, style: conductedStyle, nominalCycle: cycle * Double(ratio))
                        sinceConducted = 0
                        ratio = rng.drawInt(s.conduction?.ratio ?? ValueRange(2, 2))
                    }
                }
            }
            t += cycle * (1 + 0.004 * rng.normal())
        }
        events.waves.append(.flutter(onsets: onsets, amplitudes: amplitudes, end: end))
    }

    /// Atrial f waves or ventricular fibrillation: wandering oscillators.
    private mutating func addOscillation(fibrillatoryAtria: Bool) {
        let base: Double, peakToPeak: Double, wander: Double
        if fibrillatoryAtria {
            base = atrialRate / 60
            peakToPeak = synthesis.atria.waveAmplitude.map { rng.draw($0) } ?? 0.08
            wander = 0.12
        } else {
            let f = synthesis.fibrillation!
            base = rng.draw(f.frequency)
            // The definition gives the size of the waves a reader sees (coarse
            // above 3 mm, fine below). Three components of gain 0.3-1 and
            // random phase make waves about 0.4 of the nominal
            // peak-to-peak (measured over 20 seeds), hence the factor 2.4.
            peakToPeak = rng.draw(f.amplitude) * 2.4
            wander = 0.15
        }
        let step = fibrillatoryAtria ? 0.25 : 0.3
        let count = Int((end - start) / step) + 3
        func curve(_ centre: Double, _ spread: Double, low: Double) -> KnotCurve {
            KnotCurve(start: start - step, step: step, values: (0..<count).map { _ in
                max(low, centre * (1 + spread * min(max(rng.normal(), -2), 2)))
            })
        }
        func gain(_ low: Double, _ high: Double) -> KnotCurve {
            KnotCurve(start: start - step, step: step * 1.7, values: (0..<count).map { _ in rng.uniform(low, high) })
        }
        let ratios = fibrillatoryAtria ? [1.0, 1.27, 0.83] : [1.0, 1.9, 0.55]
        let weights = fibrillatoryAtria ? [0.55, 0.3, 0.25] : [0.7, 0.22, 0.18]
        let oscillation = ContinuousWave.Oscillation(
            start: start, end: end, amplitude: peakToPeak,
            frequencies: ratios.map { curve(base * $0, wander, low: 0.5) },
            gains: ratios.map { _ in fibrillatoryAtria ? gain(0.35, 1.0) : gain(0.3, 1.0) },
            weights: weights,
            phases: ratios.map { _ in rng.uniform(0, 2 * .pi) },
            fadeIn: joinsPrevious ? 0.15 : 0, fadeOut: joinsNext ? 0.15 : 0)
        events.waves.append(fibrillatoryAtria ? .atrialFibrillation(oscillation) : .ventricularFibrillation(oscillation))
    }

    // MARK: Independent ventricular pacemakers

    private mutating func independentVentricles() {
        let s = synthesis
        let origin = s.ventricles.origin
        let paced = origin == .paced
        let cycle = 60 / (paced ? pacingRate : ventricularRate)
        let irregularity = s.ventricles.irregularity.map { rng.draw($0) } ?? 0
        var style = conductedStyle
        style.code = defaultCode(for: morphology, origin: origin)
        if origin == .ventricular || origin == .torsades { style.polarity = rng.chance(0.6) ? 1 : -1 }
        let spikeAmplitude = s.pacing.map { rng.draw($0.spikeAmplitude) } ?? 0
        let retrograde = s.ventricles.retrogradeP.map { rng.pick($0.choices) }
        let retrogradeAmplitude = -rng.uniform(0.10, 0.18)
        let retrogradeDuration = rng.uniform(0.05, 0.07)
        let retrogradeLead = rng.uniform(0.085, 0.115)
        let retrogradeLag = rng.uniform(0.03, 0.07)
        let twist = s.ventricles.twistPeriod.map { rng.draw($0) } ?? 2
        let twistPhase = rng.uniform(0, 2 * .pi)

        var t = max(start + rng.uniform(0.1, 0.8) * cycle, events.lastVentricularOnset + max(0.3, 0.6 * cycle))
        while t < end {
            var beat = style
            if origin == .torsades {
                // The axis twists: amplitude and polarity follow a slow sinusoid.
                let envelope = sin(2 * .pi * t / twist + twistPhase)
                beat.polarity = envelope >= 0 ? 1 : -1
                beat.amplitude = style.amplitude * (0.15 + 0.85 * abs(envelope))
            }
            if paced { emitSpike(at: t - 0.004, amplitude: spikeAmplitude) }
            if retrograde == .before {
                emitP(onset: t - retrogradeLead, duration: retrogradeDuration, amplitude: retrogradeAmplitude)
            }
            emitBeat(onset: t, style: beat, nominalCycle: cycle)
            if retrograde == .after {
                emitP(onset: t + qrsDuration + retrogradeLag, duration: retrogradeDuration, amplitude: retrogradeAmplitude)
            }
            let z = min(max(rng.normal(), -2.5), 2.5)
            t += cycle * (1 + irregularity * z)
        }
    }
}
