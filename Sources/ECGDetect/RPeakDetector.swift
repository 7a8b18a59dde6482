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
        let perLead = leads.map { lead in lead.withUnsafeBufferPointer { detectWithNoiseRatios($0) } }
        return LeadFusion(samplingFrequency: samplingFrequency).fuse(perLead)
    }

    /// R peaks of a whole lead held in a buffer (millivolts).
    public func detect(_ samples: UnsafeBufferPointer<Float>) -> [Int] {
        detectWithNoiseRatios(samples).beats
    }

    /// R peaks of a whole lead, each with the decider's noise-to-signal ratio
    /// when it was accepted (how noisy the lead was there).
    func detectWithNoiseRatios(_ samples: UnsafeBufferPointer<Float>) -> LeadBeats {
        guard !samples.isEmpty else { return LeadBeats(beats: [], noiseRatios: []) }
        let length = samples.count
        let selector = CandidateSelector(design: design)
        let kernel = SegmentedFeatureKernel(design: design, selector: selector)
        let features = kernel.run(samples)
        var sequencer = EventSequencer(tickInterval: LeadStream.tickInterval(design))
        var decider = BeatDecider(design: design)
        features.withLanes { lanes in
            func measured(_ peak: (index: Int, height: Int32)) -> PeakCandidate {
                selector.measure(peak: peak.index, height: peak.height,
                                 in: lanes.lane(for: peak.index), recordLength: length)
            }
            // The kernel ran one selector per lane, each starting afresh at its
            // segment; the whole lead's selector enters a lane with the pending
            // maximum of the lanes before. Both are fed the lane's maxima until
            // they hold the same pending maximum (usually at the lane's first
            // or second beat): from there on they release the same candidates,
            // which the kernel has measured. Before that, the whole lead's
            // releases count and the lane's are dropped.
            var whole = selector
            for k in 0..<SegmentedFeatureKernel.lanes {
                let maxima = features.maxima(lane: k)
                var replay = selector
                var dropped = 0
                var next = 0
                var synchronised = whole.pending?.index == replay.pending?.index
                while !synchronised && next < maxima.count {
                    let maximum = maxima[next]
                    next += 1
                    if let peak = whole.offer(index: maximum.index, height: maximum.height) {
                        sequencer.enqueue(measured(peak))
                    }
                    if replay.offer(index: maximum.index, height: maximum.height) != nil { dropped += 1 }
                    synchronised = whole.pending?.index == replay.pending?.index
                }
                guard synchronised else { continue }
                let laneCandidates = features.candidates(lane: k)
                for position in dropped..<laneCandidates.count { sequencer.enqueue(laneCandidates[position]) }
                whole = features.selector(lane: k)
            }
            if let peak = whole.release(upTo: Int.max) { sequencer.enqueue(measured(peak)) }
        }
        sequencer.finish(length: length, to: &decider)
        // The decider lists each accepted candidate's `location`.
        let (beats, noiseRatios) = decider.collectWithNoiseRatios()
        return LeadBeats(beats: beats, noiseRatios: noiseRatios)
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
