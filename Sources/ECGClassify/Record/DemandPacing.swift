/// Finds the beats of a ventricular demand pacemaker (NASPE/BPEG code VVI)
/// from two independent signatures: the remnant of the pacing spike before
/// each paced QRS, and the timing of a demand pacemaker.
///
/// The spike: a pacing pulse lasts 0.4-0.5 ms and reaches the skin as a
/// deflection of several mV (unipolar) to under 1 mV (bipolar leads); a
/// recorder of 0.1-100 Hz bandwidth sampling at 250-360 Hz keeps only its
/// impulse response, a corner or narrow peak a few samples wide (MIT-BIH 102,
/// 104, 107, 217: 0.1-1 mV). No physiological deflection bends that sharply,
/// so the paced beats' sharpest bend (second difference, one sample each side)
/// stands well above that of the intrinsic beats of the same record: in 217,
/// 4.1-4.6 times (lead V1). The spike alone is no proof: a narrow sinus QRS
/// bends more sharply than a wide premature ventricular beat (up to 3.5 times
/// between two families of the unpaced MIT-BIH records, 208), and the timing
/// alone is no proof either (below).
///
/// A VVI pacemaker fires when no intrinsic beat has come within its escape
/// interval, and restarts that interval at every sensed beat (Bernstein et al.,
/// The revised NASPE/BPEG generic code for antibradycardia pacing, PACE
/// 2002;25:260-4; Kusumoto et al., 2018 ACC/AHA/HRS bradycardia guideline).
/// Its beats therefore form one shape family whose preceding R-R is the same
/// programmed interval through the whole record, whatever beat came before
/// (no compensatory pause after an intrinsic beat), while the intrinsic beats
/// that compete with it come earlier, and almost no R-R is longer than it.
/// Sinus rhythm is regular too, but its rate drifts over a 30-minute record
/// and a sinus beat after a premature ventricular beat follows a compensatory
/// pause.
///
/// Both signatures are required, so neither threshold carries the decision
/// alone: a sinus family as regular as a pacemaker (MIT-BIH 114 at a fixed
/// share of 0.68) has no spike, and the spike (or any sharp artefact) with no
/// escape interval is not demand pacing. Checked on the reference beat labels
/// and on our beat families of the 26 MIT-BIH records (see the test
/// `DemandPacingTests`): only 217's paced families qualify. Records 102, 104
/// and 107, paced throughout or at the intrinsic rate, do not (too few
/// intrinsic beats, or intrinsic beats no faster than the pacing), and need
/// not: they hold no atrial fibrillation.
struct DemandPacing: Sendable {
    /// For each beat: a paced beat.
    let paced: [Bool]
    /// Median R-R before the paced beats, samples.
    let escapeInterval: Double
    /// QRS width (s) of each paced family, measured with the spike's remnant
    /// left out (`BeatMorphology.pacedWidth`): the family's own width is the
    /// spike's, 0.01 s in MIT-BIH 217.
    var qrsWidths: [Int: Double] = [:]

    /// A family must hold this share of the beats, and the intrinsic beats too.
    static let minimumShare = 0.1
    /// R-R before the paced beats within this fraction of their median...
    static let intervalTolerance = 0.08
    /// ...for at least this share of them: most of them, with a margin (217's paced
    /// family 0.92, its intrinsic family 0.39). Regular sinus families reach 0.68-0.8
    /// where the rate hardly changes (MIT-BIH 114): the spike test excludes them.
    static let fixedIntervalShare = 0.75
    /// The family's median sharpest bend (per lead, the largest ratio over the
    /// leads) over that of the competing intrinsic beats: a pacing spike at least
    /// doubles it (217: 4.1-4.6 for its paced families; 114's families: at most 1.2).
    /// 217 is found alike from 1.6 to 4 (see the sensitivity test).
    static let spikeRatio = 2.0
    /// Where the spike is sought around a detected R peak: a paced QRS lasts up to
    /// 0.16-0.2 s and the detector may mark its first or its largest deflection
    /// (217: the spike 5-90 ms before the mark, or on it).
    static let spikeBefore = 0.12, spikeAfter = 0.05
    /// R-R into a paced beat after an intrinsic beat over that after a paced beat:
    /// 1 within this (the escape interval restarts at each sensed beat; a compensatory
    /// pause after a premature ventricular beat gives 1.2-1.8).
    static let resetTolerance = 0.1
    /// Intrinsic beats compete: this share of them come at least `fasterBy` earlier than the escape interval.
    static let fasterShare = 0.4
    static let fasterBy = 0.05
    /// The escape interval is the longest R-R: at most this share of all R-R exceed it by `floorMargin`.
    static let longerShare = 0.05
    static let floorMargin = 0.1
    /// Programmable lower rates of pacemakers, 30-100/min (escape intervals 0.6-2 s).
    static let escapeRange = 0.6...2.0
    /// Another family carrying the spike whose median preceding R-R lies this close
    /// to the escape interval is paced too (fusion, pseudo-fusion and a second paced
    /// shape: 217's at +0 to +2 %; its intrinsic family at -10 %).
    static let siblingTolerance = 0.04

    /// The demand-paced beats of a record, or nil when no family is paced.
    static func find(beats: [Int], leads: [[Float]], morphology: BeatMorphology, samplingFrequency fs: Double,
                     fixedShare minimumFixedShare: Double = fixedIntervalShare, spikeRatio minimumSpikeRatio: Double = spikeRatio) -> DemandPacing? {
        let n = beats.count
        guard n >= 20 else { return nil }
        let family = morphology.family
        let familyCount = morphology.familySizes.count
        var into = [[Double]](repeating: [], count: familyCount)
        for i in 1..<n where family[i] >= 0 { into[family[i]].append(Double(beats[i] - beats[i - 1])) }
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
        }
        func fixedShare(_ values: [Double], around center: Double) -> Double {
            values.isEmpty ? 0 : Double(values.filter { abs($0 - center) <= intervalTolerance * center }.count) / Double(values.count)
        }
        let allIntervals = (1..<n).map { Double(beats[$0] - beats[$0 - 1]) }
        // Measured only once a family passes the timing tests (217 alone of
        // the MIT-BIH records gets that far).
        var measuredBends: [[Float]]?
        // Largest family first; ties to the lower family number.
        let order = (0..<familyCount).sorted { (morphology.familySizes[$0], -$0) > (morphology.familySizes[$1], -$1) }
        for f in order where Double(morphology.familySizes[f]) >= minimumShare * Double(n) {
            let escape = median(into[f])
            guard escapeRange.contains(escape / fs), fixedShare(into[f], around: escape) >= minimumFixedShare else { continue }
            var afterSame: [Double] = [], afterOther: [Double] = []
            for i in 1..<n where family[i] == f && family[i - 1] >= 0 {
                let rr = Double(beats[i] - beats[i - 1])
                if family[i - 1] == f { afterSame.append(rr) } else { afterOther.append(rr) }
            }
            guard afterSame.count >= 5, afterOther.count >= 5 else { continue }
            guard abs(median(afterOther) / median(afterSame) - 1) <= resetTolerance else { continue }
            var others = 0, faster = 0
            var competing: [Int] = []
            for i in 1..<n where family[i] >= 0 && family[i] != f {
                others += 1
                if Double(beats[i] - beats[i - 1]) < (1 - fasterBy) * escape { faster += 1; competing.append(i) }
            }
            guard Double(others) >= minimumShare * Double(n), Double(faster) >= fasterShare * Double(others) else { continue }
            let longer = allIntervals.filter { $0 > (1 + floorMargin) * escape }.count
            guard Double(longer) <= longerShare * Double(allIntervals.count) else { continue }
            // The spike: this family's sharpest bend against the competing intrinsic beats'.
            let bends = measuredBends ?? sharpestBends(beats: beats, leads: leads, samplingFrequency: fs)
            measuredBends = bends
            let references = bends.map { lead in median(competing.map { Double(lead[$0]) }) }
            func spikeRatio(_ g: Int) -> Double {
                var best = 0.0
                for lead in bends.indices {
                    let own = median(beats.indices.filter { family[$0] == g }.map { Double(bends[lead][$0]) })
                    if references[lead] > 0 { best = max(best, own / references[lead]) }
                }
                return best
            }
            guard spikeRatio(f) >= minimumSpikeRatio else { continue }
            var families = [f]
            for g in 0..<familyCount where g != f && morphology.conductedFamily(g) && into[g].count >= 5 {
                if abs(median(into[g]) - escape) <= siblingTolerance * escape && spikeRatio(g) >= minimumSpikeRatio { families.append(g) }
            }
            let paced = family.map { families.contains($0) }
            // Each paced family's spike: the median place (from the R peak) of the
            // sharpest bend, on the lead where the spike stands out most.
            var widths: [Int: Double] = [:]
            for g in families {
                var bestLead = 0, bestRatio = -1.0
                for lead in bends.indices where references[lead] > 0 {
                    let ratio = median(beats.indices.filter { family[$0] == g }.map { Double(bends[lead][$0]) }) / references[lead]
                    if ratio > bestRatio { bestRatio = ratio; bestLead = lead }
                }
                let offsets = beats.indices.filter { family[$0] == g }.map { Double(Self.sharpestBend(beats[$0], lead: leads[bestLead], samplingFrequency: fs).offset) }
                let spike = morphology.slopeEnvelopeR + Int(median(offsets))
                if morphology.familySlopeEnvelopes.indices.contains(g),
                   let width = BeatMorphology.pacedWidth(ofSlopeEnvelope: morphology.familySlopeEnvelopes[g], spike: spike, fs: fs) {
                    widths[g] = width
                }
            }
            return DemandPacing(paced: paced, escapeInterval: escape, qrsWidths: widths)
        }
        return nil
    }

    /// The largest second difference (one sample each side, in absolute
    /// value) from `spikeBefore` before to `spikeAfter` after the R peak `r`,
    /// and where it lies (samples from `r`; the first of equal ones, 0 when
    /// none is above 0).
    static func sharpestBend(_ r: Int, lead: [Float], samplingFrequency fs: Double) -> (size: Float, offset: Int) {
        let before = Int((spikeBefore * fs).rounded()), after = Int((spikeAfter * fs).rounded())
        let lo = max(1, r - before), hi = min(lead.count - 2, r + after)
        var best: Float = 0, at = r
        if lo <= hi {
            for i in lo...hi {
                let bend = abs(lead[i] - 0.5 * (lead[i - 1] + lead[i + 1]))
                if bend.isFinite && bend > best { best = bend; at = i }
            }
        }
        return (best, at - r)
    }

    /// For each lead and beat: the largest second difference (one sample each side)
    /// from `spikeBefore` before to `spikeAfter` after the R peak, in absolute value.
    static func sharpestBends(beats: [Int], leads: [[Float]], samplingFrequency fs: Double) -> [[Float]] {
        leads.map { lead in beats.map { sharpestBend($0, lead: lead, samplingFrequency: fs).size } }
    }
}
