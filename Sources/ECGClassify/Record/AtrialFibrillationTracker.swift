/// Finds the atrial fibrillation episodes of a record from two beat-level
/// measures: an irregular underlying ventricular rhythm (Dash et al.'s
/// normalised RMSSD above 0.1) with no consistent P wave before the QRS
/// (atrial coherence below 0.25).
///
/// Hysteresis keeps episodes from flickering: where a measure cannot be
/// taken (too many ectopic beats in the window) the previous state holds;
/// AF episodes less than 10 s apart are joined; and an episode must last
/// 30 s, the duration from which an arrhythmia episode is diagnosed as AF
/// (Hindricks et al., 2020 ESC Guidelines for the diagnosis and management
/// of atrial fibrillation, Eur Heart J 2021;42:373-498).
///
/// The 32-interval window of the irregularity measure is centred, so at a
/// change of rhythm it still sees AF up to 16 beats into sinus rhythm (and
/// sinus rhythm as far into AF). Each edge is therefore moved, within those
/// 16 beats, to the first (onset) or last (offset) interval whose short-window
/// irregularity (`edgeWindow` intervals) is above the AF threshold: the first or
/// last irregular stretch rather than the long window's midpoint.
///
/// An offset also moves back to a termination pause: when paroxysmal AF stops,
/// the sinus node is often slow to recover and the last fibrillation beat is
/// followed by a pause before a junctional or sinus escape beat (the
/// tachycardia-bradycardia form of sick sinus syndrome; Semelka et al., Sick
/// sinus syndrome: a review, Am Fam Physician 2013;87:691-6). The slower, still
/// irregular escape rhythm after it would otherwise keep the long window in AF
/// for up to 16 more beats.
struct AtrialFibrillationTracker: Sendable {
    static let minimumEpisode = 30.0
    static let bridgedGap = 10.0
    /// Intervals in the short window that places the edges.
    static let edgeWindow = 8
    /// How far (intervals) an edge may move: half the long window.
    static let edgeReach = RRIrregularity.window / 2
    /// An R-R this many times the median of the conducted R-R just before it
    /// ends the episode when it lies within `edgeReach` of the offset: a pause,
    /// not a long cycle of fibrillation (within AF the R-R rarely exceeds twice
    /// its median; MIT-BIH 201's three terminations give 3.5-5.7).
    static let terminationPause = 2.5
    /// Conducted intervals before a candidate pause whose median it is compared to.
    static let pauseReference = 8
    /// Beats either side of a beat over which paced and intrinsic beats are counted.
    /// (The result hardly depends on it: all-26 duration Se and +P stay at 95.5-97.0 % from 1 to 6.)
    static let pacedWindow = 2

    /// AF episodes as sample ranges.
    /// `edges`: the short-window irregularity that places the edges (nil: edges where the long window puts them).
    /// `conducted`: the beats whose R-R intervals count for the termination pause (nil: no pause rule).
    static func episodes(beats: [Int], irregularity: RRIrregularity, coherence: AtrialCoherence, edges: RRIrregularity? = nil,
                         conducted: [Bool]? = nil, paced: [Bool]? = nil, pacedWindow: Int = pacedWindow, pauseRatio: Double = terminationPause,
                         samplingFrequency fs: Double, length: Int) -> [Range<Int>] {
        let pacedRun = paced.map { pacedStretch(paced: $0, conducted: conducted ?? [Bool](repeating: true, count: beats.count), window: pacedWindow) }
        // Episodes as interval indices: from the interval where AF begins to the one where it has ended.
        var rawIntervals: [(first: Int, end: Int?)] = []
        // Open at the first beat called AF, close at the first beat that is not.
        var state = false
        var open: Int?
        for i in irregularity.values.indices {
            let irregular = irregularity.values[i]
            let atrial = coherence.values[i + 1]
            if let pacedRun {
                // The pacemaker cuts off the slow cycles of the ventricular response, so its
                // irregularity is no guide: intrinsic beats outnumbering paced ones, with no
                // consistent P wave before them, are atrial fibrillation.
                // A paced stretch shows nothing of the atria (a VVI pacemaker neither senses nor
                // paces them): it neither starts nor ends an episode, and only intrinsic beats with
                // a consistent P wave end one. The episode, paced stretches included, must last
                // 30 s; the paced stretches are cut out of it at the end.
                if !pacedRun[i + 1] { state = !(atrial >= RecordFeatures.pWavesPresent) }
            } else if irregular.isFinite && atrial.isFinite {
                state = irregular > RRIrregularity.atrialFibrillationThreshold && atrial < AtrialCoherence.absentBelow
            } else if irregular.isFinite && irregular <= RRIrregularity.atrialFibrillationThreshold {
                state = false
            }
            if state, open == nil { open = i }
            if !state, let start = open { rawIntervals.append((start, i)); open = nil }
        }
        if let start = open { rawIntervals.append((start, nil)) }
        let threshold = RRIrregularity.atrialFibrillationThreshold
        // Each episode as found and, where a termination pause cuts it short, where it ends.
        var raw: [(found: Range<Int>, stop: Int)] = []
        for (first, end) in rawIntervals {
            var onset = first, offset = end
            // An edge moves only across intervals known to be regular: where the short
            // window cannot be measured (ectopic or paced beats) it stays.
            // (Not in a paced record, whose episodes are not found from the irregularity.)
            if pacedRun == nil, let local = edges?.values, local.count == irregularity.values.count {
                let lo = first, hi = min(local.count - 1, first + edgeReach)
                if lo <= hi, let k = (lo...hi).first(where: { !(local[$0] <= threshold) }) { onset = k }
                if let e = end {
                    let lo = max(first, e - edgeReach), hi = min(local.count - 1, e)
                    if lo <= hi, let k = (lo...hi).last(where: { !(local[$0] <= threshold) }) { offset = k + 1 }
                }
            }
            let start = beats[onset + 1]
            let stop = offset.map { beats[min(beats.count - 1, $0 + 1)] } ?? length
            guard start < stop, start < length else { continue }
            var cut = stop
            if pacedRun == nil, let conducted, conducted.count == beats.count, let e = offset,
               let pause = terminationPause(beats: beats, conducted: conducted, after: onset, upTo: e, ratio: pauseRatio),
               beats[pause.interval] > start {
                // The pause begins when the next fibrillation beat fails to come:
                // one median R-R after the last one.
                cut = min(stop, beats[pause.interval] + pause.median)
            }
            raw.append((start..<stop, cut))
        }
        let gap = Int(bridgedGap * fs), minimum = Int(minimumEpisode * fs)
        var merged: [(found: Range<Int>, stop: Int)] = []
        for episode in raw {
            if let last = merged.last, episode.found.lowerBound - last.found.upperBound <= gap {
                merged[merged.count - 1] = (last.found.lowerBound..<episode.found.upperBound, episode.stop)
            } else {
                merged.append(episode)
            }
        }
        // The 30 s criterion applies to the irregular stretch found; the pause then places its end.
        let kept = merged.filter { $0.found.count >= minimum }.map { $0.found.lowerBound..<$0.stop }
        guard let pacedRun else { return kept }
        // Paced stretches inside an episode are cut out of it: the atria may still
        // fibrillate, but the rhythm on the strip is the pacemaker's. As rhythm labels
        // are placed, a rhythm begins at its first beat: the paced stretch at its first
        // paced beat, the fibrillation again at the first intrinsic beat after it.
        var result: [Range<Int>] = []
        for episode in kept {
            var start = episode.lowerBound
            var i = max(1, beats.partitionIndex { $0 > episode.lowerBound })
            while i < beats.count && beats[i - 1] < episode.upperBound {
                if pacedRun[i] {
                    let cut = beats[i]
                    if cut > start { result.append(start..<min(cut, episode.upperBound)) }
                    start = max(start, i + 1 < beats.count ? beats[i + 1] : episode.upperBound)
                }
                i += 1
            }
            if start < episode.upperBound { result.append(start..<episode.upperBound) }
        }
        return result
    }

    /// Beats around which (`pacedWindow` beats either side) paced beats are at
    /// least as many as conducted intrinsic ones: a paced stretch. (MIT-BIH 217: 65-92 %
    /// of the beats are intrinsic in its AF episodes, at most 15 % in its paced ones.)
    static func pacedStretch(paced: [Bool], conducted: [Bool], window: Int = pacedWindow) -> [Bool] {
        paced.indices.map { i in
            let lo = max(0, i - window), hi = min(paced.count, i + window + 1)
            var pacedCount = 0, intrinsic = 0
            for j in lo..<hi {
                if paced[j] { pacedCount += 1 } else if conducted[j] { intrinsic += 1 }
            }
            return pacedCount >= intrinsic
        }
    }

    /// The first interval within `edgeReach` before interval `end` that is at least
    /// `ratio` times the median of the `pauseReference` conducted intervals before it.
    /// Returns the interval and that median (samples).
    static func terminationPause(beats: [Int], conducted: [Bool], after onset: Int, upTo end: Int, ratio: Double) -> (interval: Int, median: Int)? {
        let count = beats.count - 1
        let lo = max(onset + pauseReference + 1, end - edgeReach), hi = min(count - 1, end)
        guard lo <= hi else { return nil }
        var previous: [Int] = []
        for p in lo...hi where conducted[p] && conducted[p + 1] {
            previous.removeAll(keepingCapacity: true)
            var j = p - 1
            while j > onset, previous.count < pauseReference {
                if conducted[j] && conducted[j + 1] { previous.append(beats[j + 1] - beats[j]) }
                j -= 1
            }
            guard previous.count == pauseReference else { continue }
            previous.sort()
            let median = Double(previous[pauseReference / 2 - 1] + previous[pauseReference / 2]) / 2
            if Double(beats[p + 1] - beats[p]) >= ratio * median { return (p, Int(median)) }
        }
        return nil
    }
}
