import ECGDetect
import ECGSignal
import RhythmLibrary

/// Names the rhythm of a strip or a whole record with the ids of the rhythm
/// library, from the waveform and its R peaks, the way a learner is taught:
/// rate, regularity, P waves, PR interval, QRS width.
///
/// ```swift
/// let classifier = RhythmClassifier()
/// let strip = classifier.classifyStrip(millivolts, samplingFrequency: 360)
/// strip.rhythmID      // "afib"
/// strip.explanation   // ["Rate: about 88/min ...", ...]
/// ```
///
/// It never reads synthesis parameters: only the signal.
public struct RhythmClassifier: Sendable {
    /// The label of windows too noisy to call (used in segments and annotations).
    public static let indeterminateLabel = "indeterminate"
    /// The library whose ids and teaching text are used.
    public let library: RhythmLibrary

    public init(library: RhythmLibrary = .builtIn) {
        self.library = library
    }

    /// Names one strip (typically 6 to 10 s of one lead, in mV), detecting its R peaks first.
    public func classifyStrip(_ millivolts: [Float], samplingFrequency: Double) -> StripClassification {
        let peaks = (try? RPeakDetector(samplingFrequency: samplingFrequency))?.detect(millivolts) ?? []
        return classifyStrip(millivolts, samplingFrequency: samplingFrequency, rPeaks: peaks)
    }

    /// Names one strip with R peaks already found (sample indices into `millivolts`).
    public func classifyStrip(_ millivolts: [Float], samplingFrequency: Double, rPeaks: [Int]) -> StripClassification {
        // Below 50 Hz (or not a number) there is no QRS to measure; say so rather than guess.
        let fs = samplingFrequency.isFinite && samplingFrequency >= 50 && samplingFrequency <= 100_000 ? samplingFrequency : 250
        guard fs == samplingFrequency else {
            let analysis = StripAnalyzer(samplingFrequency: fs).analyze([], rPeaks: [])
            var result = RhythmDecider(library: library).decide(analysis)
            result.outcome = .indeterminate(reason: "The sampling frequency \(samplingFrequency) Hz is not usable (50 Hz or more is needed).")
            result.explanation = ["Cannot call: the sampling frequency \(samplingFrequency) Hz is not usable (50 Hz or more is needed)."]
            return result
        }
        let analysis = StripAnalyzer(samplingFrequency: samplingFrequency).analyze(millivolts, rPeaks: rPeaks)
        return RhythmDecider(library: library).decide(analysis)
    }

    /// Splits a record into rhythm segments: consecutive `window`-second
    /// windows of one lead are classified and equal neighbours merged.
    public func classify(record: ECGRecord, lead: Int = 0, window: Double = 10) throws -> [RhythmSegment] {
        guard record.leads.indices.contains(lead) else {
            throw ClassificationError.noSuchLead(lead, record: record.name, leadCount: record.leads.count)
        }
        guard window.isFinite, window >= 2, window <= 60 else {
            throw ClassificationError.badWindow(window)
        }
        let fs = record.samplingFrequency
        let signal = record.millivolts(lead: lead)
        let peaks = try RPeakDetector(samplingFrequency: fs).detect(signal)
        return classify(signal: signal, samplingFrequency: fs, rPeaks: peaks, window: window)
    }

    /// Segments for a signal with its R peaks (all indices into `signal`).
    public func classify(signal: [Float], samplingFrequency fs: Double, rPeaks: [Int], window: Double = 10) -> [RhythmSegment] {
        let windowLength = max(1, Int((window * fs).rounded()))
        var windows: [RhythmSegment] = []
        var start = 0
        var peakCursor = 0
        while start < signal.count {
            var end = min(signal.count, start + windowLength)
            // A short tail joins the previous window rather than being judged alone.
            if signal.count - end < windowLength / 2 { end = signal.count }
            while peakCursor < rPeaks.count, rPeaks[peakCursor] < start { peakCursor += 1 }
            var peakEnd = peakCursor
            while peakEnd < rPeaks.count, rPeaks[peakEnd] < end { peakEnd += 1 }
            let local = rPeaks[peakCursor..<peakEnd].map { $0 - start }
            let strip = Array(signal[start..<end])
            let result = classifyStrip(strip, samplingFrequency: fs, rPeaks: local)
            windows.append(RhythmSegment(start: start, end: end, samplingFrequency: fs, classification: result))
            start = end
        }
        // Rhythms last longer than one window: a single window whose label
        // differs from two agreeing neighbours takes theirs (a 3-window majority).
        var labels = windows.map(\.label)
        if windows.count >= 3 {
            for i in 1..<(windows.count - 1) where labels[i - 1] == labels[i + 1] && labels[i] != labels[i - 1] {
                labels[i] = windows[i - 1].label
            }
        }
        var segments: [RhythmSegment] = []
        for (window, label) in zip(windows, labels) {
            var segment = window
            if label != window.label {
                // Keep the measurements; name the rhythm as the neighbours do.
                segment.classification.outcome = .rhythm(label)
                segment.classification.confidence *= 0.5
            }
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

    /// `+` annotations (aux `(id`) at each rhythm change, as WFDB tools read them.
    public static func annotations(for segments: [RhythmSegment]) -> [Annotation] {
        segments.map { Annotation(sample: $0.start, code: .rhythmChange, auxText: "(" + $0.label) }
    }
}

/// Errors of the classifier's record-level API.
public enum ClassificationError: Error, Sendable, Equatable, CustomStringConvertible {
    case noSuchLead(Int, record: String, leadCount: Int)
    case badWindow(Double)

    public var description: String {
        switch self {
        case let .noSuchLead(lead, record, count):
            return "record \(record) has \(count) lead(s); there is no lead \(lead)"
        case let .badWindow(window):
            return "window \(window) s is outside 2-60 s"
        }
    }
}
