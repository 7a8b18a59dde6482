/// Measures a strip as a clinician would: QRS limits and width, beat shapes
/// and prematurity, P waves after cancelling each beat's QRS-T, the PR of
/// every beat, the atrial spectrum (flutter, fibrillation), pacemaker spikes,
/// and whole-window features for the arrest rhythms.
struct StripAnalyzer: Sendable {
    let fs: Double
    /// Limits of the time-locked P-wave search (moved only by the sensitivity tests).
    var pWaveThresholds = TimeLockedPWave.Thresholds.standard
    /// Limits of the search for filtered pacing spikes (moved only by the sensitivity tests).
    var pacingThresholds = PacingArtifactFinder.Thresholds.standard

    init(samplingFrequency: Double) {
        self.fs = samplingFrequency
    }

    private func samples(_ seconds: Double) -> Int { max(1, Int((seconds * fs).rounded())) }

    func analyze(_ raw: [Float], rPeaks: [Int]) -> StripAnalysis {
        let n = raw.count
        let clean = raw.map { $0.isFinite ? $0 : 0 }
        // 1. Pacemaker spikes, then remove them so they do not distort the QRS.
        // A recorder's filter may have smoothed them into a deflection a few
        // samples wide: then they are sought at the onset of the complexes.
        var spikes = PacemakerSpikeDetector(samplingFrequency: fs).detect(clean)
        var x = clean
        PacemakerSpikeDetector.blank(spikes, in: &x, width: samples(0.006))
        var remnants: [Int] = []
        if spikes.count < 2 {
            let inside = rPeaks.filter { clean.indices.contains($0) }.sorted()
            remnants = PacingArtifactFinder(samplingFrequency: fs, thresholds: pacingThresholds).find(clean, rPeaks: inside).compactMap { $0 }
            spikes = (spikes + remnants).sorted()
        }
        let smooth = SignalMath.movingAverage(x, width: max(1, samples(0.012)))
        let hp = SignalMath.highPass(smooth, width: samples(0.6))
        let arrest = ArrestFeatureExtractor(samplingFrequency: fs).features(hp, rPeaks: rPeaks)

        // 2. R peaks inside the strip, refined to the largest deflection nearby.
        var peaks: [Int] = []
        let refine = samples(0.04)
        let edge = samples(0.05)
        for p in rPeaks.sorted() where p >= edge && p < n - edge {
            var best = p
            var bestValue: Float = 0
            for i in max(0, p - refine)...min(n - 1, p + refine) where abs(hp[i]) > bestValue {
                bestValue = abs(hp[i]); best = i
            }
            if let last = peaks.last, best - last < samples(0.2) { continue }
            peaks.append(best)
        }
        peaks = Self.withoutSlowWaves(peaks, hp: hp, fs: fs)
        peaks = Self.withMissedBeatsRecovered(peaks, hp: hp, fs: fs)

        // 3. QRS onset and offset from the slope; a paced QRS from its pacing
        // spike, measured with what is left of the spike smoothed out (the
        // spike's steep slope would otherwise set the QRS's quiet level).
        var qrsSmooth = smooth
        if !remnants.isEmpty {
            var y = x
            PacingArtifactFinder.blank(remnants, in: &y, samplingFrequency: fs)
            qrsSmooth = SignalMath.movingAverage(y, width: max(1, samples(0.012)))
        }
        var slope = [Float](repeating: 0, count: n)
        if n > 2 { for i in 1..<(n - 1) { slope[i] = abs(qrsSmooth[i + 1] - qrsSmooth[i - 1]) } }
        let slopeFloor = SignalMath.percentile(slope, 0.5)
        var beats: [StripAnalysis.Beat] = peaks.map { r in
            let (onset, offset) = qrsLimits(slope: slope, smooth: qrsSmooth, r: r, floor: slopeFloor,
                                            spike: Self.remnant(before: r, in: remnants, fs: fs))
            return StripAnalysis.Beat(r: r, onset: onset, offset: offset, cluster: 0, correlationWithDominant: 1,
                                      isVentricular: false, isSupraventricularPremature: false, pr: nil)
        }

        // 4. Beat shapes: cluster by correlation, choose the dominant (narrowest of the common) shape.
        let pre = samples(0.1), post = samples(0.16)
        var clusters: [(sum: [Float], count: Int, members: [Int])] = []
        for (index, beat) in beats.enumerated() {
            guard beat.r - pre >= 0, beat.r + post < n else { beats[index].cluster = -1; continue }
            let shape = hp[(beat.r - pre)...(beat.r + post)]
            var assigned = -1
            var bestCorrelation = 0.0
            for (c, cluster) in clusters.enumerated() {
                let mean = cluster.sum.map { $0 / Float(cluster.count) }
                let corr = SignalMath.correlation(shape, mean[...])
                if corr > bestCorrelation { bestCorrelation = corr; assigned = c }
            }
            if assigned >= 0, bestCorrelation >= 0.85 {
                for (k, v) in shape.enumerated() { clusters[assigned].sum[k] += v }
                clusters[assigned].count += 1
                clusters[assigned].members.append(index)
            } else {
                clusters.append((Array(shape), 1, [index]))
                assigned = clusters.count - 1
            }
            beats[index].cluster = assigned
        }
        var clusterWidth: [Double] = []
        var clusterAmplitude: [Float] = []
        for cluster in clusters {
            let widths = cluster.members.map { Double(beats[$0].offset - beats[$0].onset) / fs }
            clusterWidth.append(SignalMath.median(widths) ?? 0)
            let mean = cluster.sum.map { $0 / Float(cluster.count) }
            clusterAmplitude.append((mean.max() ?? 0) - (mean.min() ?? 0))
        }
        var dominant = 0
        if let largest = clusters.map(\.count).max() {
            let common = clusters.indices.filter { Double(clusters[$0].count) >= 0.6 * Double(largest) }
            dominant = common.min { clusterWidth[$0] < clusterWidth[$1] } ?? 0
        }
        let dominantWidth = clusters.isEmpty ? 0 : clusterWidth[dominant]
        let dominantTemplate: [Float] = clusters.isEmpty ? [] : clusters[dominant].sum.map { $0 / Float(clusters[dominant].count) }

        // 5. R-R intervals and prematurity.
        let rr: [Double] = zip(beats.dropFirst(), beats).map { Double($0.r - $1.r) / fs }
        var dominantRR: [Double] = []
        for i in 1..<max(1, beats.count) where beats[i].cluster == dominant && beats[i - 1].cluster == dominant {
            dominantRR.append(rr[i - 1])
        }
        let referenceRR = SignalMath.median(dominantRR.isEmpty ? rr : dominantRR) ?? 1
        let centredDominant = CenteredShape(dominantTemplate[...])
        for i in beats.indices {
            if !dominantTemplate.isEmpty, beats[i].r - pre >= 0, beats[i].r + post < n {
                beats[i].correlationWithDominant = centredDominant.correlation(hp[(beats[i].r - pre)...(beats[i].r + post)])
            }
            let c = beats[i].cluster
            let width = c >= 0 ? clusterWidth[c] : Double(beats[i].offset - beats[i].onset) / fs
            let differentShape = c != dominant && (beats[i].correlationWithDominant < 0.7 || width >= dominantWidth + 0.03
                || (c >= 0 && clusterAmplitude[c] > 1.6 * clusterAmplitude[dominant]))
            let previous = i > 0 ? rr[i - 1] : nil
            let premature = previous.map { $0 < 0.85 * referenceRR } ?? false
            beats[i].isVentricular = differentShape && (premature || (width >= 0.12 && dominantWidth < 0.11)) && c != -1
            // A premature supraventricular beat comes suddenly early (not the
            // gradual speeding of sinus arrhythmia) and is followed by a longer cycle.
            let suddenlyEarly = i >= 2 && previous.map { $0 < 0.85 * rr[i - 2] } == true
            let followedByLonger = i + 1 >= beats.count || i >= rr.count || rr[i] > 1.1 * (previous ?? 0)
            if !beats[i].isVentricular, let previous, previous < 0.82 * referenceRR, suddenlyEarly, followedByLonger,
               beats[i].correlationWithDominant >= 0.8 {
                beats[i].isSupraventricularPremature = true
            }
        }

        // 6. Beat by beat: a discrete P wave before each QRS, or an undulating baseline.
        let scan = BeatAtrialScanner(samplingFrequency: fs).scan(x, beats: beats)
        // Small P waves known by recurring before every QRS at one PR.
        let timeLockedP = scan.residual.isEmpty ? nil
            : TimeLockedPWave(samplingFrequency: fs, thresholds: pWaveThresholds).find(x, blanked: scan.blanked, beats: beats)
        // Cancel each beat's QRS-T with its cluster's average to expose atrial activity.
        let atrial = AtrialActivityAnalyzer(samplingFrequency: fs)
            .analyze(x, beats: beats, referenceRR: referenceRR, spikes: spikes, timeLockedP: timeLockedP)
        for i in beats.indices { beats[i].pr = atrial.prPerBeat[i] }
        // P waves marched out with calipers across the whole strip (AV block, dissociation).
        let train = scan.residual.isEmpty ? nil
            : PWaveMarcher(samplingFrequency: fs).march(residual: scan.residual, blanked: scan.blanked, beats: beats, noise: scan.noise)

        // 7. Put the measurements together.
        let rrStats = Self.rrStatistics(rr)
        let ventricularBeats = beats.map(\.isVentricular)
        let ectopy = Self.ectopy(beats: beats, ventricular: ventricularBeats)
        let regularity = Self.regularity(rr: rr, beats: beats, ectopy: ectopy)
        let rate: Double? = rr.isEmpty ? nil : 60 / SignalMath.mean(rr)
        var pacing = Self.pacing(spikes: spikes, beats: beats, fs: fs)
        pacing.filteredSpikes = remnants.count
        let quality = Self.quality(x: x, smooth: smooth, beats: beats, fs: fs)

        let measurements = StripMeasurements(
            duration: Double(n) / fs, beatCount: beats.count, ventricularRate: rate, regularity: regularity,
            rr: rrStats, atrial: atrial.activity, pr: atrial.pr, pToQRSRatio: atrial.pToQRS,
            qrsWidth: clusters.isEmpty ? nil : dominantWidth, ectopy: ectopy, pacing: pacing,
            signalQuality: quality, arrest: arrest)
        return StripAnalysis(
            measurements: measurements, samplingFrequency: fs, beats: beats, atrialWaves: atrial.waves,
            pBeforeQRSFraction: atrial.pBeforeQRSFraction, prSpread: atrial.prSpread,
            pShapeVariability: atrial.shapeVariability, dominantWidth: dominantWidth,
            dominantFraction: clusters.isEmpty ? 0 : Double(clusters[dominant].count) / Double(max(1, beats.count)),
            clusterCount: clusters.count,
            supraventricularIrregularity: Self.supraventricularIrregularity(beats: beats, rr: rr),
            atrialCycleVariation: atrial.atrialCycleVariation,
            pBeforeAnyPolarity: atrial.pBeforeAnyPolarity, mixedPolarity: atrial.mixedPolarity,
            discretePFraction: scan.discretePFraction, discretePShapes: scan.pShapeCount,
            discretePRSpread: scan.prSpread, beatsScannedForP: scan.examined, isoelectricShare: scan.isoelectricShare, pTrain: train,
            timeLockedP: timeLockedP)
    }

    /// Share of the QRS's steepest slope below which the signal counts as quiet.
    static let quietSlope: Float = 0.12
    /// A quiet stretch this far from the baseline before the QRS (share of the QRS's
    /// peak-to-peak size) is the nadir of a slurred S wave or the flat top of a notched
    /// R, not the J point. The QRS ends where it joins the ST segment, and an ST segment
    /// lies near the baseline: 0.1-0.2 mV is already a significant deviation (Thygesen et
    /// al., Fourth universal definition of myocardial infarction, Circulation 2018;138:e618-51),
    /// against a QRS of 1-3 mV. Clinically the QRS runs from the earliest onset to the latest
    /// offset (Kligfield et al., Recommendations for the standardization and interpretation
    /// of the electrocardiogram, part I, Circulation 2007;115:1306-24); stopping at the first
    /// quiet stretch measured left bundle branch block as 0.10 s (MIT-BIH 109).
    static let jPointLevel: Float = 0.15
    /// How far past the first quiet stretch the QRS may still come back to the baseline:
    /// the terminal S wave of a bundle branch block lasts over 40 ms (Surawicz et al.,
    /// AHA/ACCF/HRS recommendations for the standardization and interpretation of the
    /// electrocardiogram, part III, Circulation 2009;119:e235-40), a margin added. A signal
    /// still away from the baseline after that is a depressed or raised ST segment (MIT-BIH
    /// 203: the T wave crosses the baseline ~100 ms later). 109's left bundle branch block
    /// reads 0.15 s from 0.064 to 0.096 s here on two strips of three (0.11-0.14 on the third at 0.064).
    static let terminalReach = 0.08

    /// Onset and offset where the slope stays below a fraction of the QRS's steepest
    /// slope for 16 ms, the offset only where the signal is back near the baseline.
    /// With a pacing spike, the QRS starts at the spike (the stimulus) and its
    /// baseline is the level just before the spike's rise.
    private func qrsLimits(slope: [Float], smooth: [Float], r: Int, floor: Float, spike: Int? = nil) -> (Int, Int) {
        let n = slope.count
        let reach = samples(0.08)
        var peak: Float = 0
        for i in max(0, r - reach)...min(n - 1, r + reach) { peak = max(peak, slope[i]) }
        let threshold = max(Self.quietSlope * peak, 2.5 * floor)
        let run = samples(0.016)
        // Walk outwards from the steepest point on each side of the R peak:
        // the apex of a broad complex is flat and must not end the search.
        var steepBefore = r, steepAfter = r
        for i in max(0, r - reach)...r where slope[i] > slope[steepBefore] { steepBefore = i }
        for i in r...min(n - 1, r + reach) where slope[i] > slope[steepAfter] { steepAfter = i }
        var onset = steepBefore
        var quiet = 0
        var i = steepBefore
        while i > max(0, r - samples(0.16)) {
            i -= 1
            if slope[i] < threshold { quiet += 1; if quiet >= run { onset = i + run; break } } else { quiet = 0; onset = i }
        }
        var baseline = smooth[onset]
        if let spike {
            onset = spike
            baseline = smooth[max(0, spike - samples(PacingArtifactFinder.spikeReach) - run)]
        }
        var low = baseline, high = baseline
        for k in onset...min(n - 1, r + reach) { low = min(low, smooth[k]); high = max(high, smooth[k]) }
        let nearBaseline = Self.jPointLevel * (high - low)
        var offset = steepAfter
        // The first quiet stretch, kept in case none comes back near the baseline (ST deviation, noise).
        var firstQuiet: Int?
        var joined = false
        quiet = 0
        i = steepAfter
        while i < min(n - 1, r + samples(0.2)) {
            i += 1
            if let firstQuiet, i > firstQuiet + samples(Self.terminalReach) { break }
            if slope[i] < threshold {
                quiet += 1
                if quiet >= run {
                    offset = i - run
                    if firstQuiet == nil { firstQuiet = offset }
                    if abs(smooth[offset] - baseline) <= nearBaseline { joined = true; break }
                    quiet = 0
                }
            } else { quiet = 0; offset = i }
        }
        if !joined, let firstQuiet { offset = firstQuiet }
        return (onset, offset)
    }

    /// Search-back for QRS complexes the detector missed (as Pan and Tompkins,
    /// IEEE TBME 1985, search back after an R-R longer than expected): inside
    /// an interval of at least 1.6 short R-R intervals, a deflection of the
    /// detected QRS's shape, size and steepness at least 0.65 short R-R from
    /// both neighbours is a beat. A regular tachycardia above 200/min whose
    /// every other beat is missed otherwise looks irregular, like AF.
    static func withMissedBeatsRecovered(_ peaks: [Int], hp: [Float], fs: Double) -> [Int] {
        guard peaks.count >= 4 else { return peaks }
        let n = hp.count
        let half = max(2, Int(0.05 * fs))
        let step = max(1, Int((0.008 * fs).rounded()))
        let shaped = peaks.filter { $0 - half - step >= 0 && $0 + half + step < n }
        guard shaped.count >= 3 else { return peaks }
        var template = [Float](repeating: 0, count: 2 * half + 1)
        for p in shaped { for k in 0...(2 * half) { template[k] += hp[p - half + k] / Float(shaped.count) } }
        func size(_ p: Int) -> Float {
            let slice = hp[(p - half)...(p + half)]
            return (slice.max() ?? 0) - (slice.min() ?? 0)
        }
        func steepness(_ p: Int) -> Float {
            var steepest: Float = 0
            for i in (p - half)...(p + half) { steepest = max(steepest, abs(hp[i + step] - hp[i - step])) }
            return steepest
        }
        let typicalSize = SignalMath.median(shaped.map { Double(size($0)) }) ?? 0
        let typicalSlope = SignalMath.median(shaped.map { Double(steepness($0)) }) ?? 0
        guard typicalSize > 0, typicalSlope > 0 else { return peaks }
        let centredTemplate = CenteredShape(template[...])
        var result = peaks
        for _ in 0..<3 {
            let rr = zip(result.dropFirst(), result).map { $0 - $1 }
            var sortedRR = rr.sorted()
            guard sortedRR.count >= 3 else { break }
            let shortRR = sortedRR[Int(0.1 * Double(sortedRR.count - 1))]
            sortedRR.removeAll()
            var added: [Int] = []
            for (a, b) in zip(result, result.dropFirst()) where Double(b - a) >= 1.6 * Double(shortRR) {
                let lo = max(a + Int(0.65 * Double(shortRR)), half + step), hi = min(b - Int(0.65 * Double(shortRR)), n - 1 - half - step)
                guard lo <= hi else { continue }
                var best = -1, bestCorrelation = 0.0
                for c in lo...hi {
                    let corr = centredTemplate.correlation(hp[(c - half)...(c + half)])
                    if corr > bestCorrelation { bestCorrelation = corr; best = c }
                }
                guard best >= 0, bestCorrelation >= 0.9 else { continue }
                let s = Double(size(best)), slope = Double(steepness(best))
                if s >= 0.6 * typicalSize, s <= 1.6 * typicalSize, slope >= 0.6 * typicalSlope { added.append(best) }
            }
            if added.isEmpty { break }
            result = (result + added).sorted()
        }
        return result
    }

    /// Drops detections that are T or P waves rather than QRS complexes: a
    /// QRS (even a wide ventricular one) rises far more steeply than the
    /// rounded T and P waves. Large T waves of slow wide escape rhythms are
    /// otherwise counted as beats, doubling the rate and faking bigeminy.
    /// Below this share of the tallest complexes' size (with a shallow slope;
    /// a P wave is at most 0.25 mV, a QRS usually well over 0.5 mV)
    /// a detection is a P wave, not a QRS.
    static let smallWaveSize: Float = 0.3

    static func withoutSlowWaves(_ peaks: [Int], hp: [Float], fs: Double) -> [Int] {
        guard peaks.count >= 3 else { return peaks }
        let n = hp.count
        let reach = max(1, Int(0.04 * fs))
        let step = max(1, Int((0.008 * fs).rounded()))
        let slopes: [Float] = peaks.map { p in
            var steepest: Float = 0
            for i in max(step, p - reach)...min(n - 1 - step, p + reach) {
                steepest = max(steepest, abs(hp[i + step] - hp[i - step]))
            }
            return steepest
        }
        // Size: the swing within 50 ms either side.
        let half = max(1, Int(0.05 * fs))
        let sizes: [Float] = peaks.map { p in
            let slice = hp[max(0, p - half)...min(n - 1, p + half)]
            return (slice.max() ?? 0) - (slice.min() ?? 0)
        }
        var sorted = slopes.sorted()
        let reference = SignalMath.select(&sorted, Int(0.75 * Double(sorted.count - 1)))
        guard reference > 0 else { return peaks }
        // The tallest complexes (90th percentile, so that one artefact does not
        // set it): in complete heart block the detector may take the P waves,
        // more numerous than the slow escape beats, for beats.
        var sortedSizes = sizes.sorted()
        let referenceSize = SignalMath.select(&sortedSizes, Int(0.9 * Double(sortedSizes.count - 1)))
        var kept: [Int] = []
        var keptSlope: [Float] = []
        var keptSize: [Float] = []
        for (index, (p, slope)) in zip(peaks, slopes).enumerated() {
            // A T wave follows its QRS within the QT interval: there a wave is
            // judged against the complex before it, elsewhere against the strip.
            let afterBeat = kept.last.map { p - $0 <= Int(0.5 * fs) } ?? false
            let limit: Float = afterBeat ? max(0.3 * (keptSlope.last ?? reference), 0.2 * reference) : 0.2 * reference
            if slope < limit { continue }
            // A P wave is small and rounded: under a third of the tallest complexes'
            // size and well under their steepness is not a QRS.
            if sizes[index] < Self.smallWaveSize * referenceSize && slope < 0.4 * reference { continue }
            kept.append(p)
            keptSlope.append(slope)
            keptSize.append(sizes[index])
        }
        // Between two tall complexes more than a second apart (a ventricular
        // rate under 60, the escape rhythm of AV block), a wave under 40 % of
        // their size and steepness is a P wave or a T wave, not a beat.
        let isTall = kept.indices.map { keptSize[$0] >= 0.6 * referenceSize }
        // The nearest tall complex after each position (one pass from the end).
        var nextTall = [Int?](repeating: nil, count: kept.count)
        var following: Int?
        for k in kept.indices.reversed() {
            nextTall[k] = following
            if isTall[k] { following = k }
        }
        var slowWave = [Bool](repeating: false, count: kept.count)
        var previousTall: Int?
        for k in kept.indices {
            if isTall[k] { previousTall = k; continue }
            guard let before = previousTall, let after = nextTall[k],
                  Double(kept[after] - kept[before]) >= fs else { continue }
            let size = min(keptSize[before], keptSize[after]), steepness = min(keptSlope[before], keptSlope[after])
            if keptSize[k] < 0.4 * size && keptSlope[k] < 0.4 * steepness { slowWave[k] = true }
        }
        kept = kept.indices.filter { !slowWave[$0] }.map { kept[$0] }
        return kept.count >= 2 ? kept : peaks
    }

    static func supraventricularIrregularity(beats: [StripAnalysis.Beat], rr: [Double]) -> Double {
        var intervals: [Double?] = []
        for i in 1..<max(1, beats.count) {
            let clean = !beats[i].isVentricular && !beats[i - 1].isVentricular
            intervals.append(clean ? rr[i - 1] : nil)
        }
        var diffs: [Double] = []
        for k in 1..<max(1, intervals.count) {
            if let a = intervals[k - 1], let b = intervals[k] { diffs.append(b - a) }
        }
        let values = intervals.compactMap { $0 }
        guard diffs.count >= 3, !values.isEmpty else { return 0 }
        let mean = SignalMath.mean(values)
        let rms = (diffs.reduce(0) { $0 + $1 * $1 } / Double(diffs.count)).squareRoot()
        // Occasional premature beats make a few large differences; AF makes
        // most of them large. Scale by the share of large differences.
        let large = Double(diffs.filter { abs($0) > 0.1 * mean }.count) / Double(diffs.count)
        return rms / mean * min(1, large / 0.55)
    }

    static func rrStatistics(_ rr: [Double]) -> StripMeasurements.RRStatistics? {
        guard !rr.isEmpty else { return nil }
        let diffs = zip(rr.dropFirst(), rr).map { $0 - $1 }
        let rmssd = diffs.isEmpty ? 0 : (diffs.reduce(0) { $0 + $1 * $1 } / Double(diffs.count)).squareRoot()
        return .init(count: rr.count, mean: SignalMath.mean(rr), median: SignalMath.median(rr) ?? 0,
                     minimum: rr.min() ?? 0, maximum: rr.max() ?? 0,
                     standardDeviation: SignalMath.standardDeviation(rr), rmssd: rmssd)
    }

    static func ectopy(beats: [StripAnalysis.Beat], ventricular: [Bool]) -> StripMeasurements.Ectopy {
        let vCount = ventricular.filter { $0 }.count
        let sCount = beats.filter(\.isSupraventricularPremature).count
        var longest = 0, current = 0
        for v in ventricular { current = v ? current + 1 : 0; longest = max(longest, current) }
        let indices = beats.indices.filter { ventricular[$0] || beats[$0].isSupraventricularPremature }
        var pattern = StripMeasurements.Ectopy.Pattern.none
        if vCount > 0 {
            if longest >= 3 { pattern = .run }
            else if longest == 2 { pattern = .couplets }
            else {
                let v = indices.filter { ventricular[$0] }
                let gaps = zip(v.dropFirst(), v).map { $0 - $1 }
                // A pattern runs through the strip: no longer stretch of normal
                // beats before the first or after the last PVC than inside it.
                func spansStrip(_ period: Int) -> Bool {
                    guard let first = v.first, let last = v.last else { return false }
                    return first < period && beats.count - 1 - last < period
                }
                if gaps.count >= 2, gaps.allSatisfy({ $0 == 2 }) { pattern = .bigeminy }
                else if gaps.count >= 1, gaps.allSatisfy({ $0 == 3 }), v.count >= 3 || spansStrip(3) { pattern = .trigeminy }
                else { pattern = .isolated }
            }
        } else if sCount > 0 {
            pattern = .isolated
        }
        return .init(ventricularPremature: vCount, supraventricularPremature: sCount,
                     longestVentricularRun: longest, pattern: pattern, beatIndices: indices)
    }

    static func regularity(rr: [Double], beats: [StripAnalysis.Beat], ectopy: StripMeasurements.Ectopy) -> StripMeasurements.Regularity {
        guard rr.count >= 2 else { return rr.isEmpty ? .none : .regular }
        if ectopy.pattern == .bigeminy || ectopy.pattern == .trigeminy { return .patterned }
        let mean = SignalMath.mean(rr)
        let sd = SignalMath.standardDeviation(rr)
        let cv = sd / mean
        if cv < 0.05 { return .regular }
        if ectopy.ventricularPremature + ectopy.supraventricularPremature > 0 { return .irregular }
        let median = SignalMath.median(rr) ?? mean
        // Mostly equal intervals with one or two long ones: pauses or dropped beats.
        let near = rr.filter { abs($0 - median) < 0.08 * median }.count
        if Double(near) >= 0.7 * Double(rr.count) { return .irregular }
        let diffs = zip(rr.dropFirst(), rr).map { $0 - $1 }
        let rmssd = (diffs.reduce(0) { $0 + $1 * $1 } / Double(diffs.count)).squareRoot()
        if rmssd < 0.75 * sd && cv < 0.2 { return .phasic }
        return .irregularlyIrregular
    }

    /// The pacing-spike remnant that belongs to the QRS whose R peak is `r`: where
    /// `PacingArtifactFinder` seeks it (0.12 s before to 0.05 s after the detected
    /// R peak), with 10 ms of margin for the R peak's refinement.
    static func remnant(before r: Int, in remnants: [Int], fs: Double) -> Int? {
        guard !remnants.isEmpty else { return nil }
        let before = Int(((DemandPacing.spikeBefore + 0.01) * fs).rounded()), after = Int(((DemandPacing.spikeAfter + 0.01) * fs).rounded())
        return remnants.last { $0 >= r - before && $0 <= r + after }
    }

    static func pacing(spikes: [Int], beats: [StripAnalysis.Beat], fs: Double) -> StripMeasurements.Pacing {
        var atrialSpikes = 0, ventricularSpikes = 0
        for spike in spikes {
            // A ventricular spike sits at the QRS onset; an atrial spike precedes a QRS by a PR interval.
            if beats.contains(where: { $0.onset - spike >= -Int(0.02 * fs) && $0.onset - spike <= Int(0.06 * fs) }) {
                ventricularSpikes += 1
            } else if beats.contains(where: { $0.onset - spike > Int(0.06 * fs) && $0.onset - spike <= Int(0.32 * fs) }) {
                atrialSpikes += 1
            }
        }
        return .init(spikeCount: spikes.count, atrialSpikes: atrialSpikes, ventricularSpikes: ventricularSpikes, spikeSamples: spikes)
    }

    static func quality(x: [Float], smooth: [Float], beats: [StripAnalysis.Beat], fs: Double) -> StripMeasurements.SignalQuality {
        // High-frequency noise: what the 12 ms smoothing removes, outside the QRS complexes.
        var nearQRS = [Bool](repeating: false, count: x.count)
        for beat in beats {
            for i in max(0, beat.onset - Int(0.02 * fs))..<min(x.count, beat.offset + Int(0.02 * fs)) { nearQRS[i] = true }
        }
        let residual = SignalMath.unblanked(x, minus: smooth, blanked: nearQRS)
        let highFrequency = Double(SignalMath.medianAbsolute(residual)) * 1.4826
        // Low-frequency wander: spread of the smoothed baseline.
        let amplitudes: [Double] = beats.map { beat in
            let lo = max(0, beat.r - Int(0.06 * fs)), hi = min(x.count - 1, beat.r + Int(0.06 * fs))
            let slice = smooth[lo...hi]
            return Double((slice.max() ?? 0) - (slice.min() ?? 0))
        }
        let qrs = SignalMath.median(amplitudes) ?? 0
        // The 12 ms smoothing keeps roughly a third of broadband muscle noise: scale up.
        let noise = highFrequency * 1.7
        let ratio = qrs > 0 ? noise / qrs : 1
        let score = max(0, min(1, 1 - ratio * 2.5))
        return .init(score: score, noiseRMS: noise, qrsAmplitude: qrs, tooNoisyToCall: beats.count >= 2 && ratio > 0.45)
    }
}
