/// R-peak detection on a lead that arrives in chunks, with bounded memory.
///
/// Feed chunks of any size with `process(_:)`; each call returns the beats that
/// became final. `finish()` returns the rest. The beats are exactly those of
/// `RPeakDetector.detect` on the whole lead, whatever the chunk sizes. A beat
/// is reported about 0.3 s after its R peak, or up to 1.66 mean RR intervals
/// later when it is recovered by search-back (and after the first 2 s, the
/// learning period). Memory does not grow with the record length.
public struct StreamingRPeakDetector: Sendable {
    private var stream: LeadStream

    public init(samplingFrequency: Double) throws {
        let detector = try RPeakDetector(samplingFrequency: samplingFrequency)
        stream = LeadStream(design: detector.design)
    }

    /// Samples received so far.
    public var sampleCount: Int { stream.length }

    /// Samples the detector holds: stays under a few seconds' worth however
    /// long the stream (tested over hours of data).
    var retainedSampleCount: Int { stream.retainedSamples }

    /// Feeds the next samples (millivolts); returns R peaks that became final,
    /// as sample indices from the start of the stream, in increasing order.
    public mutating func process(_ samples: [Float]) -> [Int] {
        samples.withUnsafeBufferPointer { stream.push($0) }
    }

    /// Ends the stream; returns the remaining R peaks.
    public mutating func finish() -> [Int] {
        stream.finish()
    }
}
