/// Finds the beats of a ventricular demand pacemaker (NASPE/BPEG code VVI)
/// from their timing, where the pacing spikes themselves are lost (MIT-BIH
/// 217: the recorder's filtering leaves ~0.1 mV remnants).
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
/// Checked on the reference beat labels and on our beat families of the 26
/// MIT-BIH records (see the test `DemandPacingTests`): only 217's paced family
/// qualifies. Records 102, 104 and 107, paced throughout or at the intrinsic
/// rate, do not (too few intrinsic beats, or intrinsic beats no faster than
/// the pacing), and need not: they hold no atrial fibrillation.
struct DemandPacing: Sendable {
    /// For each beat: a paced beat.
    let paced: [Bool]
    /// Median R-R before the paced beats, samples.
    let escapeInterval: Double

    /// A family must hold this share of the beats, and the intrinsic beats too.
    static let minimumShare = 0.1
    /// R-R before the paced beats within this fraction of their median...
    static let intervalTolerance = 0.08
    /// ...for at least this share of them (sinus families of MIT-BIH reach 0.75-0.8 only
    /// where the record's rate hardly changes; 217's paced family 0.92).
    static let fixedIntervalShare = 0.85
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
    /// Another family whose median preceding R-R lies this close to the escape
    /// interval, with nearly as many of its R-R within `intervalTolerance` of it,
    /// is paced too (fusion and pseudo-fusion shapes: 217's families of fusion
    /// beats at +0 to +1 %, 0.84-0.88; its intrinsic family at -10 %, 0.39).
    /// Counting more shapes as paced (217's second paced shape, 0.76) shortens
    /// the AF found: 217 DSe 66.6 % instead of 75.8 %.
    static let siblingTolerance = 0.04
    static let siblingFixedShare = 0.8

    /// The demand-paced beats of a record, or nil when no family is paced.
    static func find(beats: [Int], morphology: BeatMorphology, samplingFrequency fs: Double) -> DemandPacing? {
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
        // Largest family first; ties to the lower family number.
        let order = (0..<familyCount).sorted { (morphology.familySizes[$0], -$0) > (morphology.familySizes[$1], -$1) }
        for f in order where Double(morphology.familySizes[f]) >= minimumShare * Double(n) {
            let escape = median(into[f])
            guard escapeRange.contains(escape / fs), fixedShare(into[f], around: escape) >= fixedIntervalShare else { continue }
            var afterSame: [Double] = [], afterOther: [Double] = []
            for i in 1..<n where family[i] == f && family[i - 1] >= 0 {
                let rr = Double(beats[i] - beats[i - 1])
                if family[i - 1] == f { afterSame.append(rr) } else { afterOther.append(rr) }
            }
            guard afterSame.count >= 5, afterOther.count >= 5 else { continue }
            guard abs(median(afterOther) / median(afterSame) - 1) <= resetTolerance else { continue }
            var others = 0, faster = 0
            for i in 1..<n where family[i] >= 0 && family[i] != f {
                others += 1
                if Double(beats[i] - beats[i - 1]) < (1 - fasterBy) * escape { faster += 1 }
            }
            guard Double(others) >= minimumShare * Double(n), Double(faster) >= fasterShare * Double(others) else { continue }
            let longer = allIntervals.filter { $0 > (1 + floorMargin) * escape }.count
            guard Double(longer) <= longerShare * Double(allIntervals.count) else { continue }
            var families = [f]
            for g in 0..<familyCount where g != f && morphology.conductedFamily(g) && into[g].count >= 5 {
                let m = median(into[g])
                if abs(m - escape) <= siblingTolerance * escape && fixedShare(into[g], around: escape) >= siblingFixedShare { families.append(g) }
            }
            let paced = family.map { families.contains($0) }
            return DemandPacing(paced: paced, escapeInterval: escape)
        }
        return nil
    }
}
