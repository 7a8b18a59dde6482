/// Finds R peaks in an ECG lead at any sampling frequency from 100 Hz to 2 kHz.
///
/// ```swift
/// let detector = try RPeakDetector(samplingFrequency: 360)
/// let beats = detector.detect(millivolts)   // R-peak sample indices
/// ```
public struct RPeakDetector: Sendable {
    /// Sampling frequency in hertz.
    public let samplingFrequency: Double
    let design: FeatureDesign

    /// The supported range of sampling frequencies.
    public static let frequencyRange: ClosedRange<Double> = 100...2000

    public init(samplingFrequency: Double) throws {
        guard Self.frequencyRange.contains(samplingFrequency) else {
            throw DetectionError.unsupportedSamplingFrequency(samplingFrequency)
        }
        self.samplingFrequency = samplingFrequency
        design = FeatureDesign(samplingFrequency: samplingFrequency)
    }

    /// R peaks of a whole lead (samples in millivolts), as sample indices in
    /// increasing order, each on the extremum (positive or negative) of its QRS.
    public func detect(_ samples: [Float]) -> [Int] {
        scalarDetect(samples)
    }

    /// The scalar reference: the streaming engine fed the whole lead at once.
    func scalarDetect(_ samples: [Float]) -> [Int] {
        var stream = LeadStream(design: design)
        var beats = samples.withUnsafeBufferPointer { stream.push($0) }
        beats += stream.finish()
        return beats
    }
}
