/// Measures candidates of the segmented path from the input samples: the
/// slope that the decider compares, the R-peak location, and whether the
/// feature falls between a displaced maximum and a later candidate (the
/// selector's test for a separate hump).
///
/// The same values as `CandidateSelector.maximumSlope` and
/// `CandidateSelector.locate` and `CandidateSelector.separated` on the scalar
/// `FeatureBuffer` (tested), without keeping the feature stages of the whole
/// record: the running sums P of the few hundred samples around a candidate
/// (`RunningSums`, a few instructions per sample) give every box sum
/// s(u) = x(u − B + 1) + … + x(u) the measures need as one subtraction,
/// P(u) − P(u − B). Those samples lie next to each other in the input (a
/// handful of cache lines), where the stages of the segmented kernel would
/// sit one row (a cache line) per sample. (Running sums of the whole lead,
/// added up in the quantise pass, took fewer instructions, but writing them
/// cost more time than they saved.)
///
/// Integer sums are exact, so a value computed here from a window equals the
/// one computed over the whole record. Samples before the start count as the
/// first sample and after the end as the last, as in the kernel and the
/// scalar reference.
struct CandidateMeasurer {
    let design: FeatureDesign
    /// The lead quantised (`FeatureDesign.quantize`).
    let samples: QuantizedLead
    /// Half-width of the window searched for the R peak.
    let locationHalfWidth: Int
    /// The running sums of the current window.
    private let window: UnsafeMutablePointer<Int32>
    /// Values computed over the current window.
    private let values: UnsafeMutablePointer<Int32>

    /// Samples of scratch space `CandidateMeasurer` needs per buffer, for
    /// separation tests over spans up to `separationSpan`
    /// (`CandidateSelector.separationSpan`).
    static func scratchCount(_ design: FeatureDesign, locationHalfWidth: Int, separationSpan: Int) -> Int {
        let B = design.boxLength, D = design.differenceLag, W = design.integrationLength
        let slope = W + D + B
        // `locate` evaluates whole blocks of four positions.
        let location = (2 * locationHalfWidth + 4) / 4 * 4 + design.baselineLength + B
        // `featureFalls`: the slopes over the span plus an integration window.
        let separation = separationSpan + W + D + B
        return Swift.max(slope, location, separation) + 16
    }

    /// Calls `body` with a measurer over `samples`, its scratch space on the stack.
    static func with<R>(
        design: FeatureDesign, locationHalfWidth: Int, separationSpan: Int, samples: QuantizedLead,
        _ body: (CandidateMeasurer) -> R
    ) -> R {
        let count = scratchCount(design, locationHalfWidth: locationHalfWidth, separationSpan: separationSpan)
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * count) { scratch in
            body(CandidateMeasurer(
                design: design, samples: samples, locationHalfWidth: locationHalfWidth, scratchCount: count,
                window: scratch.baseAddress!, values: scratch.baseAddress! + count))
        }
    }

    /// Elements of each scratch buffer.
    private let scratchCount: Int

    private init(design: FeatureDesign, samples: QuantizedLead, locationHalfWidth: Int, scratchCount: Int,
                 window: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Int32>) {
        self.design = design
        self.samples = samples
        self.locationHalfWidth = locationHalfWidth
        self.scratchCount = scratchCount
        self.window = window
        self.values = values
    }

    /// Running sums P(u) of the lead for u in `first ..< first + count` (at
    /// most `scratchCount`), from P(first) = x(first), into the window
    /// buffer: differences of them are the box sums of the lead. A window
    /// reaching past an end of the lead is copied first, clamped.
    @inline(__always)
    private func runningSums(from first: Int, count: Int) -> UnsafePointer<Int32> {
        let n = samples.count
        if let base = samples.values.baseAddress, first >= 0 && first &+ count <= n {
            RunningSums.accumulate(base + first, count: count, into: window)
        } else {
            runningSumsPastTheEnds(from: first, count: count)
        }
        return UnsafePointer(window)
    }

    /// `runningSums(from:count:)` near the ends (out of line: rare).
    @inline(never)
    private func runningSumsPastTheEnds(from first: Int, count: Int) {
        let n = samples.count
        guard n > 0 else {
            window.update(repeating: 0, count: count)
            return
        }
        for k in 0..<count { window[k] = samples[Swift.min(Swift.max(first &+ k, 0), n &- 1)] }
        RunningSums.accumulate(window, count: count, into: window)
    }

    /// The differences d(i) = s(i) − s(i − D) of the box sums s, for
    /// positions k of a window whose running sums start at `p` = P(i₀ − D − B)
    /// (i = i₀ + k): P(i) − P(i − B) − P(i − D) + P(i − D − B).
    @inline(__always)
    private static func differences<V: SIMD>(at p: UnsafePointer<Int32>, box B: Int, lag D: Int, as: V.Type) -> V
    where V.Scalar == Int32 {
        @inline(__always) func load(_ q: UnsafePointer<Int32>) -> V { UnsafeRawPointer(q).loadUnaligned(as: V.self) }
        return (load(p + (D &+ B)) &- load(p + D)) &- (load(p + B) &- load(p))
    }

    /// The largest band-limited slope a(i) = min(|s(i) − s(i − D)| >> shift,
    /// limit)² over the integration window of a feature peak, i in
    /// `index − W + 1 ... index`.
    func maximumSlope(peak index: Int) -> Int32 {
        let W = design.integrationLength, D = design.differenceLag, B = design.boxLength
        let p = runningSums(from: index &- W &+ 1 &- D &- B, count: W &+ D &+ B)
        // The shift and the square rise with |d|: the largest a(i) comes from
        // the largest |d|, found eight at a time. The magnitudes (under 2²³:
        // |s| ≤ 45 · 32 767 at 2 kHz) go into the significand of 2²³ + |d|,
        // floats that order as the magnitudes do, so that `maxps` keeps the
        // largest (SSE2 has no 32-bit integer maximum). The last block may
        // overlap the one before: a maximum does not mind.
        let bias = SIMD8<Int32>(repeating: Self.twoPow23Bits)
        var widest = unsafeBitCast(bias, to: SIMD8<Float>.self)
        @inline(__always) func block(_ k: Int) {
            let d = Self.differences(at: p + k, box: B, lag: D, as: SIMD8<Int32>.self)
            let sign = d &>> 31
            let biased = unsafeBitCast(((d ^ sign) &- sign) | bias, to: SIMD8<Float>.self)
            widest = widest.replacing(with: biased, where: biased .> widest)
        }
        var largest: Int32
        if W >= 8 {
            var k = 0
            while k &+ 8 <= W {
                block(k)
                k &+= 8
            }
            if k < W { block(W &- 8) }
            let four = widest.lowHalf.replacing(with: widest.highHalf, where: widest.highHalf .> widest.lowHalf)
            let two = four.lowHalf.replacing(with: four.highHalf, where: four.highHalf .> four.lowHalf)
            largest = Int32(bitPattern: Swift.max(two[0], two[1]).bitPattern) &- Self.twoPow23Bits
        } else {
            largest = 0
            for k in 0..<W {
                let d = (p[k &+ D &+ B] &- p[k &+ D]) &- (p[k &+ B] &- p[k])
                largest = Swift.max(largest, d < 0 ? 0 &- d : d)
            }
        }
        // c ≥ 0, so the largest square is the square of the largest c.
        let c = Swift.min(largest &>> Int32(design.slopeShift), FeatureDesign.slopeLimit)
        return c &* c
    }

    /// The bits of the float 2²³: OR-ed with a whole number under 2²³, the
    /// float 2²³ plus that number.
    private static let twoPow23Bits = Int32(bitPattern: (8_388_608 as Float).bitPattern)

    /// The R peak of the QRS at a feature peak: the extremum of the
    /// baseline-free signal h near the QRS centre, and its value there
    /// (negative for a negative extremum).
    func locate(peak index: Int, recordLength: Int) -> (location: Int, amplitude: Int32) {
        let (lower, upper) = design.locationWindow(peak: index, halfWidth: locationHalfWidth, recordLength: recordLength)
        // h(u) = H·s(u − (H−1)/2) − T(u), T(u) = s(u − H + 1) + … + s(u), at
        // u = t + baseline delay for t = lower + m, m in 0 ..< positions,
        // evaluated in blocks of four positions (the last block's extra
        // positions are computed and left out of the search). The running
        // sums from P(u₀ − H + 1 − B) (u₀ = lower + delay) to P(u₀ + blocks·4)
        // hold every s needed.
        let H = design.baselineLength, B = design.boxLength
        let halfH = (H &- 1) / 2
        let positions = upper &- lower &+ 1
        let blocked = (positions &+ 3) & ~3
        let p = runningSums(from: lower &+ design.baselineDelay &- H &+ 1 &- B, count: blocked &+ H &+ B)
        @inline(__always) func load(_ q: UnsafePointer<Int32>) -> SIMD4<Int32> {
            UnsafeRawPointer(q).loadUnaligned(as: SIMD4<Int32>.self)
        }
        // T at the first position: Σ over j < B of P(u₀ − j) − P(u₀ − H − j).
        var first: Int32 = 0
        for k in 0..<B { first &+= p[H &+ k] &- p[k] }
        // From position m to m + 1, T grows by e(m) = s(u + 1) − s(u − H + 1):
        // four positions at a time, T is T at the block's start plus the
        // exclusive running sums of the block's e (lane shifts and adds; a
        // running sum position by position is a chain of dependent adds).
        // The centre s(u − (H−1)/2) = P(c) − P(c − B), c − B at window
        // position m + H − 1 − halfH. (SSE2 has no 32-bit vector multiply,
        // but four lanes' products in six instructions beat four scalar ones.)
        var start = SIMD4<Int32>(repeating: first)
        let gains = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: H))
        let centre = p + (H &- 1 &- halfH)
        // Each lane's largest magnitude and its first position (a later
        // position replaces it only when strictly larger).
        var largest = SIMD4<Int32>(repeating: -1)
        var positionsOfLargest = SIMD4<Int32>()
        var lanePositions = SIMD4<Int32>(0, 1, 2, 3)
        @inline(__always) func block(_ m: Int) -> SIMD4<Int32> {
            let e = Self.differences(at: p + m, box: B, lag: H, as: SIMD4<Int32>.self)
            let inclusive = RunningSums.inclusiveSums(e)
            let s = load(centre + (m &+ B)) &- load(centre + m)
            let h = gains &* s &- (start &+ (inclusive &- e))
            UnsafeMutableRawPointer(values + m).storeBytes(of: h, as: SIMD4<Int32>.self)
            start &+= SIMD4(repeating: inclusive[3])
            let sign = h &>> 31
            return (h ^ sign) &- sign
        }
        @inline(__always) func keepLargest(_ size: SIMD4<Int32>) {
            let larger = size .> largest
            largest.replace(with: size, where: larger)
            positionsOfLargest.replace(with: lanePositions, where: larger)
            lanePositions &+= 4
        }
        var m = 0
        while m &+ 4 <= positions {
            keepLargest(block(m))
            m &+= 4
        }
        if m < positions {
            var size = block(m)
            size.replace(with: -1, where: lanePositions .>= SIMD4(repeating: Int32(truncatingIfNeeded: positions)))
            keepLargest(size)
        }
        // The largest of the lanes, at the first position among equals (the
        // scalar search keeps the first of equal magnitudes).
        var bestMagnitude: Int32 = -1
        var best = 0
        for lane in 0..<4 {
            let size = largest[lane], position = Int(positionsOfLargest[lane])
            if size > bestMagnitude || (size == bestMagnitude && position < best) {
                bestMagnitude = size
                best = position
            }
        }
        return (lower &+ best, values[best])
    }

    /// Whether the integrated feature m(i) = a(i) + … + a(i − W + 1), slid
    /// from a maximum (`height` = m(index)), falls to `level` or below at
    /// some i in `index + 1 ..< end`: `CandidateSelector.separated` with the
    /// slope energy a recomputed from the lead over `index + 1 − W ..< end`
    /// (at most `separationSpan` plus an integration window: `end` lies
    /// within the span after the maximum).
    func featureFalls(to level: Int32, after maximum: (index: Int, height: Int32), before end: Int) -> Bool {
        let W = design.integrationLength, D = design.differenceLag, B = design.boxLength
        // Slope indices first ..< end: the window leaving at i = index + 1
        // starts at index + 1 − W.
        let first = maximum.index &+ 1 &- W
        let count = end &- first
        guard count > W, samples.count > 0 else { return false }
        // A span longer than the scratch space (never from the selector)
        // falls back to the slope of each sample on its own.
        guard count &+ D &+ B <= scratchCount else {
            return featureFallsSampleBySample(to: level, after: maximum, before: end)
        }
        let p = runningSums(from: first &- D &- B, count: count &+ D &+ B)
        // a(first + k) into the values buffer, in one lane-wise loop that
        // vectorises, then the window slid over it.
        let shift = Int32(design.slopeShift)
        let limit = FeatureDesign.slopeLimit
        let slope = values
        for k in 0..<count {
            let d = (p[k &+ D &+ B] &- p[k &+ D]) &- (p[k &+ B] &- p[k])
            let magnitude = d < 0 ? 0 &- d : d
            let c = Swift.min(magnitude &>> shift, limit)
            slope[k] = c &* c
        }
        var sum = maximum.height
        var k = W
        while k < count {
            sum = sum &+ slope[k] &- slope[k &- W]
            if sum <= level { return true }
            k &+= 1
        }
        return false
    }

    /// `featureFalls` without the scratch span: each a(i) from its own
    /// window of the lead (slow; only for spans the scratch cannot hold).
    private func featureFallsSampleBySample(to level: Int32, after maximum: (index: Int, height: Int32), before end: Int) -> Bool {
        let W = design.integrationLength, D = design.differenceLag, B = design.boxLength
        let n = samples.count
        let shift = Int32(design.slopeShift)
        func x(_ u: Int) -> Int32 { samples[Swift.min(Swift.max(u, 0), n &- 1)] }
        func s(_ u: Int) -> Int32 {
            var sum: Int32 = 0
            for j in 0..<B { sum &+= x(u &- j) }
            return sum
        }
        func slope(_ i: Int) -> Int32 {
            let d = s(i) &- s(i &- D)
            let magnitude = d < 0 ? 0 &- d : d
            let c = Swift.min(magnitude &>> shift, FeatureDesign.slopeLimit)
            return c &* c
        }
        var sum = maximum.height
        var i = maximum.index &+ 1
        while i < end {
            sum = sum &+ slope(i) &- slope(i &- W)
            if sum <= level { return true }
            i &+= 1
        }
        return false
    }
}
