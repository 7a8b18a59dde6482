/// Finds atrial activity once the ventricles are out of the way: each beat's
/// QRS-T is cancelled with the average of its shape cluster (the usual
/// average-beat subtraction used for atrial-signal extraction), then P waves
/// are searched in what is left, anywhere between the beats, and the left-over
/// baseline is examined for flutter (a regular 4-6 Hz sawtooth) or
/// fibrillation (irregular low-amplitude waves).
struct AtrialActivityAnalyzer: Sendable {
    let fs: Double

    init(samplingFrequency: Double) { fs = samplingFrequency }

    struct Result: Sendable {
        var activity: StripMeasurements.AtrialActivity
        var pr: StripMeasurements.PRMeasurement
        var pToQRS: Double?
        var waves: [StripAnalysis.AtrialWave]
        var prPerBeat: [Double?]
        var pBeforeQRSFraction: Double
        var prSpread: Double
        var shapeVariability: Double
        /// RMS of the atrial residual outside the QRS complexes, mV.
        var baselineRMS: Double
        var concentration: Double
        /// Share of P-P intervals that are neither one nor two atrial cycles (a
        /// blocked P may be missed); nil with fewer than three P waves.
        var atrialCycleVariation: Double?
        var pBeforeAnyPolarity: Double = 0
        var mixedPolarity = false
    }

    private func samples(_ seconds: Double) -> Int { max(1, Int((seconds * fs).rounded())) }

    /// QRS duration (s) that Bazett's QTc of 0.44 s goes with (a normal QRS is under 0.10-0.11 s).
    static let normalQRS = 0.1

    /// Correlation of the strip with itself half an R-R later (QRS blanked)
    /// that makes an inverted pre-QRS wave a flutter wave at 2:1.
    static let strongHalfRRRepeat = 0.6

    /// - Parameter timeLockedP: small P waves found by their time-locking to
    ///   the QRS (`TimeLockedPWave`); they stand in for the P waves read here
    ///   when these fall short of one before most QRS complexes.
    func analyze(_ x: [Float], beats: [StripAnalysis.Beat], referenceRR: Double, spikes: [Int],
                 timeLockedP: TimeLockedPWave.Result? = nil) -> Result {
        let n = x.count
        let residual = cancelVentricles(x, beats: beats, referenceRR: referenceRR)
        let detrended = SignalMath.highPass(residual, width: samples(0.3))
        let atrialSignal = SignalMath.movingAverage(detrended, width: samples(0.03))
        var blanked = [Bool](repeating: false, count: n)
        for beat in beats {
            for i in max(0, beat.onset - samples(0.01))..<min(n, beat.offset + samples(0.03)) { blanked[i] = true }
        }
        let visible = SignalMath.unblanked(atrialSignal, blanked: blanked)
        let noise = Double(SignalMath.medianAbsolute(visible)) * 1.4826
        let baselineRMS = visible.isEmpty ? 0 : (visible.reduce(0.0) { $0 + Double($1 * $1) } / Double(visible.count)).squareRoot()

        // Spectrum of the atrial signal: flutter is a sharp 4-6 Hz line (250-350/min).
        let frequencies = stride(from: 2.0, through: 12.0, by: 0.2).map { $0 }
        var gapped = atrialSignal
        for i in 0..<n where blanked[i] { gapped[i] = 0 }
        let power = SignalMath.spectrum(gapped, samplingFrequency: fs, frequencies: frequencies)
        let total = power.reduce(0, +)
        var peakIndex = 0
        for i in power.indices where power[i] > power[peakIndex] { peakIndex = i }
        let dominant = frequencies[peakIndex]
        var near = 0.0
        for (f, p) in zip(frequencies, power) where abs(f - dominant) <= 0.45 { near += p }
        let concentration = total > 0 ? near / total : 0

        // Atrial waves: local extremes standing out from the residual noise.
        let threshold = Float(max(0.03, 3.2 * noise))
        let reach = samples(0.09)
        var waves: [StripAnalysis.AtrialWave] = []
        var i = 0
        while i < n {
            let v = atrialSignal[i]
            if !blanked[i], abs(v) >= threshold {
                var isExtreme = true
                for k in max(0, i - reach)...min(n - 1, i + reach) where k != i {
                    if abs(atrialSignal[k]) > abs(v) || (abs(atrialSignal[k]) == abs(v) && k < i) { isExtreme = false; break }
                }
                if isExtreme {
                    waves.append(.init(sample: i, amplitude: v))
                    i += reach
                    continue
                }
            }
            i += 1
        }
        // Waves on top of a pacemaker spike's blanking are not P waves.
        waves.removeAll { w in spikes.contains { abs($0 - w.sample) < samples(0.02) } }

        // Polarity: what most waves just before a QRS look like.
        var positive = 0, negative = 0
        for beat in beats where !beat.isVentricular {
            if let w = waves.last(where: { $0.sample < beat.onset - samples(0.03) && $0.sample > beat.onset - samples(0.42) }) {
                if w.amplitude > 0 { positive += 1 } else { negative += 1 }
            }
        }
        var polarity: Float = negative > positive ? -1 : 1
        // P waves of either direction before the QRS at a PR of 0.08-0.30 s:
        // MAT's ectopic foci give upright and inverted P waves in one lead.
        var anyBefore = 0, uprightBefore = 0, invertedBefore = 0, supraventricularCount = 0
        for beat in beats where !beat.isVentricular {
            supraventricularCount += 1
            if let w = waves.last(where: { $0.sample < beat.onset - samples(0.04) && $0.sample > beat.onset - samples(0.28) }) {
                anyBefore += 1
                if w.amplitude > 0 { uprightBefore += 1 } else { invertedBefore += 1 }
            }
        }
        var pBeforeAnyPolarity = supraventricularCount == 0 ? 0 : Double(anyBefore) / Double(supraventricularCount)
        var mixedPolarity = min(uprightBefore, invertedBefore) >= 2 && Double(min(uprightBefore, invertedBefore)) >= 0.2 * Double(anyBefore)
        var pWaves = waves.filter { $0.amplitude * polarity > 0 }

        // PR of each beat: the latest P before the QRS at a plausible distance.
        var prPerBeat: [Double?] = Array(repeating: nil, count: beats.count)
        var conductingWave = Set<Int>()
        for (index, beat) in beats.enumerated() where !beat.isVentricular {
            if let (wIndex, w) = pWaves.enumerated().last(where: {
                $0.element.sample < beat.onset - samples(0.025) && $0.element.sample > beat.onset - samples(0.42)
            }) {
                prPerBeat[index] = Double(beat.onset - w.sample) / fs + 0.045
                conductingWave.insert(wIndex)
            }
        }
        let supraventricular = beats.indices.filter { !beats[$0].isVentricular }
        var withPR = supraventricular.compactMap { prPerBeat[$0] }
        var pBefore = supraventricular.isEmpty ? 0 : Double(withPR.count) / Double(supraventricular.count)
        // P waves too small for the threshold above but the same before every
        // QRS at a constant PR: they are the P waves (upright, one per beat).
        var pWavesFromAverage = false
        if let timeLockedP, pBefore < 0.5 {
            let lockedPR = supraventricular.compactMap { timeLockedP.prPerBeat[$0] }
            let lockedShare = supraventricular.isEmpty ? 0 : Double(lockedPR.count) / Double(supraventricular.count)
            if lockedShare > pBefore {
                polarity = 1
                pWaves = timeLockedP.waves
                prPerBeat = timeLockedP.prPerBeat
                conductingWave = Set(pWaves.indices)
                withPR = lockedPR
                pBefore = lockedShare
                pBeforeAnyPolarity = max(pBeforeAnyPolarity, lockedShare)
                mixedPolarity = false
                pWavesFromAverage = true
            }
        }
        let sortedPR = withPR.sorted()
        let spread = sortedPR.count >= 2
            ? SignalMath.middleSpread(sortedPR, .truncated) : 0

        // Non-conducted P waves: not followed by a QRS within a PR interval, and
        // looking like the conducted P waves (size and shape), so that noise or
        // what is left of a T wave is not taken for a blocked P.
        let half = samples(0.05)
        func shape(_ w: StripAnalysis.AtrialWave) -> ArraySlice<Float>? {
            w.sample - half >= 0 && w.sample + half < n ? atrialSignal[(w.sample - half)...(w.sample + half)] : nil
        }
        let conducting = conductingWave.sorted().map { pWaves[$0] }
        let referenceWaves = conducting.count >= 2 ? conducting : pWaves
        let typicalAmplitude = SignalMath.median(referenceWaves.map { Double(abs($0.amplitude)) }) ?? 0
        var pTemplate = [Float](repeating: 0, count: 2 * half + 1)
        let referenceShapes = referenceWaves.compactMap(shape)
        for s in referenceShapes { for (k, v) in s.enumerated() { pTemplate[k] += v / Float(referenceShapes.count) } }
        func looksLikeP(_ w: StripAnalysis.AtrialWave) -> Bool {
            let amplitude = Double(abs(w.amplitude))
            guard amplitude >= 0.6 * typicalAmplitude, amplitude <= 1.8 * typicalAmplitude else { return false }
            guard referenceShapes.count >= 2, let s = shape(w) else { return true }
            return SignalMath.correlation(s, pTemplate[...]) >= 0.7
        }
        // A blocked P also arrives on time: one P-P cycle after the previous P,
        // or half-way between two conducted P waves (2:1 conduction).
        let conductedSamples = conducting.map(\.sample)
        var cycles: [Double] = []
        for k in 1..<max(1, conductedSamples.count) { cycles.append(Double(conductedSamples[k] - conductedSamples[k - 1])) }
        let cycle = SignalMath.median(cycles)
        func onTime(_ w: StripAnalysis.AtrialWave, previous: Int?) -> Bool {
            guard let cycle else { return true }
            if let previous {
                let d = Double(w.sample - previous)
                if abs(d - cycle) < 0.15 * cycle { return true }
            }
            // Half-way only counts for slow ventricular rates (2:1 block), where
            // the midpoint lies beyond the T wave.
            if let before = conductedSamples.last(where: { $0 < w.sample }), let after = conductedSamples.first(where: { $0 > w.sample }),
               Double(after - before) >= 1.0 * fs {
                let mid = Double(before + after) / 2
                return abs(Double(w.sample) - mid) < 0.1 * Double(after - before)
            }
            return false
        }
        var dropped = 0
        var accepted = Set<Int>()
        var previousP: Int?
        for (wIndex, w) in pWaves.enumerated() {
            defer { if conductingWave.contains(wIndex) || accepted.contains(wIndex) { previousP = w.sample } }
            guard !conductingWave.contains(wIndex), looksLikeP(w), onTime(w, previous: previousP) else { continue }
            guard w.sample < n - samples(0.45) else { continue }
            let next = beats.first { $0.onset > w.sample }
            let gap = next.map { Double($0.onset - w.sample) / fs } ?? .infinity
            if gap > 0.45 { dropped += 1; accepted.insert(wIndex) }
        }

        // 2:1 AV block hides the blocked P at the end of the T wave, where the
        // average QRS-T (which holds it too, being locked to the QRS) cancels it.
        // Beat to beat on the unsubtracted strip: half a P-P cycle after each
        // conducted P, a wave of the same shape and size is a blocked P.
        // Those already found as blocked P waves are not counted twice.
        let hiddenBlockedP = midCycleBlockedP(x, beats: beats, conducting: conducting, pBefore: pBefore).filter { hidden in
            !accepted.contains { abs(pWaves[$0].sample - hidden.sample) < samples(0.1) }
        }
        dropped += hiddenBlockedP.count

        // PR beat to beat: count lengthening and constant steps between consecutive conducted beats.
        var lengthening = 0, constant = 0, shortening = 0
        for k in 1..<max(1, beats.count) {
            guard let a = prPerBeat[k - 1], let b = prPerBeat[k] else { continue }
            if b - a > 0.025 { lengthening += 1 } else if a - b > 0.025 { shortening += 1 } else { constant += 1 }
        }
        let pattern: StripMeasurements.PRMeasurement.Pattern
        if withPR.count < max(2, supraventricular.count / 3) && pWaves.count < 3 {
            pattern = .notMeasurable
        } else if dropped > 0 && lengthening >= 2 && lengthening >= constant - 1 {
            pattern = .progressiveLengthening
        } else if dropped > 0 && spread < 0.05 {
            pattern = .constantWithDroppedBeats
        } else if spread >= 0.06 && (dropped > 0 || pBefore < 0.8) {
            pattern = .variableDissociated
        } else if spread >= 0.06 {
            pattern = .variable
        } else if withPR.isEmpty {
            pattern = .notMeasurable
        } else {
            pattern = .constant
        }

        // Atrial rate from the P-P intervals.
        let pLike = (pWaves.enumerated().filter {
            conductingWave.contains($0.offset) || accepted.contains($0.offset) || (conducting.count < 3 && looksLikeP($0.element))
        }.map(\.element) + hiddenBlockedP).sorted { $0.sample < $1.sample }
        let pp = zip(pLike.dropFirst(), pLike).map { Double($0.sample - $1.sample) / fs }
        let atrialRate: Double? = pp.count >= 2 ? SignalMath.median(pp).map { 60 / $0 } : nil

        // Shape of the P waves: how alike they are (multifocal P waves are not).
        let shapes = pWaves.filter { $0.sample - half >= 0 && $0.sample + half < n }.map { atrialSignal[($0.sample - half)...($0.sample + half)] }
        var variability = 0.0
        if shapes.count >= 3 {
            var mean = [Float](repeating: 0, count: 2 * half + 1)
            for s in shapes { for (k, v) in s.enumerated() { mean[k] += v / Float(shapes.count) } }
            let amplitudes = pWaves.map { Double(abs($0.amplitude)) }
            let ampCV = SignalMath.standardDeviation(amplitudes) / max(1e-6, SignalMath.mean(amplitudes))
            let corr = shapes.map { SignalMath.correlation($0, mean[...]) }
            variability = (1 - SignalMath.mean(corr)) + ampCV
        }

        // Distinct P waves at a sinus-like rate before most QRS complexes rule out flutter.
        let sinusLikeP = (atrialRate.map { $0 < 200 } ?? false) && Double(pLike.count) >= 0.8 * Double(beats.count) && pBefore >= 0.6
        // Flutter waves repeat every 0.17-0.24 s right through the QRS-T. At 2:1
        // the only cycle to check is half the R-R, where sinus tachycardia's P
        // and T waves may repeat too: there upright P waves at a constant PR say sinus.
        let periodicity = flutterPeriodicity(x, beats: beats)
        // With a regular ventricular rhythm, flutter conducts at a fixed ratio:
        // the R-R interval holds a whole number (2, 3, 4) of flutter cycles.
        let beatRR = zip(beats.dropFirst(), beats).map { Double($0.r - $1.r) / fs }
        let meanBeatRR = SignalMath.mean(beatRR)
        let regularBeats = beatRR.count >= 3 && SignalMath.standardDeviation(beatRR) < 0.05 * meanBeatRR
        func fixedRatio(_ cycle: Double) -> Bool {
            guard regularBeats, cycle > 0 else { return true }
            let ratio = meanBeatRR / cycle
            return ratio >= 1.8 && abs(ratio - ratio.rounded()) < 0.12
        }
        let uprightPBeforeEachQRS = pBefore >= 0.6 && polarity > 0 && spread < 0.06
        // With an irregular ventricular response the lag is never tied to the
        // R-R, so a weaker but sustained periodicity already means flutter
        // (AF's f waves do not repeat at two consecutive cycles).
        let periodicityNeeded = regularBeats ? 0.45 : 0.35
        // An inverted wave before every QRS of a regular tachycardia at the
        // ventricular rate of 2:1 flutter (half of 250-350/min) that repeats
        // strongly half-way between the QRS complexes is a flutter wave, not a
        // retrograde P: a retrograde P comes once per cycle, next to the QRS.
        let invertedWaveRepeatsHalfWay = polarity < 0 && periodicity.score >= Self.strongHalfRRRepeat
            && meanBeatRR >= 60 / 175.0 && meanBeatRR <= 60 / 125.0
        let periodicFlutter = periodicity.score >= periodicityNeeded && fixedRatio(periodicity.cycle)
            // At 2:1 one F wave hides in the QRS-T; the other must show before each
            // QRS, or the strip must repeat itself strongly at half the R-R with the
            // ventricular rate of 2:1 flutter (atria 250-350/min, ventricles at most
            // 170/min; ACLS: a regular narrow tachycardia near 150/min, look for flutter).
            && (periodicity.halfOfRR
                ? !uprightPBeforeEachQRS && (!sinusLikeP || invertedWaveRepeatsHalfWay)
                    && (pBeforeAnyPolarity >= 0.5 || (periodicity.score >= 0.5 && meanBeatRR >= 60 / 170.0))
                // P waves found only on the average do not outweigh the strip
                // repeating itself every flutter cycle: a sawtooth locked 4:1 to
                // the QRS shows one crest before each QRS too. (Sinus strips of
                // MIT-BIH with such P waves repeat at 0.04-0.38, synthetic 4:1
                // flutter at 0.58 and more.)
                : !sinusLikeP || pWavesFromAverage || periodicity.score >= 0.6)
        let spectralFlutter = dominant >= 3.6 && dominant <= 6.4 && concentration >= 0.3 && baselineRMS >= 0.035
            && baselineRMS >= noise && !sinusLikeP && fixedRatio(1 / dominant)
        let flutter = periodicFlutter || spectralFlutter
        let fibrillatory = !flutter && pBefore < 0.5 && baselineRMS >= 0.015
        let kind: StripMeasurements.AtrialActivity.Kind
        if flutter { kind = .flutter }
        else if pBeforeAnyPolarity >= 0.7 && mixedPolarity { kind = .multiformPWaves }
        else if pBefore >= 0.5 || (pWaves.count >= 3 && pattern != .notMeasurable) {
            if polarity < 0 { kind = .retrogradePWaves }
            else if variability > 0.45 { kind = .multiformPWaves }
            else { kind = .pWaves }
        } else if fibrillatory { kind = .fibrillation }
        else { kind = .none }

        let pToQRS: Double? = beats.isEmpty ? nil : Double(pLike.count) / Double(beats.count)
        let activity = StripMeasurements.AtrialActivity(
            kind: kind, pWaveCount: pLike.count, pWavesFound: pBefore >= 0.5 || kind == .multiformPWaves,
            pWavePolarity: pWaves.isEmpty ? 0 : Int(polarity),
            atrialRate: flutter ? (periodicFlutter ? 60 / periodicity.cycle : dominant * 60) : atrialRate,
            dominantAtrialFrequency: dominant, flutterWaves: flutter, fibrillatoryBaseline: kind == .fibrillation)
        let pr = StripMeasurements.PRMeasurement(
            seconds: SignalMath.median(withPR), minimum: withPR.min(), maximum: withPR.max(),
            perBeat: prPerBeat, pattern: pattern, droppedBeats: dropped)
        return Result(activity: activity, pr: pr, pToQRS: pToQRS, waves: waves, prPerBeat: prPerBeat,
                      pBeforeQRSFraction: pBefore, prSpread: spread, shapeVariability: variability,
                      baselineRMS: baselineRMS, concentration: concentration,
                      atrialCycleVariation: Self.offCycleFraction(pp),
                      pBeforeAnyPolarity: pBeforeAnyPolarity, mixedPolarity: mixedPolarity)
    }

    /// Blocked P waves of 2:1 AV block found beat to beat: for a slow (at most
    /// 57/min; faster, half the cycle falls on the T wave's apex) regular rhythm with a P wave before every QRS, the 3-20 Hz band half a P-P cycle
    /// after each conducted P (where the next sinus P falls when every other
    /// one is blocked) must repeat that P's shape (correlation >= 0.75) and size
    /// in four cycles of five. A T wave's end is broader and smaller in this band.
    private func midCycleBlockedP(_ x: [Float], beats: [StripAnalysis.Beat], conducting: [StripAnalysis.AtrialWave],
                                  pBefore: Double) -> [StripAnalysis.AtrialWave] {
        let n = x.count
        let rr = zip(beats.dropFirst(), beats).map { Double($0.r - $1.r) / fs }
        guard rr.count >= 3, pBefore >= 0.7, conducting.count >= 3 else { return [] }
        let meanRR = SignalMath.mean(rr)
        guard meanRR >= 1.05, SignalMath.standardDeviation(rr) < 0.06 * meanRR else { return [] }
        let sums = RunningSums(x)
        let y = SignalMath.difference(sums.movingAverage(width: samples(0.02)), sums.movingAverage(width: samples(0.12)))
        let w = samples(0.06)
        let shift = samples(0.04)
        var found: [StripAnalysis.AtrialWave] = []
        var cycles = 0
        for p in conducting {
            guard let next = beats.first(where: { $0.onset > p.sample }),
                  let following = beats.first(where: { $0.onset > next.offset }) else { continue }
            let half = (following.r - next.r) / 2
            let expected = p.sample + half
            guard p.sample - w >= 0, expected + shift + w < n, expected - shift - w > next.offset else { continue }
            cycles += 1
            let reference = y[(p.sample - w)...(p.sample + w)]
            let referenceSize = Double((reference.max() ?? 0) - (reference.min() ?? 0))
            var best = -1.0, bestSample = expected
            for c in (expected - shift)...(expected + shift) {
                let corr = SignalMath.correlation(reference, y[(c - w)...(c + w)])
                if corr > best { best = corr; bestSample = c }
            }
            let candidate = y[(bestSample - w)...(bestSample + w)]
            let size = Double((candidate.max() ?? 0) - (candidate.min() ?? 0))
            if best >= 0.75, size >= 0.6 * referenceSize, size <= 1.6 * referenceSize {
                found.append(.init(sample: bestSample, amplitude: p.amplitude))
            }
        }
        guard cycles >= 3, Double(found.count) >= 0.8 * Double(cycles) else { return [] }
        return found
    }

    static func offCycleFraction(_ pp: [Double]) -> Double? {
        guard pp.count >= 2, let cycle = SignalMath.median(pp), cycle > 0 else { return nil }
        let off = pp.filter { interval in
            min(abs(interval - cycle), abs(interval - 2 * cycle)) > 0.15 * cycle
        }
        return Double(off.count) / Double(pp.count)
    }

    /// How strongly the strip repeats itself after one atrial cycle of
    /// 250-350/min (and after two) once the QRS complexes are blanked: flutter
    /// waves run on regularly through the QRS and T waves, P and T waves do not.
    struct FlutterPeriodicity: Sendable {
        /// Correlation (-1...1) at the best cycle.
        var score: Double
        /// The best flutter cycle, seconds.
        var cycle: Double
        /// The cycle is half the R-R interval of a regular rhythm (2:1): only one
        /// lag can be checked, and sinus P and T waves can repeat there too.
        var halfOfRR: Bool
    }

    func flutterPeriodicity(_ x: [Float], beats: [StripAnalysis.Beat]) -> FlutterPeriodicity {
        let none = FlutterPeriodicity(score: 0, cycle: 0, halfOfRR: false)
        let step = max(1, Int(fs / 125))
        let rate = fs / Double(step)
        var decimated: [Float] = []
        decimated.reserveCapacity(x.count / step + 1)
        var start = 0
        while start + step <= x.count {
            var sum: Float = 0
            for k in start..<(start + step) { sum += x[k] }
            decimated.append(sum / Float(step))
            start += step
        }
        let m = decimated.count
        guard m > Int(2 * rate), beats.count >= 2 else { return none }
        // 3-20 Hz band: the T wave's slow dome is mostly removed, flutter waves kept.
        let sums = RunningSums(decimated)
        let fast = sums.movingAverage(width: max(1, Int((0.02 * rate).rounded())))
        let slow = sums.movingAverage(width: max(2, Int((0.12 * rate).rounded())))
        let y = SignalMath.difference(fast, slow).map(Double.init)
        var usable = [Bool](repeating: true, count: m)
        let edge = Int(0.1 * rate)
        for i in 0..<min(m, edge) { usable[i] = false; usable[m - 1 - i] = false }
        for beat in beats {
            let lo = max(0, (beat.onset - samples(0.02)) / step), hi = min(m, (beat.offset + samples(0.04)) / step + 1)
            if lo < hi { for i in lo..<hi { usable[i] = false } }
        }
        let rr = zip(beats.dropFirst(), beats).map { Double($0.r - $1.r) / fs }
        let meanRR = SignalMath.mean(rr)
        let regular = rr.count >= 3 && SignalMath.standardDeviation(rr) < 0.05 * meanRR
        // The usable stretches, so that each lag visits only the pairs of usable samples.
        let runs = Self.runs(usable)
        func correlation(_ lag: Int) -> Double? {
            guard lag < m else { return nil }
            var ab = 0.0, aa = 0.0, bb = 0.0, pairs = 0
            y.withUnsafeBufferPointer { y in
                Self.forEachPairedStretch(runs, lag: lag) { stretch in
                    for i in stretch {
                        let a = y[i], b = y[i &+ lag]
                        ab += a * b; aa += a * a; bb += b * b
                    }
                    pairs += stretch.count
                }
            }
            guard Double(pairs) >= 0.5 * rate, aa > 0, bb > 0 else { return nil }
            return ab / (aa * bb).squareRoot()
        }
        var best = none
        for lag in Int((0.171 * rate).rounded(.up))...Int((0.24 * rate).rounded(.down)) {
            let cycle = Double(lag) / rate
            let halfOfRR = regular && abs(2 * cycle - meanRR) < 0.06 * meanRR
            // A lag equal to the R-R interval of a regular rhythm repeats any waveform.
            if regular && abs(cycle - meanRR) < 0.06 * meanRR { continue }
            guard let one = correlation(lag) else { continue }
            var score = one
            if !halfOfRR {
                guard let two = correlation(2 * lag) else { continue }
                score = min(one, two)
            }
            if score > best.score { best = FlutterPeriodicity(score: score, cycle: cycle, halfOfRR: halfOfRR) }
        }
        return best
    }

    /// The maximal stretches of `true` in `flags`, in order.
    static func runs(_ flags: [Bool]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start: Int?
        for (i, flag) in flags.enumerated() {
            if flag, start == nil { start = i }
            if !flag, let s = start { runs.append(s..<i); start = nil }
        }
        if let s = start { runs.append(s..<flags.count) }
        return runs
    }

    /// The samples `i` with both `i` and `i + lag` inside `runs` (sorted,
    /// disjoint), as stretches in increasing order: where each run overlaps
    /// the runs shifted back by the lag.
    static func forEachPairedStretch(_ runs: [Range<Int>], lag: Int, _ body: (Range<Int>) -> Void) {
        var later = 0
        for run in runs {
            while later < runs.count && runs[later].upperBound - lag <= run.lowerBound { later += 1 }
            var other = later
            while other < runs.count && runs[other].lowerBound - lag < run.upperBound {
                let lo = max(run.lowerBound, runs[other].lowerBound - lag)
                let hi = min(run.upperBound, runs[other].upperBound - lag)
                if lo < hi { body(lo..<hi) }
                other += 1
            }
        }
    }

    /// The strip minus each beat's cluster-average QRS-T (offset matched linearly at both ends).
    private func cancelVentricles(_ x: [Float], beats: [StripAnalysis.Beat], referenceRR: Double) -> [Float] {
        let n = x.count
        var out = x
        guard !beats.isEmpty else { return out }
        let before = samples(0.02) + (beats.map { $0.r - $0.onset }.max() ?? samples(0.05))
        // End the template with the T wave (QT from Bazett's formula with a
        // QTc of 0.44 s), before the next P wave: at fast rates a template
        // reaching further would hold the next P (time-locked to the QRS) and
        // cancel it together with the T wave.
        // A wide QRS lengthens the QT by its excess over a normal QRS: the
        // repolarisation (the JT interval) follows a slow depolarisation as it
        // follows a fast one (Rautaharju et al., AHA/ACCF/HRS recommendations
        // part IV, Circulation 2009;119:e241-50: with a QRS of 0.12 s or more
        // the JT interval is judged). A template ending at a normal QT leaves
        // the tail of a wide complex's T wave in the atrial signal once per beat
        // (MIT-BIH 217's paced beats: 0.5 mV at 0.39-0.47 s after the spike,
        // harmonics of the heart rate that read as flutter waves).
        let widths = beats.map { Double($0.offset - $0.onset) / fs }
        let excess = max(0, (SignalMath.median(widths) ?? Self.normalQRS) - Self.normalQRS)
        let qt = 0.44 * max(0.2, referenceRR).squareRoot() + excess
        let after = samples(max(0.15, min(0.45 + excess, qt - 0.02, referenceRR - 0.17)))
        let length = before + after + 1
        var sums: [Int: [Float]] = [:]
        var counts: [Int: Int] = [:]
        for beat in beats where beat.r - before >= 0 && beat.r + after < n {
            var sum = sums[beat.cluster] ?? [Float](repeating: 0, count: length)
            let base = x[beat.r - before]
            for k in 0..<length { sum[k] += x[beat.r - before + k] - base }
            sums[beat.cluster] = sum
            counts[beat.cluster, default: 0] += 1
        }
        let edge = samples(0.016)
        for (index, beat) in beats.enumerated() {
            guard let sum = sums[beat.cluster], let count = counts[beat.cluster] else { continue }
            let start = max(0, beat.r - before)
            var end = min(n - 1, beat.r + after)
            if index + 1 < beats.count { end = min(end, beats[index + 1].onset - samples(0.02)) }
            guard end - start > 2 * edge else { continue }
            func template(_ i: Int) -> Float { sum[i - (beat.r - before)] / Float(count) }
            guard start >= beat.r - before else { continue }
            // Subtract the template, then put back a straight line joining the
            // levels at both ends so the residual stays continuous with its neighbours.
            var startTemplate: Float = 0, endTemplate: Float = 0
            for i in start..<(start + edge) { startTemplate += template(i) }
            for i in (end - edge + 1)...end { endTemplate += template(i) }
            startTemplate /= Float(edge); endTemplate /= Float(edge)
            for i in start...end {
                let t = Float(i - start) / Float(max(1, end - start))
                out[i] = x[i] - template(i) + (startTemplate + (endTemplate - startTemplate) * t)
            }
        }
        return out
    }
}
