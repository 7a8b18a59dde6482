/// Finds small P waves by what makes them P waves rather than by their size:
/// the same wave, at the same distance, before every QRS (ACLS: an upright P
/// wave before every QRS at a constant PR). The stretches before the beats are
/// averaged with the QRS onset as the trigger (as P-wave-triggered signal
/// averaging does: Fukunami et al., Circulation 1991;83:162-9), so a wave of
/// 0.05 mV that recurs before every beat stands out of noise that does not
/// recur, and each beat must then repeat the average. Fibrillatory waves are
/// not tied to the QRS and average out. Flutter waves locked to the QRS by a
/// fixed conduction ratio (4:1) do recur, but as a sawtooth: one wave fills a
/// whole flutter cycle (0.17-0.24 s) and the next follows one cycle on, while
/// a P wave is a single short wave (under 0.12 s) on an isoelectric baseline.
///
/// The strip is read lightly smoothed and measured from the isoelectric level
/// at the end of each PR segment (joined linearly from beat to beat, as
/// `BeatAtrialScanner` does), only after the previous beat's T wave. The ST-T
/// is not taken away with an average beat: with flutter at a fixed ratio that
/// average holds the flutter waves and would flatten them.
struct TimeLockedPWave: Sendable {
    let fs: Double
    var thresholds: Thresholds

    init(samplingFrequency: Double, thresholds: Thresholds = .standard) {
        fs = samplingFrequency
        self.thresholds = thresholds
    }

    struct Result: Sendable {
        /// The P wave found before each consistent beat (its peak), in time order.
        var waves: [StripAnalysis.AtrialWave]
        /// PR of each beat of the strip (P onset, taken 0.045 s before the peak,
        /// to QRS onset), nil where no P wave was read.
        var prPerBeat: [Double?]
        /// Height of the averaged P wave above the baseline around it, mV.
        var amplitude: Double
        /// Share of the examined beats whose own P wave repeats the average.
        var consistentShare: Double
    }

    /// The tests' limits (a type of its own so that the sensitivity tests can
    /// move each one).
    struct Thresholds: Sendable {
        /// Widest averaged wave at half its height (s). A P wave lasts under
        /// 0.12 s (Hancock et al., AHA/ACCF/HRS recommendations for the
        /// standardization and interpretation of the ECG, part V, Circulation
        /// 2009;119:e251-61), about 0.06 s at half height, 0.08 s on this
        /// smoothed trace (MIT-BIH sinus P waves 0.05-0.08 s); a flutter wave
        /// fills its cycle, half of it at half height: 0.085-0.12 s (our
        /// synthetic 4:1 flutter: 0.06-0.12 s, 90 % above 0.08 s).
        var widestHalfWidth = 0.09
        /// Another wave in the average at least this share of the P wave's
        /// height (from the trough between them) is a flutter wave's neighbour.
        var secondWaveShare = 0.5
        /// The P wave's peak must rise at least this share of its height above
        /// the PR segment's level: a P wave rises from the isoelectric line, while
        /// a flutter crest may sit level with a PR end that falls on its slope.
        var aboveSegmentShare = 0.5
        /// The averaged P wave must stand at least twice (1 / 0.5) the RMS of the
        /// averaged baseline around it (a straight line, for a T wave's tail).
        var flatShare = 0.5
        /// A beat repeats the average when its stretch around the P wave
        /// (0.14 s) correlates with the average of the other beats this much...
        var beatCorrelation = 0.6
        /// ...and its own wave there is 0.4-2.5 times the averaged height.
        var beatSize = (low: 0.4, high: 2.5)
        /// Share of the examined beats that must repeat the average (one beat in
        /// five may be spoiled by noise or wander).
        var consistentNeeded = 0.8
        /// The averaged P wave must reach 0.02 mV (a P wave of 0.04-0.05 mV is
        /// half a small square at 10 mm/mV, about the smallest a reader can see).
        var smallestAverage = 0.02
        /// The beats' own P peaks, and so the PR, vary by less than this (s,
        /// 15th-85th percentile): a constant PR.
        var prSpreadLimit = 0.04

        static let standard = Thresholds()
    }

    private func samples(_ seconds: Double) -> Int { max(1, Int((seconds * fs).rounded())) }

    /// The stretch before the QRS onset that is averaged (s): a P wave with a
    /// PR up to 0.30 s (first-degree AV block) and baseline either side.
    static let window = (from: 0.42, to: 0.03)
    /// Where the averaged P wave's peak may lie before the QRS onset (s): a PR
    /// (P onset to QRS onset, the peak about 0.045 s after the onset) of
    /// 0.115-0.345 s. A PR under 0.12 s is not sinus conduction (ACLS); a
    /// retrograde P of junctional rhythm lies closer.
    static let peakRange = (far: 0.30, near: 0.07)
    /// Half the span of a P wave (under 0.12 s, Hancock et al. 2009), a margin added.
    static let halfSpan = 0.07
    /// How far either side of the P wave the baseline is fitted (s): about a
    /// flutter cycle's trough and slopes.
    static let flatReach = 0.16
    /// The smoothing (s): averaging over the beats removes the noise, so no more
    /// than this (a P wave keeps 85-90 % of its height).
    static let smoothing = 0.04
    /// The previous beat's T wave ends by its QT, from Bazett's formula with a
    /// QTc of 0.44 s (as `AtrialActivityAnalyzer`).
    static let qtc = 0.44
    /// Nearest another wave of the average is sought (s): beyond the P wave's half span.
    static let secondWaveDistance = 0.12

    func find(_ x: [Float], blanked: [Bool], beats: [StripAnalysis.Beat]) -> Result? {
        let n = x.count
        guard n == blanked.count, beats.count >= 4 else { return nil }
        // Lightly smoothed (averaging over the beats removes the noise) and
        // measured from the isoelectric level at the end of each PR segment,
        // joined linearly from beat to beat (as `BeatAtrialScanner` does).
        // The ST-T is not taken away with an average: in flutter at a fixed
        // ratio that average holds the flutter waves and would flatten them.
        let y = Self.fromPRSegment(SignalMath.movingAverage(x, width: samples(Self.smoothing)), beats: beats, fs: fs)
        let from = samples(Self.window.from), to = samples(Self.window.to)
        let length = from - to + 1
        // Supraventricular beats after a supraventricular beat (or first in the
        // strip): the stretch before them is baseline, not a PVC's ST-T.
        var examined: [Int] = []
        var valid: [[Bool]] = []
        for (index, beat) in beats.enumerated() where !beat.isVentricular {
            if index > 0 && beats[index - 1].isVentricular { continue }
            // After the previous beat's QRS and T wave.
            var earliest = 0
            if index > 0 {
                let rr = Double(beat.r - beats[index - 1].r) / fs
                earliest = max(beats[index - 1].offset + samples(0.04), beats[index - 1].r + samples(Self.qtc * rr.squareRoot()))
            }
            var ok = [Bool](repeating: false, count: length)
            var any = false
            for k in 0..<length {
                let t = beat.onset - from + k
                if t >= max(0, earliest), t < n, !blanked[t] { ok[k] = true; any = true }
            }
            if any { examined.append(index); valid.append(ok) }
        }
        guard examined.count >= 4 else { return nil }
        var sum = [Double](repeating: 0, count: length)
        var count = [Int](repeating: 0, count: length)
        for (e, index) in examined.enumerated() {
            let start = beats[index].onset - from
            for k in 0..<length where valid[e][k] { sum[k] += Double(y[start + k]); count[k] += 1 }
        }
        let needed = max(3, Int((0.75 * Double(examined.count)).rounded(.up)))
        let template: [Float?] = (0..<length).map { count[$0] >= needed ? Float(sum[$0] / Double(count[$0])) : nil }
        // The averaged P wave: the highest point where a P wave can lie.
        let far = from - samples(Self.peakRange.far), near = from - samples(Self.peakRange.near)
        var peak: Int?
        for k in far...near {
            guard let v = template[k] else { continue }
            if peak.map({ v > template[$0]! }) ?? true { peak = k }
        }
        guard let peak, let top = template[peak], peak > far, peak < near else { return nil }
        // One wave on a flat baseline: around it (within `flatReach`, the P wave
        // itself left out) the average follows a straight line (a T wave's tail
        // may slope), and the wave stands well above that line.
        let half = samples(Self.halfSpan), flatReach = samples(Self.flatReach)
        var points: [(Double, Double)] = []
        for k in max(0, peak - flatReach)...min(length - 1, peak + flatReach) where abs(k - peak) > half {
            if let v = template[k] { points.append((Double(k), Double(v))) }
        }
        guard points.count >= flatReach / 2 else { return nil }
        let meanK = points.reduce(0) { $0 + $1.0 } / Double(points.count)
        let meanV = points.reduce(0) { $0 + $1.1 } / Double(points.count)
        let sKK = points.reduce(0) { $0 + ($1.0 - meanK) * ($1.0 - meanK) }
        let sKV = points.reduce(0) { $0 + ($1.0 - meanK) * ($1.1 - meanV) }
        let slope = sKK > 0 ? sKV / sKK : 0
        func line(_ k: Double) -> Double { meanV + slope * (k - meanK) }
        let amplitude = Double(top) - line(Double(peak))
        let flatness = (points.reduce(0) { $0 + ($1.1 - line($1.0)) * ($1.1 - line($1.0)) } / Double(points.count)).squareRoot()
        // Width at half height above that line.
        var left = peak, right = peak
        while left > 0, let v = template[left - 1], Double(v) - line(Double(left - 1)) > amplitude / 2 { left -= 1 }
        while right < length - 1, let v = template[right + 1], Double(v) - line(Double(right + 1)) > amplitude / 2 { right += 1 }
        let halfWidth = Double(right - left + 1) / fs
        // Another wave in the average (a hump standing out from the trough
        // between it and the P wave): a flutter wave of the cycle before or after.
        let apart = samples(Self.secondWaveDistance), around = samples(0.03)
        var secondWave = 0.0
        for k in 0..<length where abs(k - peak) >= apart {
            guard let v = template[k], k - around >= 0, k + around < length else { continue }
            let neighbours = (k - around)...(k + around)
            guard neighbours.allSatisfy({ template[$0].map { $0 <= v } ?? false }) else { continue }
            var trough = v
            for j in min(k, peak)...max(k, peak) { if let w = template[j] { trough = min(trough, w) } }
            secondWave = max(secondWave, Double(v - trough))
        }
        let t = thresholds
        guard amplitude >= t.smallestAverage, flatness <= t.flatShare * amplitude, halfWidth <= t.widestHalfWidth,
              secondWave < t.secondWaveShare * amplitude, Double(top) >= t.aboveSegmentShare * amplitude else { return nil }
        // Beat by beat: each beat's stretch around the P wave repeats the
        // average of the others, and its own peak is of a like size.
        let shapeHalf = samples(Self.halfSpan), reach = samples(0.03)
        var consistent = 0
        var waves: [StripAnalysis.AtrialWave] = []
        var prPerBeat = [Double?](repeating: nil, count: beats.count)
        var prs: [Double] = []
        for (e, index) in examined.enumerated() {
            let start = beats[index].onset - from
            let lo = peak - shapeHalf, hi = peak + shapeHalf
            guard lo >= 0, hi < length, (lo...hi).allSatisfy({ valid[e][$0] && template[$0] != nil }) else { continue }
            // Both with the straight line through their ends taken away: the
            // baseline may wander (breathing) across a P wave's span.
            let own = Self.detrended(Array(y[(start + lo)...(start + hi)]))
            let others = Self.detrended((lo...hi).map { k -> Float in
                let c = count[k] - 1
                return c > 0 ? Float((sum[k] - Double(y[start + k])) / Double(c)) : 0
            })
            var best = max(lo, peak - reach)
            for k in max(lo, peak - reach)...min(hi, peak + reach) where y[start + k] > y[start + best] { best = k }
            // The beat's own wave, above the mean of the stretch's two ends.
            let size = Double(y[start + best] - (y[start + lo] + y[start + hi]) / 2)
            let corr = SignalMath.correlation(own[...], others[...])
            guard corr >= t.beatCorrelation, size >= t.beatSize.low * amplitude, size <= t.beatSize.high * amplitude else { continue }
            consistent += 1
            waves.append(.init(sample: start + best, amplitude: Float(size)))
            let pr = Double(from - best) / fs + 0.045
            prPerBeat[index] = pr
            prs.append(pr)
        }
        let share = Double(consistent) / Double(examined.count)
        guard share >= t.consistentNeeded else { return nil }
        let sortedPR = prs.sorted()
        guard sortedPR.count < 3 || SignalMath.middleSpread(sortedPR, .truncated) < t.prSpreadLimit else { return nil }
        return Result(waves: waves, prPerBeat: prPerBeat, amplitude: amplitude, consistentShare: share)
    }

    /// `v` minus the straight line joining its first and last values.
    static func detrended(_ v: [Float]) -> [Float] {
        guard let first = v.first, let last = v.last, v.count > 1 else { return v }
        let step = (last - first) / Float(v.count - 1)
        return v.enumerated().map { $0.element - (first + step * Float($0.offset)) }
    }

    /// `s` minus the level just before each QRS onset (the end of the PR
    /// segment), joined linearly from beat to beat.
    static func fromPRSegment(_ s: [Float], beats: [StripAnalysis.Beat], fs: Double) -> [Float] {
        let n = s.count
        let anchors: [(Int, Float)] = beats.compactMap { beat in
            let hi = beat.onset - max(1, Int((0.01 * fs).rounded())), lo = beat.onset - max(1, Int((0.03 * fs).rounded()))
            guard lo >= 0, hi > lo, hi <= n else { return nil }
            var sum: Float = 0
            for i in lo..<hi { sum += s[i] }
            return ((lo + hi) / 2, sum / Float(hi - lo))
        }
        guard let first = anchors.first, let last = anchors.last else { return s }
        var y = s
        var k = 0
        for i in 0..<n {
            while k + 1 < anchors.count && anchors[k + 1].0 <= i { k += 1 }
            let baseline: Float
            if i <= first.0 { baseline = first.1 } else if i >= last.0 { baseline = last.1 }
            else {
                let (a, va) = anchors[k], (b, vb) = anchors[k + 1]
                baseline = va + (vb - va) * Float(i - a) / Float(b - a)
            }
            y[i] = s[i] - baseline
        }
        return y
    }
}
