import RhythmLibrary

/// Maps measurements to a library id with the ACLS rules a learner is taught:
/// first "is there an organised rhythm at all?" (arrest rhythms, judged on
/// the whole window without R peaks), then pacing, then rate, regularity,
/// P waves and their relation to the QRS, PR pattern and QRS width.
struct RhythmDecider: Sendable {
    let library: RhythmLibrary

    /// A decision before it is written up for the learner.
    struct Verdict {
        var id: String
        var confidence: Double
        var reason: String
        var alternatives: [String] = []
        var cannotTell: String? = nil
        /// The P waves marched out across the strip when the decision rests on
        /// them (AV block): the reported P waves and PR are read from them.
        var pTrain: PWaveMarcher.Train? = nil
    }

    func decide(_ analysis: StripAnalysis) -> StripClassification {
        let m = analysis.measurements
        let arrest = m.duration < 2.5 ? nil : arrestVerdict(analysis)
        if arrest == nil, let reason = indeterminateReason(m) {
            return StripClassification(
                outcome: .indeterminate(reason: reason), confidence: 0, measurements: m,
                explanation: LearnerExplanation(library: library).lines(for: nil, analysis: analysis, reason: reason))
        }
        var verdict = arrest ?? organisedVerdict(analysis)
        if !library.definitions.contains(where: { $0.id == verdict.id }) {
            verdict.confidence *= 0.5
        }
        let outcome: StripClassification.Outcome = verdict.cannotTell.map {
            .cannotTellOnOneLead(candidates: [verdict.id] + verdict.alternatives, reason: $0)
        } ?? .rhythm(verdict.id)
        let quality = m.signalQuality.score
        let confidence = max(0.05, min(0.99, verdict.confidence * (0.6 + 0.4 * quality)))
        // Report the figures as read for the rhythm named, consistent with one another.
        var reported = analysis
        reported.measurements = MeasurementReconciler(library: library).reconcile(
            m, rhythm: verdict.id, pTrain: verdict.pTrain,
            supraventricularBeats: Set(analysis.beats.indices.filter { analysis.beats[$0].isSupraventricularPremature }))
        return StripClassification(
            outcome: outcome, confidence: confidence, measurements: reported.measurements,
            explanation: LearnerExplanation(library: library).lines(for: verdict, analysis: reported, reason: verdict.reason),
            alternatives: verdict.alternatives)
    }

    private func indeterminateReason(_ m: StripMeasurements) -> String? {
        if m.duration < 2.5 { return "The strip is shorter than 3 seconds: too short to judge rate and regularity." }
        if m.signalQuality.tooNoisyToCall && m.arrest.steepFraction > 0.002 {
            return "Too much artefact to call: the baseline noise is close to the size of the QRS complexes. Check the leads and record again."
        }
        return nil
    }

    // MARK: Arrest rhythms (no organised QRS complexes)

    /// Share of the beats that recur (two near-identical partners) from which the
    /// beats are organised. In vfdb VF nearly all windows lie below 0.3, rhythms
    /// with beats nearly all above 0.7; the middle keeps a margin both ways.
    static let organisedRecurrence = 0.6
    /// Kerber et al. (AHA 1997): VT is shockable above 150/min.
    static let organisedRateLimit = 150.0
    /// Share of samples steeper than a 9 Hz sine of the strip's size: sharp QRS
    /// complexes. Synthetic VF with muscle noise at 6 dB reaches 0.015; a small
    /// noisy narrow-QRS sinus rhythm (vfdb 424) lies at 0.02-0.04.
    static let steepFractionLimit = 0.02

    private func arrestVerdict(_ analysis: StripAnalysis) -> Verdict? {
        let m = analysis.measurements
        let a = m.arrest
        // Asystole: nothing in the band where QRS complexes and fibrillation live.
        if a.bandRMS < 0.008 || (a.peakToPeak < 0.06 && a.bandRMS < 0.012) {
            return Verdict(id: "asystole", confidence: 0.9,
                           reason: "A flat line: no P waves, no QRS complexes, no fibrillatory waves.",
                           alternatives: ["vf-fine"])
        }
        // Complexes that recur in the same shape (sinus beats, unifocal PVCs) at a
        // rate below 150/min: an organised rhythm, however wide and rounded
        // (AHA: VT below 150/min is not shocked; see BeatRecurrence).
        // The trace as a whole must repeat no faster either: the sine-like waves of
        // torsades at 250/min recur too, but the detector marks only every other one.
        if a.beatRecurrence >= Self.organisedRecurrence,
           let beatRate = a.detectedBeatRate, beatRate < Self.organisedRateLimit,
           (a.cycleRate ?? 0) < Self.organisedRateLimit {
            return nil
        }
        // No isoelectric baseline and no sharp QRS complexes: the ventricles are
        // not conducting organised beats (VF) or are in a sine-like VT.
        guard a.isoelectricFraction < 0.4, a.steepFraction < Self.steepFractionLimit else { return nil }
        // Some baseline but no complexes of one shape: real VF in vfdb often
        // lingers near the baseline; an organised rhythm repeats its QRS.
        if a.isoelectricFraction >= 0.31 && analysis.dominantFraction >= 0.5 { return nil }
        // Beats of one shape at a steady, not fast rate: an organised (if wide) rhythm.
        let rate = m.ventricularRate ?? 0
        if analysis.dominantFraction >= 0.7, rate < 140, let rr = m.rr, rr.coefficientOfVariation < 0.15 { return nil }
        if a.dominantFrequency < 1.7 { return nil }
        // A periodic wide-complex rhythm puts its energy at the beat rate and its
        // harmonics; when the peak is a harmonic the energy is split between
        // them and the concentration around the peak alone looks chaotic.
        let peakIsHarmonicOfBeatRate = rate > 0 && (1...3).contains { (k: Int) -> Bool in
            let harmonic = Double(k) * rate / 60
            return abs(a.dominantFrequency - harmonic) <= 0.1 * harmonic
        }
        let organised = a.amplitudeModulation < 0.1
            && (a.spectralConcentration >= 0.85 || peakIsHarmonicOfBeatRate)
        let spectralRate = a.dominantFrequency * 60
        if organised {
            return Verdict(id: "vt-mono", confidence: 0.8,
                           reason: "Regular wide complexes of one shape at a fast rate, no P waves: monomorphic VT.",
                           alternatives: ["svt", "torsades"],
                           cannotTell: "SVT with aberrant conduction can look the same on one lead; treat a regular wide-complex tachycardia as VT.")
        }
        if a.dominantFrequency < 4.2 && a.dominantFrequency >= 2.5 && a.peakToPeak >= 0.8 && a.amplitudeModulation >= 0.08 {
            return Verdict(id: "torsades", confidence: 0.7,
                           reason: "Fast wide complexes (about \(Int(spectralRate))/min) whose size and direction twist around the baseline.",
                           alternatives: ["vf-coarse", "vt-mono"])
        }
        // Coarse and fine VF are taught by the size of the waves: above or below 3 mm (0.3 mV).
        let coarse = a.waveSize >= 0.3
        return Verdict(id: coarse ? "vf-coarse" : "vf-fine", confidence: 0.85,
                       reason: coarse ? "Chaotic waves larger than 3 mm with no identifiable P, QRS or T: coarse VF."
                                      : "Low chaotic waves under 3 mm with no identifiable P, QRS or T: fine VF (not asystole).",
                       alternatives: [coarse ? "vf-fine" : "vf-coarse", coarse ? "torsades" : "asystole"])
    }

    // MARK: Organised rhythms

    /// Share of QRS complexes with a distinct P wave before them that makes
    /// the atrial rhythm organised (P waves) rather than fibrillation.
    static let distinctPShare = 0.5
    /// PR spread (s, 15th-85th percentile) that is no fixed PR: P waves and
    /// QRS complexes unrelated (a PR can vary a few hundredths in sinus rhythm).
    static let dissociatedPRSpread = 0.12
    /// P wave to QRS (s) beyond which a P wave is not conducting that QRS.
    static let longestConductedPR = 0.5
    /// PR spread (s) read as the same PR before every conducted beat (Mobitz II).
    static let constantPRSpread = 0.04
    /// Below this share of R-R intervals with a flat stretch, the baseline never rests.
    static let restingBaselineShare = 0.2

    private func organisedVerdict(_ analysis: StripAnalysis) -> Verdict {
        let m = analysis.measurements
        let rate = m.ventricularRate ?? 0
        let width = m.qrsWidth ?? 0.08
        let wide = width >= 0.12
        let atrial = m.atrial
        let pr = m.pr

        // Pacemaker rhythms: spikes with captures.
        if m.pacing.spikeCount >= 2 {
            let v = m.pacing.ventricularSpikes, at = m.pacing.atrialSpikes
            if v >= 2 && at >= 2 { return Verdict(id: "paced-av", confidence: 0.9, reason: "Two spikes per beat: atrial then ventricular pacing.", alternatives: ["paced-ventricular"]) }
            if v >= 2 && m.pacing.filteredSpikes >= 2 {
                return Verdict(id: "paced-ventricular", confidence: 0.85,
                               reason: "A pacemaker spike at the onset of every wide QRS: here what the recorder's filter left of it, a sharp narrow deflection just before the slurred complex.",
                               alternatives: ["paced-av"])
            }
            if v >= 2 { return Verdict(id: "paced-ventricular", confidence: 0.9, reason: "A pacemaker spike before every wide QRS.", alternatives: ["paced-av"]) }
            if at >= 2 { return Verdict(id: "paced-atrial", confidence: 0.85, reason: "A pacemaker spike before every P wave, then a narrow QRS.", alternatives: ["nsr"]) }
        }

        // Blocked P waves march on at a regular P-P; waves at random intervals are fibrillatory waves or noise.
        let pWavesMarch = (analysis.atrialCycleVariation ?? 1) < 0.25
        // P waves marched out across the strip (calipers), the ST-T taken away so
        // that P waves on a T wave count too.
        // More P waves than QRS complexes (the atrial rate clearly above the ventricular rate).
        if let train = analysis.pTrain, rate > 0, let rr = m.rr, train.atrialRate >= 1.1 * rate {
            // Complete heart block: regular P waves faster than the regular slow
            // QRS complexes, and no fixed PR: the PR changes from beat to beat,
            // or no P wave stands at a conducting distance before the QRS.
            if rate < 60, train.atrialRate >= 1.3 * rate, rr.coefficientOfVariation < 0.08,
               train.prSpread >= Self.dissociatedPRSpread || train.medianPR.map({ $0 > Self.longestConductedPR }) == true,
               pr.pattern != .progressiveLengthening {
                return Verdict(id: "chb", confidence: 0.75,
                               reason: "P waves march through regularly at about \(Int(train.atrialRate.rounded()))/min, faster than the regular QRS complexes, and the PR changes from beat to beat: the atria and ventricles beat independently (AV dissociation).",
                               alternatives: ["av-block-2to1", "idioventricular"], pTrain: train)
            }
            // Mobitz II: regular P waves, the same PR before every conducted QRS,
            // and a P wave in the pause that is not conducted.
            if train.blocked >= 1, train.prSpread < Self.constantPRSpread, rr.maximum >= 1.5 * rr.median,
               pr.pattern != .progressiveLengthening {
                return Verdict(id: "mobitz2", confidence: 0.75,
                               reason: "Regular P waves with the same PR before every conducted QRS, and a P wave in the pause that is suddenly not conducted.",
                               alternatives: ["mobitz1", "av-block-2to1"], pTrain: train)
            }
        }

        // Complete heart block: P waves march regularly, the QRS complexes march
        // regularly and slower, and the PR varies without pattern (AV dissociation).
        if let atrialRate = atrial.atrialRate, !atrial.flutterWaves, pWavesMarch, atrial.pWaveCount >= 4,
           rate > 0, rate < 60, atrialRate >= 1.3 * rate, let rr = m.rr, rr.coefficientOfVariation < 0.08,
           analysis.prSpread >= 0.08, pr.pattern != .progressiveLengthening {
            return Verdict(id: "chb", confidence: 0.75, reason: "P waves and QRS complexes each regular but unrelated (AV dissociation).", alternatives: ["av-block-2to1", "idioventricular"])
        }

        // Multifocal atrial tachycardia: irregular, fast, a P wave before every
        // QRS but of changing shape (and PR) as different atrial foci fire.
        let irregularRhythm = analysis.supraventricularIrregularity >= 0.1 || m.regularity == .irregularlyIrregular
        if irregularRhythm, rate >= 100, !atrial.flutterWaves, analysis.pBeforeAnyPolarity >= 0.7,
           analysis.mixedPolarity || atrial.kind == .multiformPWaves || analysis.prSpread >= 0.05
            || m.regularity == .irregularlyIrregular {
            return Verdict(id: "mat", confidence: 0.7, reason: "Irregular, fast, with P waves of at least three shapes and a changing PR.", alternatives: ["afib-rvr", "sinus-tach"])
        }

        // MAT against AF, beat by beat: in MAT a distinct P wave rises from a
        // flat baseline before the QRS complexes (here at least half of them:
        // a small P on a T wave may be missed), from several foci (three or
        // more shapes, a changing PR, or upright and inverted P waves); in AF
        // the baseline undulates with no wave standing out.
        let irregularRR = irregularRhythm || m.regularity == .irregular
        // A distinct P wave before most QRS complexes, beat by beat.
        let distinctP = analysis.beatsScannedForP >= 4 && analysis.discretePFraction >= Self.distinctPShare
        if irregularRR, rate >= 100, !atrial.flutterWaves, distinctP,
           analysis.discretePShapes >= 3 || analysis.discretePRSpread >= 0.04 || analysis.mixedPolarity {
            return Verdict(id: "mat", confidence: 0.7,
                           reason: "Irregular and fast, with a distinct P wave before the QRS complexes (not a wavy fibrillatory baseline) and P waves of at least three shapes or a changing PR: several atrial foci.",
                           alternatives: ["afib-rvr", "sinus-tach"])
        }

        // Atrial fibrillation: the supraventricular beats come irregularly
        // irregularly (PVCs left out) and no P wave keeps a constant PR.
        let consistentP = analysis.pBeforeQRSFraction >= 0.5 && analysis.prSpread < 0.1
        // Blocked P waves (Wenckebach, Mobitz II) mean an organised atrium, not AF;
        // AF's ventricular response is rarely below 45/min.
        let blockedP = (pr.droppedBeats >= 1 || pr.pattern == .progressiveLengthening) && pWavesMarch
        // A distinct P wave before most QRS complexes (`distinctP`) is not AF either.
        if analysis.supraventricularIrregularity >= 0.1, !consistentP, !blockedP, !distinctP, !atrial.flutterWaves, m.beatCount >= 6,
           rate >= 45, !(m.pacing.spikeCount >= 2) {
            return rate > 100
                ? Verdict(id: "afib-rvr", confidence: 0.85, reason: "Irregularly irregular, fast, no P waves.", alternatives: ["mat", "aflutter-variable"])
                : Verdict(id: "afib", confidence: 0.85, reason: "Irregularly irregular with no P waves, only a fibrillatory baseline.", alternatives: ["aflutter-variable", "mat"])
        }

        // Ectopy on an otherwise sinus rhythm.
        let e = m.ectopy
        if e.ventricularPremature > 0 && e.pattern != .run {
            switch e.pattern {
            case .bigeminy: return Verdict(id: "vent-bigeminy", confidence: 0.85, reason: "Every other beat is a premature wide PVC.", alternatives: ["sinus-pvc"])
            case .trigeminy: return Verdict(id: "vent-trigeminy", confidence: 0.85, reason: "Every third beat is a premature wide PVC.", alternatives: ["sinus-pvc"])
            case .couplets: return Verdict(id: "pvc-couplets", confidence: 0.8, reason: "Pairs of PVCs back to back.", alternatives: ["sinus-pvc", "vt-mono"])
            default:
                if e.ventricularPremature * 3 < max(3, m.beatCount) || !wide {
                    return Verdict(id: "sinus-pvc", confidence: 0.8, reason: "Sinus beats with occasional premature wide beats (PVCs).", alternatives: ["sinus-pac"])
                }
            }
        }

        // Wide-complex rhythms with no P waves before them.
        if wide && !atrial.pWavesFound && atrial.kind != .flutter {
            if rate > 100 {
                return Verdict(id: "vt-mono", confidence: 0.8, reason: "Regular wide-complex tachycardia without P waves.",
                               alternatives: ["svt", "torsades"],
                               cannotTell: rate < 150 ? nil : nil)
            }
            if pr.pattern == .variableDissociated && atrial.pWaveCount >= 3 || (atrial.atrialRate ?? 0) > rate * 1.3 && atrial.pWaveCount >= 3 {
                return Verdict(id: "chb", confidence: 0.75, reason: "P waves march through at their own rate, unrelated to slow wide escape beats.", alternatives: ["idioventricular", "av-block-2to1"])
            }
            if rate < 40 { return Verdict(id: "idioventricular", confidence: 0.8, reason: "Slow, wide, regular ventricular escape rhythm with no P waves.", alternatives: ["chb", "aivr"]) }
            if rate >= 60 {
                // At a sinus rate, a bundle branch block whose P waves hide in the T waves (a long
                // PR, as in MIT-BIH 109's left bundle branch block) looks the same on one lead.
                return Verdict(id: "aivr", confidence: 0.6,
                               reason: "Wide regular rhythm at 60-100/min with no P waves seen: accelerated idioventricular rhythm, or sinus rhythm with bundle branch block whose P waves are hidden (in the T wave when the PR is long); look for P waves on another lead.",
                               alternatives: ["sinus-bbb", "idioventricular", "vt-mono"])
            }
            return Verdict(id: "aivr", confidence: 0.75, reason: "Wide regular ventricular rhythm at 40-100/min with no P waves.", alternatives: ["idioventricular", "vt-mono"])
        }

        // Flutter.
        if atrial.flutterWaves {
            let ratio = (atrial.atrialRate ?? 300) / max(rate, 1)
            if m.regularity == .irregular || m.regularity == .irregularlyIrregular || m.regularity == .phasic {
                return Verdict(id: "aflutter-variable", confidence: 0.8, reason: "Sawtooth flutter waves with a changing conduction ratio.", alternatives: ["afib"])
            }
            if ratio < 3 || rate > 110 { return Verdict(id: "aflutter-2to1", confidence: 0.8, reason: "Flutter waves, two for every QRS.", alternatives: ["sinus-tach", "svt"]) }
            return Verdict(id: "aflutter-4to1", confidence: 0.8, reason: "Flutter waves, four for every QRS.", alternatives: ["aflutter-variable"])
        }

        // More P waves than QRS complexes: AV block.
        let pPerQRS = m.pToQRSRatio ?? 0
        if atrial.pWaveCount >= 3 && (pr.droppedBeats >= 1 || pPerQRS >= 1.4) && pWavesMarch {
            switch pr.pattern {
            // Wenckebach groups the beats (R-R shortens, then a pause); with a
            // regular slow R-R the changing PR is dissociation, not lengthening.
            case .progressiveLengthening where m.regularity == .regular && rate < 50 && (atrial.atrialRate ?? 0) >= 1.3 * rate:
                return Verdict(id: "chb", confidence: 0.7, reason: "Slow regular QRS complexes while the PR changes and more P waves than QRS complexes: AV dissociation.", alternatives: ["mobitz1", "av-block-2to1"])
            case .progressiveLengthening:
                return Verdict(id: "mobitz1", confidence: 0.8, reason: "The PR lengthens beat by beat until a P wave is not conducted.", alternatives: ["mobitz2", "av-block-2to1"])
            case .variableDissociated:
                return Verdict(id: "chb", confidence: 0.75, reason: "P waves and QRS complexes each regular but unrelated (AV dissociation).", alternatives: ["av-block-2to1"])
            default:
                if pPerQRS >= 1.7 && m.regularity == .regular {
                    return Verdict(id: "av-block-2to1", confidence: 0.75, reason: "Two P waves for every QRS with a constant PR.",
                                   alternatives: ["mobitz1", "mobitz2"],
                                   cannotTell: "With 2:1 conduction there are never two conducted PRs in a row, so type I and type II cannot be told apart on this strip.")
                }
                // A non-conducted P drops a QRS: there must be a pause in the R-R intervals.
                let pause = m.rr.map { $0.maximum >= 1.5 * $0.median } ?? false
                if pause && (m.regularity != .regular || pr.droppedBeats >= 1) {
                    return Verdict(id: "mobitz2", confidence: 0.7, reason: "Constant PR with a P wave suddenly not conducted.", alternatives: ["mobitz1", "sinus-pause"])
                }
            }
        }

        // Irregularly irregular without P waves: atrial fibrillation; with changing P waves: MAT.
        if m.regularity == .irregularlyIrregular || (m.regularity == .irregular && !atrial.pWavesFound && e.supraventricularPremature > 1) {
            if atrial.pWavesFound && (atrial.kind == .multiformPWaves || analysis.prSpread >= 0.04) && rate >= 100 {
                return Verdict(id: "mat", confidence: 0.7, reason: "Irregular, fast, with P waves of at least three shapes.", alternatives: ["afib-rvr"])
            }
            if !atrial.pWavesFound || analysis.pBeforeQRSFraction < 0.6 {
                return rate > 100
                    ? Verdict(id: "afib-rvr", confidence: 0.85, reason: "Irregularly irregular, fast, no P waves.", alternatives: ["mat", "aflutter-variable"])
                    : Verdict(id: "afib", confidence: 0.85, reason: "Irregularly irregular with no P waves, only a fibrillatory baseline.", alternatives: ["aflutter-variable", "mat"])
            }
        }

        // Pauses in a sinus rhythm: a long gap with no P wave in it.
        if let rr = m.rr, rr.maximum > 1.75 * rr.median, rr.maximum >= 1.5, atrial.pWavesFound, pr.droppedBeats == 0 {
            return Verdict(id: "sinus-pause", confidence: 0.75, reason: "Sinus rhythm interrupted by a pause with no P wave.", alternatives: ["mobitz2", "sinus-arrhythmia"])
        }

        // Premature supraventricular beats.
        if e.supraventricularPremature >= 1 && atrial.pWavesFound {
            return Verdict(id: "sinus-pac", confidence: 0.75, reason: "Sinus beats with early narrow beats that have their own P wave.", alternatives: ["sinus-arrhythmia"])
        }


        // A regular narrow tachycardia at the ventricular rate of 2:1 flutter
        // (half of 250-350/min) with no P waves and a baseline that never comes
        // to rest between the complexes: flutter waves, one hidden in each QRS-T.
        // (AF's undulating baseline comes with an irregular rhythm.)
        if !wide, m.regularity == .regular, rate >= 125, rate <= 175,
           atrial.kind == .fibrillation || atrial.kind == .none,
           analysis.beatsScannedForP >= 4, analysis.isoelectricShare < Self.restingBaselineShare {
            return Verdict(id: "aflutter-2to1", confidence: 0.65,
                           reason: "Regular narrow tachycardia at about \(Int(rate.rounded()))/min with no P waves and no flat (isoelectric) baseline between the complexes: flutter waves, one of each pair hidden in the QRS-T (2:1).",
                           alternatives: ["svt", "sinus-tach"])
        }

        // Narrow rhythms without P waves before the QRS: junctional / SVT.
        if !atrial.pWavesFound || atrial.kind == .retrogradePWaves || (pr.seconds ?? 0.2) < 0.1 {
            if rate >= 150 { return Verdict(id: "svt", confidence: 0.75, reason: "Regular narrow tachycardia at 150/min or more with no visible P waves.", alternatives: ["sinus-tach", "aflutter-2to1"]) }
            if rate > 100 { return Verdict(id: "junctional-tach", confidence: 0.65, reason: "Regular narrow tachycardia without normal P waves.", alternatives: ["svt", "sinus-tach"]) }
            if rate >= 60 { return Verdict(id: "junctional-accel", confidence: 0.7, reason: "Regular narrow rhythm at 60-100/min with absent or inverted P waves.", alternatives: ["nsr"]) }
            if wide { return Verdict(id: "idioventricular", confidence: 0.5, reason: "Slow rhythm without P waves.", alternatives: ["junctional"]) }
            return Verdict(id: "junctional", confidence: 0.7, reason: "Regular narrow rhythm at 40-60/min with absent or inverted P waves.", alternatives: ["sinus-brady"])
        }

        // A slow regular rhythm whose PR varies without pattern is not sinus
        // conduction: the P waves are unrelated to the escape beats (AV dissociation).
        if pr.pattern == .variableDissociated, m.regularity == .regular, rate < 50, atrial.pWaveCount >= 3 {
            return Verdict(id: "chb", confidence: 0.65, reason: "Slow regular QRS complexes with P waves at a PR that changes without pattern: AV dissociation.", alternatives: ["sinus-bbb", "idioventricular"])
        }

        // Sinus rhythms.
        if wide { return Verdict(id: "sinus-bbb", confidence: 0.8, reason: "Sinus rhythm with a wide QRS: bundle branch block.", alternatives: ["aivr"]) }
        if let p = pr.seconds, p > 0.21 { return Verdict(id: "av-block-1", confidence: 0.8, reason: "Sinus rhythm with every PR longer than 0.20 s.", alternatives: ["nsr"]) }
        if m.regularity != .regular, let rr = m.rr, rr.coefficientOfVariation >= 0.05, analysis.pBeforeQRSFraction >= 0.7 { return Verdict(id: "sinus-arrhythmia", confidence: 0.7, reason: "Sinus rhythm whose rate rises and falls with breathing.", alternatives: ["sinus-pac", "afib"]) }
        if rate > 100 { return Verdict(id: "sinus-tach", confidence: 0.85, reason: "Sinus rhythm faster than 100/min.", alternatives: ["svt", "aflutter-2to1"]) }
        if rate < 60 { return Verdict(id: "sinus-brady", confidence: 0.85, reason: "Sinus rhythm slower than 60/min.", alternatives: ["junctional", "av-block-2to1"]) }
        return Verdict(id: "nsr", confidence: 0.85, reason: "Regular sinus rhythm at 60-100/min.", alternatives: ["sinus-arrhythmia"])
    }
}
