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
        detectWithNoiseRatios(count: samples.count, restoringHumps: restoringHumps) {
            SegmentedFeatureKernel.quantize(samples, into: $0)
        }
    }

    /// R peaks of a lead of `length` samples that `fill` writes quantised
    /// (`FeatureDesign.quantize` of each sample in millivolts, in 16 bits:
    /// `QuantizedLead`) into the buffer it is given.
    func detectWithNoiseRatios(
        count length: Int, restoringHumps: Bool = true, fill: (UnsafeMutablePointer<Int16>) -> Void
    ) -> LeadBeats {
        guard length > 0 else { return LeadBeats(beats: [], noiseRatios: []) }
        var selector = CandidateSelector(design: design)
        selector.restoresHumps = restoringHumps
        let kernel = SegmentedFeatureKernel(design: design, lookahead: selector.lookahead)
        let features = kernel.run(count: length, fill: fill)
        var decider = BeatDecider<LeadLocator>(design: design)
        var chooser = RhythmPathChooser(design: design)
        var beats: [Int] = []
        var noiseRatios: [Float] = []
        // The maxima and the quantised lead live in the features' workspace.
        withExtendedLifetime(features) {
            // Selection needs no feature data: pick every candidate first
            // (a displaced maximum that may be a separate hump comes as a
            // proposal, confirmed or dropped below from the lead).
            var peaks: [CandidateSelector.Peak] = []
            peaks.reserveCapacity(length / Swift.max(1, selector.dominance) + 1)
            for k in 0..<SegmentedFeatureKernel.lanes {
                selector.offer(features.maxima(lane: k), into: &peaks)
            }
            selector.release(upTo: Int.max, into: &peaks)
            CandidateMeasurer.with(design: design, locationHalfWidth: selector.locationHalfWidth,
                                   separationSpan: selector.separationSpan,
                                   samples: features.quantized) { measurer in
                // A proposed hump is confirmed against the candidate released
                // after it, or dropped.
                CandidateSelector.keepConfirmedHumps(in: &peaks, from: 0) { hump, candidate in
                    selector.isSeparateHump(hump, before: candidate, measuredBy: measurer, recordLength: length)
                }
                // The decider measures slopes and R peaks through the locator,
                // only for the candidates its rules compare and for its beats
                // (reported at their R peaks, as the path chooser reports its
                // own); a candidate's `location` holds its feature peak.
                let locator = LeadLocator(measurer: measurer, recordLength: length, memo: LocationMemo(peaks: peaks))
                decider.locator = locator
                decider.reserveCapacity(beats: peaks.count)
                if restoringHumps {
                    chooser.observe(peaks)
                    chooser.locator = locator
                }
                Self.decide(peaks, length: length, tickInterval: LeadStream.tickInterval(design), by: &decider)
                decider.locator = nil
                // Noisy stretches: the beats chosen by rhythm and size, on
                // the leading lead only (as humps are restored): a helper
                // lead's beats enter the fusion where the first lead has a
                // gap or is noisy, and there the decider's own serve better
                // (MIT-BIH 108, both leads: one beat more and one false beat
                // less).
                let chosen: LeadBeats
                if restoringHumps {
                    chooser.take(decider.collectDecided())
                    chooser.finish()
                    chooser.locator = nil
                    chosen = chooser.collect()
                } else {
                    let decided = decider.collectWithNoiseRatios()
                    chosen = LeadBeats(beats: decided.beats, noiseRatios: decided.noiseRatios)
                }
                noiseRatios = chosen.noiseRatios
                beats = chosen.beats
            }
        }
        return LeadBeats(beats: beats, noiseRatios: noiseRatios)
    }

    /// Gives the decider every candidate of a whole lead and the clock ticks
    /// in between, in the order `EventSequencer` delivers them (each tick
    /// after the candidates before it; the ticks up to the last sample, then
    /// the candidates left, then the end), without queueing the candidates:
    /// they are made from the peaks as they go. Ticks before the decider's
    /// `nextEventfulTick` change nothing but its clock, which the beats
    /// collected after `finish` do not depend on: they are skipped (most
    /// ticks fall within 1.66 intervals of a beat).
    static func decide<Locator>(
        _ peaks: [CandidateSelector.Peak], length: Int, tickInterval: Int, by decider: inout BeatDecider<Locator>
    ) {
        let interval = Swift.max(1, tickInterval)
        var nextTick = interval
        let horizon = length &- 1
        peaks.withUnsafeBufferPointer { peaks in
            for slot in peaks.indices {
                let peak = peaks[slot]
                deliverTicks(through: Swift.min(peak.index, horizon), next: &nextTick, interval: interval, to: &decider)
                decider.add(PeakCandidate(unmeasured: peak, slot: slot))
            }
        }
        deliverTicks(through: horizon, next: &nextTick, interval: interval, to: &decider)
        decider.finish(at: length)
    }

    /// The eventful ticks from `nextTick` on at or before `limit` (for
    /// `decide`; a function of its own, since a nested function capturing
    /// the decider copies it at every access).
    @inline(__always)
    private static func deliverTicks<Locator>(
        through limit: Int, next nextTick: inout Int, interval: Int, to decider: inout BeatDecider<Locator>
    ) {
        while nextTick <= limit {
            let eventful = decider.nextEventfulTick
            if eventful > nextTick {
                // On to the first tick at or after `eventful`, but not past
                // `limit`: the next candidate may make an earlier tick
                // eventful. Stepped, not divided (two divisions per
                // candidate took 40 % of `decide`'s cycles): the ticks only
                // rise, so a record takes at most one step per tick in all.
                repeat { nextTick &+= interval } while nextTick <= limit && nextTick < eventful
                continue
            }
            decider.advance(to: nextTick)
            nextTick &+= interval
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
