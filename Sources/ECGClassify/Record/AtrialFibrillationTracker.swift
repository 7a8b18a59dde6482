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
struct AtrialFibrillationTracker: Sendable {
    static let minimumEpisode = 30.0
    static let bridgedGap = 10.0
    /// Intervals in the short window that places the edges.
    static let edgeWindow = 8
    /// How far (intervals) an edge may move: half the long window.
    static let edgeReach = RRIrregularity.window / 2

    /// AF episodes as sample ranges.
    /// `edges`: the short-window irregularity that places the edges (nil: edges where the long window puts them).
    static func episodes(beats: [Int], irregularity: RRIrregularity, coherence: AtrialCoherence, edges: RRIrregularity? = nil,
                         samplingFrequency fs: Double, length: Int) -> [Range<Int>] {
        // Episodes as interval indices: from the interval where AF begins to the one where it has ended.
        var rawIntervals: [(first: Int, end: Int?)] = []
        // Open at the first beat called AF, close at the first beat that is not.
        var state = false
        var open: Int?
        for i in irregularity.values.indices {
            let irregular = irregularity.values[i]
            let atrial = coherence.values[i + 1]
            if irregular.isFinite && atrial.isFinite {
                state = irregular > RRIrregularity.atrialFibrillationThreshold && atrial < AtrialCoherence.absentBelow
            } else if irregular.isFinite && irregular <= RRIrregularity.atrialFibrillationThreshold {
                state = false
            }
            if state, open == nil { open = i }
            if !state, let start = open { rawIntervals.append((start, i)); open = nil }
        }
        if let start = open { rawIntervals.append((start, nil)) }
        let threshold = RRIrregularity.atrialFibrillationThreshold
        var raw: [Range<Int>] = []
        for (first, end) in rawIntervals {
            var onset = first, offset = end
            // An edge moves only across intervals known to be regular: where the short
            // window cannot be measured (ectopic or paced beats) it stays.
            if let local = edges?.values, local.count == irregularity.values.count {
                let lo = first, hi = min(local.count - 1, first + edgeReach)
                if lo <= hi, let k = (lo...hi).first(where: { !(local[$0] <= threshold) }) { onset = k }
                if let e = end {
                    let lo = max(first, e - edgeReach), hi = min(local.count - 1, e)
                    if lo <= hi, let k = (lo...hi).last(where: { !(local[$0] <= threshold) }) { offset = k + 1 }
                }
            }
            let start = beats[onset + 1]
            let stop = offset.map { beats[min(beats.count - 1, $0 + 1)] } ?? length
            if start < stop, start < length { raw.append(start..<stop) }
        }
        let gap = Int(bridgedGap * fs), minimum = Int(minimumEpisode * fs)
        var merged: [Range<Int>] = []
        for episode in raw {
            if let last = merged.last, episode.lowerBound - last.upperBound <= gap {
                merged[merged.count - 1] = last.lowerBound..<episode.upperBound
            } else {
                merged.append(episode)
            }
        }
        return merged.filter { $0.count >= minimum }
    }
}
