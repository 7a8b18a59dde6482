/// Marches out the P waves as a reader does with calipers: finds the regular
/// atrial cycle whose beats land on P waves wherever the baseline can be seen
/// (P waves hidden in a QRS complex are allowed for), then reads each QRS's
/// PR from that train. Works on the atrial residual of `BeatAtrialScanner`
/// (ST-T removed), so P waves falling on a T wave count too.
struct PWaveMarcher: Sendable {
    let fs: Double

    init(samplingFrequency: Double) { fs = samplingFrequency }

    struct Train: Sendable {
        /// Atrial cycle (P-P), seconds.
        var cycle: Double
        /// Sample of every P wave of the train inside the strip (visible or hidden).
        var positions: [Int]
        /// P waves of the train found on the visible baseline.
        var found: Int
        /// Train positions on the visible baseline (outside the QRS complexes).
        var visible: Int
        /// PR (P wave to QRS onset, s) of each beat from the train: the last
        /// train P wave 0.06-(cycle + 0.06) s before the QRS onset.
        let prPerBeat: [Double?]
        /// P waves of the train seen on the baseline and followed by no QRS within 0.5 s (blocked P waves).
        var blocked: Int
        /// Median of the beats' PR from the train.
        let medianPR: Double?
        /// Spread (s, 15th-85th percentile, indices rounded) of the beats' PR from the train.
        let prSpread: Double

        init(cycle: Double, positions: [Int], found: Int, visible: Int, prPerBeat: [Double?], blocked: Int) {
            self.cycle = cycle
            self.positions = positions
            self.found = found
            self.visible = visible
            self.prPerBeat = prPerBeat
            self.blocked = blocked
            // Both read the PR values once, here, rather than on every use.
            let prs = prPerBeat.compactMap { $0 }.sorted()
            medianPR = SignalMath.median(sorted: prs)
            prSpread = prs.count >= 3
                ? SignalMath.middleSpread(prs, .rounded) : 0
        }

        var atrialRate: Double { 60 / cycle }
        var foundFraction: Double { visible > 0 ? Double(found) / Double(visible) : 0 }
    }

    private func samples(_ seconds: Double) -> Int { max(1, Int((seconds * fs).rounded())) }

    /// A P wave must stand this many times above the strip's high-frequency
    /// noise (measured before smoothing, so larger than what is left of it).
    static let noiseMultiple = 2.0

    /// Atrial cycles searched: 45-150/min, the sinus range of a rhythm strip.
    static let cycles = (0.4, 1.35)

    /// The best regular P-wave train, or nil when none lands on P waves at four
    /// or more places and at most one visible place in five lacks one.
    func march(residual y: [Float], blanked: [Bool], beats: [StripAnalysis.Beat], noise: Double) -> Train? {
        let n = y.count
        guard n > samples(2), beats.count >= 2 else { return nil }
        // Candidate atrial waves: local extremes of the majority polarity, at
        // least the smallest wave read on paper and well above the noise.
        let threshold = Float(max(Double(BeatAtrialScanner.smallestWave), Self.noiseMultiple * noise))
        let reach = samples(0.08)
        var peaks: [(sample: Int, value: Float)] = []
        y.withUnsafeBufferPointer { y in
            var i = reach
            while i < n - reach {
                if !blanked[i], abs(y[i]) >= threshold {
                    var isExtreme = true
                    let size = abs(y[i])
                    for k in (i - reach)...(i + reach) where abs(y[k]) > size { isExtreme = false; break }
                    if isExtreme { peaks.append((i, y[i])); i += reach; continue }
                }
                i += 1
            }
        }
        let positive = peaks.filter { $0.value > 0 }, negative = peaks.filter { $0.value < 0 }
        let waves = (positive.count >= negative.count ? positive : negative).map(\.sample)
        guard waves.count >= 4 else { return nil }
        // Visible: outside the QRS blanking with room for a P wave.
        let room = samples(0.03)
        func isVisible(_ t: Int) -> Bool {
            guard t >= reach, t < n - reach else { return false }
            return !blanked[t] && !blanked[max(0, t - room)] && !blanked[min(n - 1, t + room)]
        }
        // Asked for every place of every trial train below, so computed once,
        // one number per sample: -1 where the baseline is hidden, else how far
        // the sample lies from the nearest candidate wave (`waves` is in time order).
        let distanceIfVisible = [Int](unsafeUninitializedCapacity: n) { distance, count in
            var previous: Int? = nil, next = 0
            for t in 0..<n {
                while next < waves.count && waves[next] <= t { previous = waves[next]; next += 1 }
                guard isVisible(t) else { distance[t] = -1; continue }
                let before = previous.map { t - $0 } ?? n
                let after = next < waves.count ? waves[next] - t : n
                distance[t] = min(before, after)
            }
            count = n
        }
        var best: (score: Double, cycle: Int, phase: Int, found: Int, visible: Int)?
        let step = max(1, samples(0.005))
        distanceIfVisible.withUnsafeBufferPointer { distanceIfVisible in
            for cycle in stride(from: samples(Self.cycles.0), through: samples(Self.cycles.1), by: step) {
                let tolerance = max(2, Int(0.06 * Double(cycle)))
                // Phases anchored on each candidate wave: the train passes through it.
                for anchor in waves {
                    let phase = anchor % cycle
                    var found = 0, visible = 0
                    var t = phase
                    // Branch-free: a hidden place (-1) adds nothing to either count.
                    let limit = UInt(tolerance)
                    while t < n {
                        let distance = distanceIfVisible[t]
                        visible &+= 1 &+ (distance >> 63)
                        found &+= UInt(bitPattern: distance) <= limit ? 1 : 0
                        t &+= cycle
                    }
                    guard visible > 0 else { continue }
                    let score = Double(found) - 0.5 * Double(visible - found)
                    if best.map({ score > $0.score }) ?? true { best = (score, cycle, phase, found, visible) }
                }
            }
        }
        guard let best, best.found >= 4, Double(best.found) >= 0.8 * Double(best.visible) else { return nil }
        // Refine each position to the wave found near it.
        let tolerance = max(2, Int(0.06 * Double(best.cycle)))
        var positions: [Int] = []
        var seen: [Int] = []
        var t = best.phase
        while t < n {
            if let wave = waves.first(where: { abs($0 - t) <= tolerance }) { positions.append(wave); seen.append(wave) }
            else { positions.append(t) }
            t += best.cycle
        }
        let prPerBeat: [Double?] = beats.map { beat in
            guard let p = positions.last(where: { $0 <= beat.onset - samples(0.06) }),
                  beat.onset - p <= best.cycle + samples(0.06) else { return nil }
            return Double(beat.onset - p) / fs
        }
        // Only P waves actually seen count as blocked: an empty place in the
        // train (a sinus pause) is not a P wave.
        let blocked = seen.filter { p in
            p < n - samples(0.5) && !beats.contains { $0.onset > p && $0.onset - p <= samples(0.5) }
                && !beats.contains { abs($0.r - p) < samples(0.1) }
        }.count
        return Train(cycle: Double(best.cycle) / fs, positions: positions, found: best.found, visible: best.visible,
                     prPerBeat: prPerBeat, blocked: blocked)
    }
}
