/// Follows the rhythm through a whole record from features computed once
/// per beat: R-R intervals, beat shape families (ectopic or conducted), the
/// irregularity of the conducted rhythm and the consistency of the P wave.
///
/// Atrial fibrillation episodes come from ``AtrialFibrillationTracker``
/// (with hysteresis and a 30 s minimum). The rest of the record is cut into
/// windows named from rate, regularity, P waves, QRS width and ectopy; where
/// those leave the rhythm open (no P wave but regular, runs of wide beats,
/// too few beats, irregular without ectopy), the strip classifier is asked,
/// on one window per minute of such a stretch, and its answer stands for
/// the windows around it. Every segment keeps the measurements that named it.
struct RecordRhythmTracker: Sendable {
    let classifier: RhythmClassifier
    /// One strip-classifier call per this many seconds of an open stretch.
    static let representativeSpacing = 60.0

    /// One piece of the record before equal neighbours are merged.
    private struct Unit {
        var start: Int
        var end: Int
        var classification: StripClassification
        var isAtrialFibrillation: Bool
        /// Named by the strip classifier (or awaiting it).
        var open: Bool
    }

    /// Segments of a record given its leads (mV, equal lengths), the lead the
    /// strip classifier reads, and the R peaks of all leads together.
    func segments(leads: [[Float]], primary: Int, beats: [Int], samplingFrequency fs: Double, window: Double) -> [RhythmSegment] {
        let length = leads.first?.count ?? 0
        guard length > 0 else { return [] }
        let morphology = BeatMorphology(leads: leads, beats: beats, samplingFrequency: fs)
        let pacing = DemandPacing.find(beats: beats, leads: leads, morphology: morphology, samplingFrequency: fs)
        let irregularity = RRIrregularity(beats: beats, conducted: morphology.conducted, samplingFrequency: fs)
        let coherence = AtrialCoherence(leads: leads, beats: beats, conducted: morphology.conducted, samplingFrequency: fs)
        let features = RecordFeatures(beats: beats, morphology: morphology, irregularity: irregularity, coherence: coherence, fs: fs,
                                      library: classifier.library, pacing: pacing)
        let edges = RRIrregularity(beats: beats, conducted: morphology.conducted, samplingFrequency: fs,
                                   window: AtrialFibrillationTracker.edgeWindow, trimmed: 1)
        var episodes = AtrialFibrillationTracker.episodes(beats: beats, irregularity: irregularity, coherence: coherence, edges: edges,
                                                          conducted: morphology.conducted, paced: pacing?.paced,
                                                          pacedWindow: classifier.pacedWindow,
                                                          samplingFrequency: fs, length: length)
        let signal = leads[primary]
        let windowLength = max(1, Int((window * fs).rounded()))

        // An irregular, P-less stretch of organised-looking beats may be a
        // ventricular arrhythmia: one strip from the middle of each episode checks.
        episodes.removeAll { episode in
            let mid = (episode.lowerBound + episode.upperBound) / 2
            let lo = max(episode.lowerBound, mid - windowLength / 2), hi = min(episode.upperBound, lo + windowLength)
            let strip = classifyStrip(signal, beats: beats, range: lo..<hi, fs: fs)
            return ["vf-coarse", "vf-fine", "torsades", "vt-mono", "asystole"].contains(strip.rhythmID ?? "")
        }

        // AF episodes whole; the rest in windows.
        var units: [Unit] = []
        var cursor = 0
        func addWindows(upTo end: Int) {
            var start = cursor
            while start < end {
                var stop = min(end, start + windowLength)
                if end - stop < windowLength / 2 { stop = end }
                let (classification, open) = features.nameWindow(start..<stop)
                units.append(Unit(start: start, end: stop, classification: classification, isAtrialFibrillation: false, open: open))
                start = stop
            }
            cursor = end
        }
        for var episode in episodes {
            // A stub shorter than half a window before an episode joins it (not the
            // paced stretches cut out of AF in a paced record: they stand alone).
            if episode.lowerBound - cursor < windowLength / 2 && (pacing == nil || cursor == 0) { episode = cursor..<episode.upperBound }
            if length - episode.upperBound < windowLength / 2 { episode = episode.lowerBound..<length }
            addWindows(upTo: episode.lowerBound)
            units.append(Unit(start: episode.lowerBound, end: episode.upperBound,
                              classification: features.atrialFibrillation(episode), isAtrialFibrillation: true, open: false))
            cursor = episode.upperBound
        }
        addWindows(upTo: length)

        // Open windows: the strip classifier on one window per minute of each open stretch.
        var index = 0
        while index < units.count {
            guard units[index].open else { index += 1; continue }
            var stop = index
            while stop + 1 < units.count && units[stop + 1].open { stop += 1 }
            // Chunks of about a minute; the middle window of each speaks for it
            // (the first window of a stretch often straddles the change).
            let seconds = Double(units[stop].end - units[index].start) / fs
            let chunks = max(1, Int((seconds / Self.representativeSpacing).rounded(.up)))
            let perChunk = max(1, Int((Double(stop - index + 1) / Double(chunks)).rounded(.up)))
            var asked: [(index: Int, result: StripClassification)] = []
            var chunkStart = index
            while chunkStart <= stop {
                let middle = min(stop, chunkStart + (min(stop, chunkStart + perChunk - 1) - chunkStart) / 2)
                let unit = units[middle]
                asked.append((middle, classifyStrip(signal, beats: beats, range: unit.start..<unit.end, fs: fs)))
                chunkStart += perChunk
            }
            for i in index...stop {
                let nearest = asked.min { abs($0.index - i) < abs($1.index - i) }!
                units[i].classification = Self.withoutAtrialFibrillation(nearest.result)
            }
            index = stop + 1
        }

        // A lone window whose label differs from two agreeing neighbours takes
        // theirs (AF episodes, already 30 s or longer, are left alone).
        if units.count >= 3 {
            let labels = units.map { Self.label($0.classification) }
            for i in 1..<(units.count - 1) where !units[i].isAtrialFibrillation && labels[i - 1] == labels[i + 1] && labels[i] != labels[i - 1]
                && !units[i - 1].isAtrialFibrillation {
                units[i].classification.outcome = .rhythm(labels[i - 1])
                units[i].classification.confidence *= 0.5
            }
        }
        var segments: [RhythmSegment] = []
        for unit in units {
            let segment = RhythmSegment(start: unit.start, end: unit.end, samplingFrequency: fs, classification: unit.classification)
            if var last = segments.last, last.label == segment.label {
                let n = Double(last.windowCount)
                last.classification.confidence = (last.classification.confidence * n + segment.classification.confidence) / (n + 1)
                last.end = segment.end
                last.windowCount += 1
                segments[segments.count - 1] = last
            } else {
                segments.append(segment)
            }
        }
        return segments
    }

    /// AF is the tracker's call (30 s of irregular rhythm without P waves):
    /// a window outside its episodes that the strip classifier calls AF takes
    /// the classifier's nearest other rhythm.
    static func withoutAtrialFibrillation(_ result: StripClassification) -> StripClassification {
        guard let id = result.rhythmID, id == "afib" || id == "afib-rvr" else { return result }
        var other = result
        let alternative = result.alternatives.first { $0 != "afib" && $0 != "afib-rvr" }
        other.outcome = alternative.map { .rhythm($0) } ?? .indeterminate(reason: "irregular, but not atrial fibrillation for 30 s")
        other.confidence *= 0.5
        other.explanation.append("Not called atrial fibrillation: the record shows no 30 s of irregular rhythm without P waves here.")
        return other
    }

    static func label(_ classification: StripClassification) -> String {
        classification.rhythmID ?? RhythmClassifier.indeterminateLabel
    }

    private func classifyStrip(_ signal: [Float], beats: [Int], range: Range<Int>, fs: Double) -> StripClassification {
        let lo = beats.partitionIndex { $0 >= range.lowerBound }, hi = beats.partitionIndex { $0 >= range.upperBound }
        let local = beats[lo..<hi].map { $0 - range.lowerBound }
        return classifier.classifyStrip(Array(signal[range]), samplingFrequency: fs, rPeaks: local)
    }
}
