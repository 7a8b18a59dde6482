/// Measures candidates of the segmented path from the input samples: the
/// slope that the decider compares, the R-peak location, and whether the
/// feature falls between a displaced maximum and a later candidate (the
/// selector's test for a separate hump).
///
/// The same values as `CandidateSelector.maximumSlope` and
/// `CandidateSelector.locate` and `CandidateSelector.separated` on the scalar
/// `FeatureBuffer` (tested), without
/// keeping the feature stages of the whole record: the box filter and the
/// slope are recomputed over the few hundred samples around each candidate.
/// Those samples lie next to each other in the input (a handful of cache
/// lines), where the stages of the segmented kernel would sit one row (a
/// cache line) per sample; and the kernel then needs no full-length outputs.
///
/// Integer running sums are exact, so a value computed here from a window
/// equals the one computed over the whole record. Samples before the start
/// count as the first sample and after the end as the last, as in the
/// kernel and the scalar reference.
struct CandidateMeasurer {
    let design: FeatureDesign
    /// The lead quantised (`FeatureDesign.quantize`).
    let samples: UnsafeBufferPointer<Int32>
    /// Half-width of the window searched for the R peak.
    let locationHalfWidth: Int
    /// The input of a window that reaches past either end of the lead.
    private let input: UnsafeMutablePointer<Int32>
    /// The box-filtered values of the current window.
    private let smoothed: UnsafeMutablePointer<Int32>

    /// Samples of scratch space `CandidateMeasurer` needs per buffer, for
    /// separation tests over spans up to `separationSpan`
    /// (`CandidateSelector.separationSpan`).
    static func scratchCount(_ design: FeatureDesign, locationHalfWidth: Int, separationSpan: Int) -> Int {
        let slope = design.integrationLength + design.differenceLag + design.boxLength
        let location = 2 * locationHalfWidth + 1 + design.baselineLength + design.boxLength
        // `featureFalls`: s over the span plus an integration window and the lag.
        let separation = separationSpan + design.integrationLength + design.differenceLag + design.boxLength
        return Swift.max(slope, location, separation) + 16
    }

    /// Calls `body` with a measurer over `samples`, its scratch space on the stack.
    static func with<R>(
        design: FeatureDesign, locationHalfWidth: Int, separationSpan: Int, samples: UnsafeBufferPointer<Int32>,
        _ body: (CandidateMeasurer) -> R
    ) -> R {
        let count = scratchCount(design, locationHalfWidth: locationHalfWidth, separationSpan: separationSpan)
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * count) { scratch in
            body(CandidateMeasurer(
                design: design, samples: samples, locationHalfWidth: locationHalfWidth, scratchCount: count,
                input: scratch.baseAddress!, smoothed: scratch.baseAddress! + count))
        }
    }

    /// Elements of each scratch buffer.
    private let scratchCount: Int

    private init(design: FeatureDesign, samples: UnsafeBufferPointer<Int32>, locationHalfWidth: Int, scratchCount: Int,
                 input: UnsafeMutablePointer<Int32>, smoothed: UnsafeMutablePointer<Int32>) {
        self.design = design
        self.samples = samples
        self.locationHalfWidth = locationHalfWidth
        self.scratchCount = scratchCount
        self.input = input
        self.smoothed = smoothed
    }

    /// The box-filtered signal s(u) for u in `first ..< first + count`, into
    /// `smoothed[0 ..< count]`: s(u) = x(u) + … + x(u − B + 1).
    private func smooth(from first: Int, count: Int) {
        let B = design.boxLength
        let start = first &- B &+ 1
        let length = count &+ B &- 1
        let n = samples.count
        guard let base = samples.baseAddress else { return }
        let x: UnsafePointer<Int32>
        if start >= 0 && start &+ length <= n {
            x = base + start
        } else {
            // Near an end: the samples, clamped to the lead, copied.
            for k in 0..<length { input[k] = base[Swift.min(Swift.max(start &+ k, 0), n &- 1)] }
            x = UnsafePointer(input)
        }
        // The usual box lengths (3 at 100–181 Hz, 5 at 182–272 Hz, 7 at
        // 273–363 Hz: MIT-BIH's 360) with a constant trip count: each group of
        // eight sums is the box's shifted loads added, which LLVM unrolls and
        // vectorises; the running sum's chain of dependent adds does not.
        var k = 0
        @inline(__always) func groupsOfEight(_ box: Int) {
            while k &+ 8 <= count {
                var sums = SIMD8<Int32>()
                for j in 0..<box {
                    sums &+= UnsafeRawPointer(x + (k &+ j)).loadUnaligned(as: SIMD8<Int32>.self)
                }
                UnsafeMutableRawPointer(smoothed + k).storeBytes(of: sums, as: SIMD8<Int32>.self)
                k &+= 8
            }
        }
        switch B {
        case 3: groupsOfEight(3)
        case 5: groupsOfEight(5)
        case 7: groupsOfEight(7)
        default: break
        }
        guard k < count else { return }
        var sum: Int32 = 0
        for j in 0..<B { sum &+= x[k &+ j] }
        smoothed[k] = sum
        k &+= 1
        while k < count {
            sum = sum &+ x[k &+ B &- 1] &- x[k &- 1]
            smoothed[k] = sum
            k &+= 1
        }
    }

    /// The largest band-limited slope a(i) = min(|s(i) − s(i − D)| >> shift,
    /// limit)² over the integration window of a feature peak, i in
    /// `index − W + 1 ... index`.
    func maximumSlope(peak index: Int) -> Int32 {
        let W = design.integrationLength, D = design.differenceLag
        // s(u) for u in index − W + 1 − D ... index.
        smooth(from: index &- W &+ 1 &- D, count: W &+ D)
        // The shift and the square rise with |d|: the largest a(i) comes from
        // the largest |d|, found eight at a time. The magnitudes (under 2²³:
        // |s| ≤ 45 · 32 767 at 2 kHz) go into the significand of 2²³ + |d|,
        // floats that order as the magnitudes do, so that `maxps` keeps the
        // largest (SSE2 has no 32-bit integer maximum).
        let bias = SIMD8<Int32>(repeating: Self.twoPow23Bits)
        var widest = unsafeBitCast(bias, to: SIMD8<Float>.self)
        var k = 0
        while k &+ 8 <= W {
            let later = UnsafeRawPointer(smoothed + (k &+ D)).loadUnaligned(as: SIMD8<Int32>.self)
            let earlier = UnsafeRawPointer(smoothed + k).loadUnaligned(as: SIMD8<Int32>.self)
            let d = later &- earlier
            let sign = d &>> 31
            let biased = unsafeBitCast(((d ^ sign) &- sign) | bias, to: SIMD8<Float>.self)
            widest = widest.replacing(with: biased, where: biased .> widest)
            k &+= 8
        }
        let four = widest.lowHalf.replacing(with: widest.highHalf, where: widest.highHalf .> widest.lowHalf)
        let two = four.lowHalf.replacing(with: four.highHalf, where: four.highHalf .> four.lowHalf)
        var largest = Int32(bitPattern: Swift.max(two[0], two[1]).bitPattern) &- Self.twoPow23Bits
        while k < W {
            let d = smoothed[k &+ D] &- smoothed[k]
            largest = Swift.max(largest, d < 0 ? 0 &- d : d)
            k &+= 1
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
        // h(u) = H·s(u − (H−1)/2) − Σ s(u−H+1 … u) at u = t + baseline delay,
        // for t in lower ... upper: s over lower + delay − H + 1 ... upper + delay.
        let H = design.baselineLength
        let gain = Int32(truncatingIfNeeded: H)
        let halfH = (H &- 1) / 2
        let first = lower &+ design.baselineDelay &- H &+ 1
        let count = upper &- lower &+ H
        smooth(from: first, count: count)
        // h at each position m (t = lower + m): the window sum
        // T(m) = Σ s(m … m + H − 1) (smoothed indices) grows by
        // e(m) = s(m + H) − s(m) from m to m + 1, so four positions at a time
        // it is T at the block's start plus the exclusive prefix sums of the
        // block's four e values (two lane shifts and adds), and h = H·s(centre)
        // − T; the largest magnitude is kept in the same pass. (A running sum
        // position by position is a chain of dependent adds with a scalar
        // multiply each: SSE2 has no 32-bit vector multiply, but four lanes'
        // products in six instructions beat four scalar ones.) The values go
        // to the free input buffer for the search of the first position.
        let positions = upper &- lower &+ 1
        let values = input
        let centre = smoothed + (H &- 1 &- halfH)
        @inline(__always) func load(_ p: UnsafeMutablePointer<Int32>) -> SIMD4<Int32> {
            UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Int32>.self)
        }
        @inline(__always) func magnitude<V: SIMD>(_ v: V) -> V where V.Scalar == Int32 {
            let sign = v &>> 31
            return (v ^ sign) &- sign
        }
        // T(0), eight at a time.
        var eight = SIMD8<Int32>()
        var k = 0
        while k &+ 8 <= H {
            eight &+= UnsafeRawPointer(smoothed + k).loadUnaligned(as: SIMD8<Int32>.self)
            k &+= 8
        }
        var sum = eight.wrappedSum()
        while k < H {
            sum &+= smoothed[k]
            k &+= 1
        }
        var start = SIMD4<Int32>(repeating: sum)
        let gains = SIMD4<Int32>(repeating: gain)
        // Each lane's largest magnitude and its first position (a later
        // position replaces it only when strictly larger).
        var largest = SIMD4<Int32>(repeating: -1)
        var positionsOfLargest = SIMD4<Int32>()
        var lanePositions = SIMD4<Int32>(0, 1, 2, 3)
        var m = 0
        // Each block reads s up to m + 3 + H, inside the smoothed count
        // (positions + H − 1) while m + 5 ≤ positions.
        while m &+ 5 <= positions {
            let e = load(smoothed + (m &+ H)) &- load(smoothed + m)
            let pairs = e &+ SIMD4(0, e[0], e[1], e[2])
            let inclusive = pairs &+ SIMD4(0, 0, pairs[0], pairs[1])
            let h = gains &* load(centre + m) &- (start &+ (inclusive &- e))
            UnsafeMutableRawPointer(values + m).storeBytes(of: h, as: SIMD4<Int32>.self)
            let size = magnitude(h)
            let larger = size .> largest
            largest.replace(with: size, where: larger)
            positionsOfLargest.replace(with: lanePositions, where: larger)
            lanePositions &+= 4
            start &+= SIMD4(repeating: inclusive[3])
            m &+= 4
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
        // The rest one by one, after every position of the blocks.
        sum = start[0]
        if m < positions {
            let v = gain &* centre[m] &- sum
            values[m] = v
            let size = v < 0 ? 0 &- v : v
            if size > bestMagnitude { bestMagnitude = size; best = m }
            m &+= 1
        }
        while m < positions {
            sum = sum &+ smoothed[m &+ H &- 1] &- smoothed[m &- 1]
            let v = gain &* centre[m] &- sum
            values[m] = v
            let size = v < 0 ? 0 &- v : v
            if size > bestMagnitude { bestMagnitude = size; best = m }
            m &+= 1
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
        let W = design.integrationLength, D = design.differenceLag
        // Slope indices first ..< end: the window leaving at i = index + 1
        // starts at index + 1 − W.
        let first = maximum.index &+ 1 &- W
        let count = end &- first
        guard count > W, !samples.isEmpty else { return false }
        // A span longer than the scratch space (never from the selector)
        // falls back to the slope of each sample on its own.
        guard count &+ D &+ design.boxLength <= scratchCount else {
            return featureFallsSampleBySample(to: level, after: maximum, before: end)
        }
        // s(u) for u in first − D ..< end: s(i) is smoothed[i − first + D].
        smooth(from: first &- D, count: count &+ D)
        // a(first + k) into the input buffer (free once smoothed), in one
        // lane-wise loop that vectorises, then the window slid over it.
        let shift = Int32(design.slopeShift)
        let limit = FeatureDesign.slopeLimit
        let slope = input
        for k in 0..<count {
            let d = smoothed[k &+ D] &- smoothed[k]
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
