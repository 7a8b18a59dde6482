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
        samples.withUnsafeBufferPointer { detect($0) }
    }

    /// R peaks from several leads of one record (millivolts, equal lengths):
    /// the first lead's beats, plus beats of the other leads that fall in the
    /// first lead's gaps (electrode failure, saturation, low amplitude).
    public func detect(leads: [[Float]]) throws -> [Int] {
        guard let first = leads.first else { throw DetectionError.noLeads }
        guard leads.allSatisfy({ $0.count == first.count }) else { throw DetectionError.leadLengthsDiffer }
        let perLead = leads.map { detect($0) }
        return LeadFusion(samplingFrequency: samplingFrequency)
            .fuse(primary: perLead[0], others: Array(perLead.dropFirst()))
    }

    /// R peaks of a whole lead held in a buffer (millivolts).
    public func detect(_ samples: UnsafeBufferPointer<Float>) -> [Int] {
        guard !samples.isEmpty else { return [] }
        var selector = CandidateSelector(design: design)
        let kernel = SegmentedFeatureKernel(design: design, lookahead: selector.lookahead)
        let features = kernel.run(samples)
        let length = samples.count
        var sequencer = EventSequencer(tickInterval: LeadStream.tickInterval(design))
        var decider = BeatDecider(design: design)
        features.withLanes { lanes in
            // Selection needs no feature data: pick every candidate first.
            var peaks: [(index: Int, height: Int32)] = []
            peaks.reserveCapacity(length / Swift.max(1, selector.dominance) + 1)
            for laneMaxima in features.laneMaxima {
                for maximum in laneMaxima {
                    if let peak = selector.offer(index: maximum.index, height: maximum.height) {
                        peaks.append(peak)
                    }
                }
            }
            if let peak = selector.release(upTo: Int.max) { peaks.append(peak) }
            // Then measure them in row order: a row holds all sixteen lanes in
            // one cache line, so lanes measured side by side share the lines
            // and the outputs stream through the cache once instead of once
            // per candidate window. Each measurement depends only on its peak.
            var order = [Int](unsafeUninitializedCapacity: peaks.count) { buffer, initialized in
                for (position, peak) in peaks.enumerated() {
                    buffer[position] = lanes.row(for: peak.index) << 24 | position
                }
                initialized = peaks.count
            }
            order.sort()
            let candidates = [PeakCandidate](unsafeUninitializedCapacity: peaks.count) { buffer, initialized in
                for key in order {
                    let peak = peaks[key & 0xFF_FFFF]
                    (buffer.baseAddress! + (key & 0xFF_FFFF)).initialize(to: selector.measure(
                        peak: peak.index, height: peak.height, in: lanes.lane(for: peak.index), recordLength: length))
                }
                initialized = peaks.count
            }
            for candidate in candidates { sequencer.enqueue(candidate) }
        }
        sequencer.finish(length: length, to: &decider)
        return decider.collect()
    }

    /// The scalar reference: the streaming engine fed the whole lead at once.
    public func scalarDetectForTesting(_ samples: [Float]) -> [Int] { scalarDetect(samples) }
    func scalarDetect(_ samples: [Float]) -> [Int] {
        var stream = LeadStream(design: design)
        var beats = samples.withUnsafeBufferPointer { stream.push($0) }
        beats += stream.finish()
        return beats
    }
}
