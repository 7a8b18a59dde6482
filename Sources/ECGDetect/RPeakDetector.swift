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
        // Only the leading lead restores separate humps (CandidateSelector):
        // the helper leads' beats enter where the first lead has a gap or is
        // noisy, where a small hump before a larger one is least trustworthy.
        let perLead = leads.enumerated().map { number, lead in
            lead.withUnsafeBufferPointer { detectWithNoiseRatios($0, restoringHumps: number == 0) }
        }
        return LeadFusion(samplingFrequency: samplingFrequency).fuse(perLead)
    }

    /// R peaks of a whole lead held in a buffer (millivolts).
    public func detect(_ samples: UnsafeBufferPointer<Float>) -> [Int] {
        detectWithNoiseRatios(samples).beats
    }

    /// R peaks of a whole lead, each with the decider's noise-to-signal ratio
    /// when it was accepted (how noisy the lead was there).
    func detectWithNoiseRatios(_ samples: UnsafeBufferPointer<Float>, restoringHumps: Bool = true) -> LeadBeats {
        guard !samples.isEmpty else { return LeadBeats(beats: [], noiseRatios: []) }
        var selector = CandidateSelector(design: design)
        selector.restoresHumps = restoringHumps
        let kernel = SegmentedFeatureKernel(design: design, lookahead: selector.lookahead)
        let features = kernel.run(samples)
        let length = samples.count
        var sequencer = EventSequencer(tickInterval: LeadStream.tickInterval(design))
        var decider = BeatDecider(design: design)
        var beats: [Int] = []
        var noiseRatios: [Float] = []
        features.withLanes { lanes in
            // Pick every candidate first (selection reads features only to
            // test a displaced maximum for a separate hump).
            var peaks: [CandidateSelector.Peak] = []
            peaks.reserveCapacity(length / Swift.max(1, selector.dominance) + 1)
            for k in 0..<SegmentedFeatureKernel.lanes {
                for maximum in features.maxima(lane: k) {
                    selector.offer(index: maximum.index, height: maximum.height, recordLength: length,
                                   source: lanes.lane(for:), into: &peaks)
                }
            }
            selector.release(upTo: Int.max, recordLength: length, source: lanes.lane(for:), into: &peaks)
            // The decider needs each candidate's slope; the R-peak location
            // only of the candidates it accepts, found after deciding. Until
            // then `location` holds the feature peak (the decider only copies
            // it into the beat list). Both are measured in row order: a row
            // holds all sixteen lanes in one cache line, so lanes measured side
            // by side share lines and the outputs stream through the cache
            // once instead of once per window.
            let slopes = Self.inRowOrder(peaks.map(\.index), lanes: lanes) { index, lane in
                selector.maximumSlope(peak: index, in: lane)
            }
            for (position, peak) in peaks.enumerated() {
                sequencer.enqueue(PeakCandidate(
                    index: peak.index, height: peak.height, slope: slopes[position],
                    location: peak.index, amplitude: 0, restored: peak.restored))
            }
            sequencer.finish(length: length, to: &decider)
            let (peaksOfBeats, ratios) = decider.collectWithNoiseRatios()
            noiseRatios = ratios
            beats = Self.inRowOrder(peaksOfBeats, lanes: lanes) { index, lane in
                selector.locate(peak: index, in: lane, recordLength: length).location
            }
        }
        return LeadBeats(beats: beats, noiseRatios: noiseRatios)
    }

    /// `measure` of every feature index, evaluated in the order of the rows
    /// that hold them, returned in the order of `indices`.
    private static func inRowOrder<T>(
        _ indices: [Int], lanes: SegmentedFeatures.LaneViews,
        _ measure: (Int, SegmentedFeatures.Lane) -> T
    ) -> [T] {
        let count = indices.count
        var order = [Int](unsafeUninitializedCapacity: count) { buffer, initialized in
            for (position, index) in indices.enumerated() {
                buffer[position] = lanes.row(for: index) << 24 | position
            }
            initialized = count
        }
        order.sort()
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            for key in order {
                let position = key & 0xFF_FFFF
                let index = indices[position]
                (buffer.baseAddress! + position).initialize(to: measure(index, lanes.lane(for: index)))
            }
            initialized = count
        }
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
