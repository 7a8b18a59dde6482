/// The scalar reference of the feature stage, over a sliding window of samples.
///
/// Holds the quantised input and the stage outputs for absolute sample indices
/// `base ..< end`. Appending samples extends the window; `discard(before:)`
/// drops old samples so memory stays bounded when streaming. The whole-record
/// scalar path appends everything at once and never discards.
///
/// Stages, per sample `n` (all `Int32`, exact):
/// - `s[n] = x[n] + … + x[n-B+1]` (box low-pass),
/// - `a[n] = min(|s[n] - s[n-D]| >> k, 2047)²` (band-limited slope energy),
/// - `m[n] = a[n] + … + a[n-W+1]` (moving integration, the detection feature),
/// - the baseline-free signal `h[n] = H·s[n-(H-1)/2] - (s[n] + … + s[n-H+1])`
///   that locates the R peak is computed from `s` around candidates only
///   (`CandidateSelector.measure`).
struct FeatureBuffer {
    let design: FeatureDesign
    /// Absolute index of element 0 of the arrays.
    private(set) var base: Int = 0
    /// Absolute index one past the last sample appended.
    private(set) var end: Int = 0
    private(set) var x: [Int32] = []
    private(set) var s: [Int32] = []
    private(set) var a: [Int32] = []
    private(set) var m: [Int32] = []
    private var integration: Int32 = 0
    /// Elements kept before `base` so that every look-back has data.
    private let history: Int

    init(design: FeatureDesign) {
        self.design = design
        history = design.baselineLength + design.integrationLength + design.boxLength + design.differenceLag + 2
    }

    /// Appends quantised samples and computes their features. The first sample
    /// of the stream sets the steady state assumed before the stream starts.
    mutating func append(_ samples: UnsafeBufferPointer<Int32>) {
        guard !samples.isEmpty else { return }
        if end == 0 && x.isEmpty { prime(with: samples[0]) }
        let B = design.boxLength, D = design.differenceLag
        let W = design.integrationLength
        let shift = Int32(design.slopeShift)
        let start = x.count
        let total = start + samples.count
        x.append(contentsOf: samples)
        s.append(contentsOf: repeatElement(0, count: samples.count))
        a.append(contentsOf: repeatElement(0, count: samples.count))
        m.append(contentsOf: repeatElement(0, count: samples.count))
        var integration = self.integration
        x.withUnsafeBufferPointer { x in
        s.withUnsafeMutableBufferPointer { s in
        a.withUnsafeMutableBufferPointer { a in
        m.withUnsafeMutableBufferPointer { m in
            for i in start..<total {
                let si = s[i - 1] &+ x[i] &- x[i - B]
                s[i] = si
                let d = si &- s[i - D]
                let ad = d < 0 ? 0 &- d : d
                let c = Swift.min(ad >> shift, FeatureDesign.slopeLimit)
                let ai = c &* c
                a[i] = ai
                integration = integration &+ ai &- a[i - W]
                m[i] = integration
            }
        }}}}
        self.integration = integration
        end += samples.count
    }

    /// Fills the history with the steady state of a constant input `value`.
    private mutating func prime(with value: Int32) {
        let box = Int32(design.boxLength) &* value
        x = Array(repeating: value, count: history)
        s = Array(repeating: box, count: history)
        a = Array(repeating: 0, count: history)
        m = Array(repeating: 0, count: history)
        integration = 0
        base = -history
    }

    /// Drops samples before absolute index `index`, keeping the look-back history.
    mutating func discard(before index: Int) {
        let drop = index - history - base
        guard drop > 4096, drop <= x.count else { return }
        x.removeFirst(drop); s.removeFirst(drop); a.removeFirst(drop); m.removeFirst(drop)
        base += drop
    }

    /// Samples held (history included): bounded when streaming.
    var retainedCount: Int { x.count }

    @inline(__always) func feature(_ index: Int) -> Int32 { m[index - base] }
    @inline(__always) func slope(_ index: Int) -> Int32 { a[index - base] }
    @inline(__always) func smoothed(_ index: Int) -> Int32 { s[index - base] }
    @inline(__always) func sample(_ index: Int) -> Int32 { x[Swift.min(Swift.max(index - base, 0), x.count - 1)] }
}
