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
struct AtrialFibrillationTracker: Sendable {
    static let minimumEpisode = 30.0
    static let bridgedGap = 10.0

    /// AF episodes as sample ranges.
    static func episodes(beats: [Int], irregularity: RRIrregularity, coherence: AtrialCoherence,
                         samplingFrequency fs: Double, length: Int) -> [Range<Int>] {
        var raw: [Range<Int>] = []
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
            let t = beats[i + 1]
            if state, open == nil { open = t }
            if !state, let start = open { raw.append(start..<t); open = nil }
        }
        if let start = open, start < length { raw.append(start..<length) }
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
