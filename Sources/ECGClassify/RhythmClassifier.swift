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
    /// Beats either side over which a paced record's paced and intrinsic beats
    /// are counted (`AtrialFibrillationTracker.pacedWindow`; varied by the
    /// sensitivity test only).
    var pacedWindow = AtrialFibrillationTracker.pacedWindow

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
        analyzeAndClassifyStrip(millivolts, samplingFrequency: samplingFrequency, rPeaks: rPeaks).classification
    }

    /// The strip's classification and the analysis it was decided from (the
    /// analysis of an empty strip when the sampling frequency is not usable).
    func analyzeAndClassifyStrip(_ millivolts: [Float], samplingFrequency: Double, rPeaks: [Int])
        -> (classification: StripClassification, analysis: StripAnalysis) {
        // Below 50 Hz (or not a number) there is no QRS to measure; say so rather than guess.
        let fs = samplingFrequency.isFinite && samplingFrequency >= 50 && samplingFrequency <= 100_000 ? samplingFrequency : 250
        guard fs == samplingFrequency else {
            let analysis = StripAnalyzer(samplingFrequency: fs).analyze([], rPeaks: [])
            var result = RhythmDecider(library: library).decide(analysis)
            result.outcome = .indeterminate(reason: "The sampling frequency \(samplingFrequency) Hz is not usable (50 Hz or more is needed).")
            result.explanation = ["Cannot call: the sampling frequency \(samplingFrequency) Hz is not usable (50 Hz or more is needed)."]
            return (result, analysis)
        }
        let analysis = StripAnalyzer(samplingFrequency: samplingFrequency).analyze(millivolts, rPeaks: rPeaks)
        return (RhythmDecider(library: library).decide(analysis), analysis)
    }

    /// Splits a record into rhythm segments, detecting its R peaks on every
    /// lead together. Beat features (R-R, beat shapes, P-wave consistency) are
    /// computed once over the whole record; atrial fibrillation episodes are
    /// tracked beat by beat, the rest named in `window`-second windows, and
    /// equal neighbours merged (see ``RecordRhythmTracker``). `lead` is the lead
    /// the strip classifier reads where beat features leave a window open.
    public func classify(record: ECGRecord, lead: Int = 0, window: Double = 10) throws -> [RhythmSegment] {
        guard record.leads.indices.contains(lead) else {
            throw ClassificationError.noSuchLead(lead, record: record.name, leadCount: record.leads.count)
        }
        guard window.isFinite, window >= 2, window <= 60 else {
            throw ClassificationError.badWindow(window)
        }
        let fs = record.samplingFrequency
        // The chosen lead first: the detector takes its beats and fills its gaps from the others.
        let order = [lead] + record.leads.indices.filter { $0 != lead }
        let leads = order.map { record.millivolts(lead: $0) }
        let peaks = try RPeakDetector(samplingFrequency: fs).detect(leads: leads)
        return RecordRhythmTracker(classifier: self).segments(leads: leads, primary: 0, beats: peaks, samplingFrequency: fs, window: window)
    }

    /// Segments for one lead with its R peaks (all indices into `signal`).
    public func classify(signal: [Float], samplingFrequency fs: Double, rPeaks: [Int], window: Double = 10) -> [RhythmSegment] {
        RecordRhythmTracker(classifier: self).segments(leads: [signal], primary: 0, beats: rPeaks.filter { signal.indices.contains($0) }.sorted(), samplingFrequency: fs,
                                                      window: window.isFinite ? min(60, max(2, window)) : 10)
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
