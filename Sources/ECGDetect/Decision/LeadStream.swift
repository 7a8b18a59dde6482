/// Detection on one lead, fed in chunks: the scalar reference of the whole
/// pipeline and the engine of the streaming detector.
struct LeadStream {
    let design: FeatureDesign
    private var buffer: FeatureBuffer
    private var selector: CandidateSelector
    private var decider: BeatDecider<NoCandidateLocator>
    private var chooser: RhythmPathChooser
    private var sequencer: EventSequencer
    /// Next feature index to test for a local maximum.
    private var scanned = 0
    /// Samples received.
    private(set) var length = 0
    private var lastSample: Int32 = 0
    private var quantized: [Int32] = []
    /// Candidates the selector released, before they are measured.
    private var released: [CandidateSelector.Peak] = []

    init(design: FeatureDesign) {
        self.design = design
        buffer = FeatureBuffer(design: design)
        selector = CandidateSelector(design: design)
        decider = BeatDecider(design: design)
        chooser = RhythmPathChooser(design: design)
        sequencer = EventSequencer(tickInterval: Self.tickInterval(design))
    }

    /// Samples held in the feature buffer (for the memory tests).
    var retainedSamples: Int { buffer.retainedCount }

    /// The spacing of the decider's clock ticks (a quarter second).
    static func tickInterval(_ design: FeatureDesign) -> Int { design.samples(0.25) }

    /// Samples appended after the last real one at the end, so that candidates
    /// near the end can be measured as in the middle of a record.
    var endPadding: Int { selector.lookahead + 2 }

    /// Feeds samples in millivolts; returns the beats that became final.
    mutating func push(_ samples: UnsafeBufferPointer<Float>) -> [Int] {
        guard !samples.isEmpty else { return [] }
        quantized.removeAll(keepingCapacity: true)
        for v in samples { quantized.append(FeatureDesign.quantize(v)) }
        lastSample = quantized[quantized.count - 1]
        length += samples.count
        quantized.withUnsafeBufferPointer { buffer.append($0) }
        scan(upTo: buffer.end - 1, recordLength: Int.max)
        buffer.discard(before: scanned - selector.lookahead - design.integrationLength - design.baselineLength)
        chooser.take(decider.collectDecided())
        return chooser.collect().beats
    }

    /// Ends the record; returns the remaining beats.
    mutating func finish() -> [Int] {
        guard length > 0 else { return [] }
        let padding = [Int32](repeating: lastSample, count: endPadding)
        padding.withUnsafeBufferPointer { buffer.append($0) }
        scan(upTo: length, recordLength: length)
        release(upTo: Int.max, recordLength: length)
        sequencer.finish(length: length, to: &decider)
        chooser.take(decider.collectDecided())
        chooser.finish()
        return chooser.collect().beats
    }

    /// Releases the selector's pending candidate if final at `horizon`.
    private mutating func release(upTo horizon: Int, recordLength: Int) {
        let buffer = self.buffer
        selector.release(upTo: horizon, recordLength: recordLength, source: { _ in buffer }, into: &released)
        enqueueReleased(recordLength: recordLength)
    }

    /// Measures the candidates the selector released and queues them.
    private mutating func enqueueReleased(recordLength: Int) {
        for peak in released {
            let candidate = selector.measure(peak, in: buffer, recordLength: recordLength)
            chooser.observe(candidate)
            sequencer.enqueue(candidate)
        }
        released.removeAll(keepingCapacity: true)
    }

    /// Tests feature indices `scanned ..< limit` for local maxima.
    private mutating func scan(upTo limit: Int, recordLength: Int) {
        guard scanned < limit else { return }
        let measureLength = Swift.min(recordLength, length)
        let buffer = self.buffer
        for j in scanned..<limit {
            let v = buffer.feature(j)
            if v > 0, v > buffer.feature(j - 1), v >= buffer.feature(j + 1) {
                selector.offer(index: j, height: v, recordLength: measureLength, source: { _ in buffer }, into: &released)
                enqueueReleased(recordLength: measureLength)
            }
        }
        scanned = limit
        release(upTo: scanned, recordLength: measureLength)
        sequencer.deliver(upTo: scanned - selector.dominance - 1, to: &decider)
    }
}
