/// Looks for atrial waves beat by beat, as a reader does with calipers: in
/// each R-R interval, outside the QRS and with the T wave taken away, is
/// there one discrete wave standing out from a flat baseline just before the
/// QRS (a P wave), or does the baseline undulate all through (fibrillation)?
///
/// The baseline is the isoelectric level read just before each QRS (the end
/// of the PR segment), joined linearly from beat to beat. The T wave is taken
/// away with the strip's average ST-T, stretched for each beat to its own QT:
/// the QT follows the preceding R-R as Bazett's QTc·√RR. Atrial waves that
/// are not tied to the preceding QRS (multifocal P waves, P waves of AV
/// dissociation, flutter waves) average out of that template and stay in the
/// residual beat by beat.
struct BeatAtrialScanner: Sendable {
    let fs: Double

    init(samplingFrequency: Double) { fs = samplingFrequency }

    /// One supraventricular beat's atrial finding.
    struct BeatFinding: Sendable {
        /// Beat index in the strip.
        var beat: Int
        /// The largest wave 0.04-0.27 s before the QRS onset (sample), if any.
        var sample: Int?
        /// Whether it stands out as a discrete P wave: a peak of at least
        /// `smallestWave`, `prominenceNeeded` times the rest of the baseline.
        var discrete: Bool
    }

    struct Result: Sendable {
        /// Share of the examined beats with a discrete P wave before the QRS.
        var discretePFraction: Double
        /// Distinct P-wave shapes among the discrete P waves (0 when fewer than three).
        var pShapeCount: Int
        /// Spread (s, 15th-85th percentile) of the PR of the discrete P waves.
        var prSpread: Double
        /// Beats examined.
        var examined: Int
        /// The atrial residual (baseline and ST-T removed), for the other scans.
        var residual: [Float]
        /// Samples blanked for the QRS complexes.
        var blanked: [Bool]
        /// Robust noise of the residual outside the QRS complexes, mV.
        var noise: Double
        /// Share of R-R intervals with an isoelectric stretch (the trace flat
        /// for 80 ms) between the QRS-T and the next QRS.
        var isoelectricShare: Double = 0
    }

    private func samples(_ seconds: Double) -> Int { max(1, Int((seconds * fs).rounded())) }

    /// A P wave must be at least this many times the RMS of the baseline
    /// between the QRS complexes: a P wave rises from an isoelectric
    /// baseline, fibrillatory waves are one among many of the same size.
    static let prominenceNeeded = 2.5
    /// The smallest deflection read as a wave (0.5 mm at 10 mm/mV).
    static let smallestWave: Float = 0.04
    /// An isoelectric stretch: at least `flatRun` seconds (two small squares)
    /// within `flatBand` mV. A flutter wave's crest (0.1-0.2 mV at 4-6 Hz)
    /// moves further than that in 80 ms.
    static let flatBand: Float = 0.03
    static let flatRun = 0.08

    func scan(_ x: [Float], beats: [StripAnalysis.Beat]) -> Result {
        let n = x.count
        let empty = Result(discretePFraction: 0, pShapeCount: 0, prSpread: 0,
                           examined: 0, residual: [], blanked: [], noise: 0)
        guard n > samples(1), beats.count >= 3 else { return empty }
        // Muscle noise smoothed away (two 40 ms passes: a triangle 80 ms wide,
        // the span of a P wave, which keeps most of the P and little of the noise).
        let s = SignalMath.movingAverage(SignalMath.movingAverage(x, width: samples(0.04)), width: samples(0.04))

        // Isoelectric baseline: the level just before each QRS onset, joined linearly.
        let anchors: [(Int, Float)] = beats.compactMap { beat in
            let hi = beat.onset - samples(0.01), lo = beat.onset - samples(0.03)
            guard lo >= 0, hi > lo else { return nil }
            var sum: Float = 0
            for i in lo..<hi { sum += s[i] }
            return (beat.onset - samples(0.02), sum / Float(hi - lo))
        }
        guard anchors.count >= 2 else { return empty }
        // The smoothed strip minus that baseline.
        var y = s.withUnsafeBufferPointer { s in
            [Float](unsafeUninitializedCapacity: n) { y, count in
                var k = 0
                for i in 0..<n {
                    while k + 1 < anchors.count - 1 && anchors[k + 1].0 <= i { k += 1 }
                    let (a, va) = anchors[k], (b, vb) = anchors[min(k + 1, anchors.count - 1)]
                    let baseline: Float
                    if i <= a { baseline = va } else if i >= b { baseline = vb }
                    else { baseline = va + (vb - va) * Float(i - a) / Float(b - a) }
                    y[i] = s[i] - baseline
                }
                count = n
            }
        }

        // Average ST-T of the dominant supraventricular beats on a Bazett time
        // axis: u = (t - R) / sqrt(preceding R-R), u in [0, 0.55].
        let rr: [Double?] = beats.indices.map { i in i > 0 ? Double(beats[i].r - beats[i - 1].r) / fs : nil }
        let grid = 200
        let uEnd = 0.55
        var template = [Double](repeating: 0, count: grid + 1)
        var counts = [Int](repeating: 0, count: grid + 1)
        let cluster = Self.dominantCluster(beats)
        for (i, beat) in beats.enumerated() where !beat.isVentricular && beat.cluster == cluster {
            guard let interval = rr[i] else { continue }
            let scale = interval.squareRoot()
            // Only up to the next P wave's earliest place: the template is the ST-T, not the next beat.
            let stop = i + 1 < beats.count ? beats[i + 1].onset - samples(0.12) : n - 1
            for g in 0...grid {
                let t = Double(beat.r) + Double(g) / Double(grid) * uEnd * scale * fs
                guard t < Double(stop) else { break }
                template[g] += Double(Self.interpolate(y, t))
                counts[g] += 1
            }
        }
        var lastG = -1
        for g in 0...grid {
            guard counts[g] >= 3 else { break }
            template[g] /= Double(counts[g])
            lastG = g
        }
        let used = lastG >= Int(0.2 / uEnd * Double(grid)) ? 3 : 0
        if used >= 3 {
            if lastG < grid { for g in (lastG + 1)...grid { template[g] = 0 } }
            // The ST-T ends where the template has settled after its largest
            // deflection past the QRS: the next P wave is not part of it.
            let startG = Int(0.12 / uEnd * Double(grid))
            var peakG = startG
            for g in startG...lastG where abs(template[g]) > abs(template[peakG]) { peakG = g }
            let peak = abs(template[peakG])
            var endG = lastG
            for g in peakG...lastG where abs(template[g]) < 0.1 * peak { endG = g; break }
            template.withUnsafeBufferPointer { template in
            y.withUnsafeMutableBufferPointer { y in
            func templateValue(_ u: Double) -> Double {
                guard u >= 0, u <= Double(grid) else { return 0 }
                let lo = Int(u), hi = min(grid, lo + 1)
                return template[lo] + (template[hi] - template[lo]) * (u - Double(lo))
            }
            for (i, beat) in beats.enumerated() where !beat.isVentricular && beat.cluster == cluster {
                guard let interval = rr[i] else { continue }
                let from = beat.offset + samples(0.01)
                let limit = i + 1 < beats.count ? beats[i + 1].onset - samples(0.01) : n - 1
                // Each beat's own QT may differ a little from Bazett's: the
                // stretch (within 12 %) that best fits its ST-T is used.
                var bestScale = interval.squareRoot(), bestError = Double.infinity
                for step in -4...4 {
                    let scale = interval.squareRoot() * (1 + 0.03 * Double(step))
                    let to = min(limit, beat.r + Int(Double(endG) / Double(grid) * uEnd * scale * fs), n - 1)
                    guard to > from else { continue }
                    let samplesPerUnit = scale * fs
                    var error = 0.0
                    for t in from...to {
                        let d = Double(y[t]) - templateValue(Double(t - beat.r) / samplesPerUnit / uEnd * Double(grid))
                        error += d * d
                    }
                    error /= Double(to - from + 1)
                    if error < bestError { bestError = error; bestScale = scale }
                }
                let to = min(limit, beat.r + Int(Double(endG) / Double(grid) * uEnd * bestScale * fs), n - 1)
                guard to > from else { continue }
                let samplesPerUnit = bestScale * fs
                for t in from...to {
                    y[t] -= Float(templateValue(Double(t - beat.r) / samplesPerUnit / uEnd * Double(grid)))
                }
            }
            }
            }
        }

        var blanked = [Bool](repeating: false, count: n)
        for beat in beats {
            for i in max(0, beat.onset - samples(0.01))..<min(n, beat.offset + samples(0.02)) { blanked[i] = true }
        }
        let highFrequency = SignalMath.unblanked(x, minus: s, blanked: blanked)
        let noise = Double(SignalMath.medianAbsolute(highFrequency)) * 1.4826

        // Beat by beat: the pre-QRS wave and the rest of the interval's baseline.
        var candidates: [(beat: Int, best: Int, lo: Int, hi: Int, rest: Double)] = []
        let pWindow = (far: samples(0.27), near: samples(0.04))
        let half = samples(0.06)
        for i in 1..<beats.count where !beats[i].isVentricular && !beats[i - 1].isVentricular {
            let beat = beats[i], previous = beats[i - 1]
            let start = previous.offset + samples(0.04)
            let lo = max(start, beat.onset - pWindow.far), hi = beat.onset - pWindow.near
            guard hi - lo >= samples(0.05) else { continue }
            var best = lo
            for t in lo...hi where abs(y[t]) > abs(y[best]) { best = t }
            // The rest of the interval: everything but the candidate and the QRS.
            var sum = 0.0, count = 0
            for t in start..<(beat.onset - samples(0.01)) where abs(t - best) > half && !blanked[t] {
                sum += Double(y[t] * y[t]); count += 1
            }
            guard count > 0 else { continue }
            candidates.append((i, best, lo, hi, (sum / Double(count)).squareRoot()))
        }
        // The baseline's own activity: the typical (median) level between the
        // waves of an R-R interval, so that one interval's left-over T wave does
        // not hide its P wave and one clean interval does not make AF look flat.
        let restLevel = max(0.005, SignalMath.median(candidates.map(\.rest)) ?? 0)
        var findings: [BeatFinding] = []
        for c in candidates {
            let amplitude = y[c.best]
            let prominence = restLevel > 0 ? Double(abs(amplitude)) / restLevel : 0
            let isPeak = c.best > c.lo && c.best < c.hi
            let discrete = isPeak && abs(amplitude) >= Self.smallestWave && prominence >= Self.prominenceNeeded
            findings.append(.init(beat: c.beat, sample: isPeak ? c.best : nil, discrete: discrete))
        }
        let discrete = findings.filter(\.discrete)
        let fraction = findings.isEmpty ? 0 : Double(discrete.count) / Double(findings.count)
        let prs = discrete.compactMap { f in f.sample.map { Double(beats[f.beat].onset - $0) / fs } }.sorted()
        let spread = prs.count >= 3 ? SignalMath.middleSpread(prs, .truncated) : 0
        let shapes = Self.shapeCount(discrete.compactMap { f in
            f.sample.flatMap { $0 - half >= 0 && $0 + half < n ? y[($0 - half)...($0 + half)] : nil }
        })
        // Isoelectric baseline, beat by beat on the smoothed trace: a stretch
        // where it stays flat (flutter waves never rest).
        let run = samples(Self.flatRun)
        var flatIntervals = 0, intervals = 0
        for i in 1..<beats.count where !beats[i].isVentricular && !beats[i - 1].isVentricular {
            let lo = beats[i - 1].offset + samples(0.04), hi = beats[i].onset - samples(0.01)
            guard hi - lo > run else { continue }
            intervals += 1
            var t = lo
            while t + run <= hi {
                let slice = s[t..<(t + run)]
                if (slice.max() ?? 0) - (slice.min() ?? 0) < Self.flatBand { flatIntervals += 1; break }
                t += max(1, run / 4)
            }
        }
        let isoelectricShare = intervals > 0 ? Double(flatIntervals) / Double(intervals) : 1
        return Result(discretePFraction: fraction, pShapeCount: shapes, prSpread: spread, examined: findings.count,
                      residual: y, blanked: blanked, noise: noise, isoelectricShare: isoelectricShare)
    }

    /// Distinct shapes among the P waves: a wave joins a shape when it
    /// correlates with its first member at 0.8 or more and is within a factor
    /// of 1.6 in size (0 when fewer than three waves).
    static func shapeCount(_ waves: [ArraySlice<Float>]) -> Int {
        guard waves.count >= 3 else { return 0 }
        var exemplars: [(ArraySlice<Float>, Float)] = []
        for w in waves {
            let size = (w.max() ?? 0) - (w.min() ?? 0)
            let joins = exemplars.contains { e in
                SignalMath.correlation(w, e.0) >= 0.8 && size <= 1.6 * e.1 && e.1 <= 1.6 * size
            }
            if !joins { exemplars.append((w, size)) }
        }
        return exemplars.count
    }

    static func dominantCluster(_ beats: [StripAnalysis.Beat]) -> Int {
        var counts: [Int: Int] = [:]
        for beat in beats where !beat.isVentricular && beat.cluster >= 0 { counts[beat.cluster, default: 0] += 1 }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? 0
    }

    static func interpolate(_ y: [Float], _ t: Double) -> Float {
        let i = Int(t)
        guard i >= 0, i + 1 < y.count else { return y[max(0, min(y.count - 1, i))] }
        let f = Float(t - Double(i))
        return y[i] + (y[i + 1] - y[i]) * f
    }
}
