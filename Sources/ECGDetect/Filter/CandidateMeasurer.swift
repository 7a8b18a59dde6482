#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

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
/// The decider asks for the R peaks of most beats: `locate(peaks:recordLength:)`
/// finds four at once, one per vector lane, where each step is lane-wise
/// (one window's positions in lanes need prefix sums).
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
        let rows = LaneRows(design, locationHalfWidth: locationHalfWidth)
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * count) { scratch in
            withUnsafeTemporaryAllocation(of: SIMD4<Int32>.self, capacity: rows.total) { laneScratch in
                body(CandidateMeasurer(
                    design: design, samples: samples, locationHalfWidth: locationHalfWidth, scratchCount: count,
                    window: scratch.baseAddress!, values: scratch.baseAddress! + count,
                    rows: rows, laneScratch: laneScratch.baseAddress!))
            }
        }
    }

    /// Elements of each scratch buffer.
    private let scratchCount: Int
    /// The layout of the scratch rows of `locate(peaks:recordLength:)`.
    private let rows: LaneRows
    /// Scratch rows of `locate(peaks:recordLength:)`, one lane per candidate.
    private let laneScratch: UnsafeMutablePointer<SIMD4<Int32>>

    private init(design: FeatureDesign, samples: QuantizedLead, locationHalfWidth: Int, scratchCount: Int,
                 window: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Int32>,
                 rows: LaneRows, laneScratch: UnsafeMutablePointer<SIMD4<Int32>>) {
        self.design = design
        self.samples = samples
        self.locationHalfWidth = locationHalfWidth
        self.scratchCount = scratchCount
        self.window = window
        self.values = values
        self.rows = rows
        self.laneScratch = laneScratch
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

    /// Candidates `locate(peaks:recordLength:)` measures side by side.
    static let laneCount = 4

    /// The rows (four lanes each) of `locate(peaks:recordLength:)`: for
    /// window positions k in 0 ..< span, the lead's samples x_k and the box
    /// sums s_k (from k = B − 1), and h at each of the `positions` searched.
    struct LaneRows {
        /// Positions searched for the R peak, 2 · half-width + 1.
        let positions: Int
        /// Samples of the lead a search needs: the positions plus the box
        /// and baseline windows before them.
        let span: Int
        /// Samples read, eight at a time.
        let samplesRead: Int
        /// Rows of the samples and of the box sums (a row before the first
        /// kept for `boxLength` 1).
        let samples: Int, sums: Int
        /// Rows in all, with h at each position.
        var total: Int { samples + sums + positions }

        init(_ design: FeatureDesign, locationHalfWidth: Int) {
            let B = design.boxLength, H = design.baselineLength
            positions = 2 * locationHalfWidth + 1
            span = positions + H + B - 2
            samplesRead = (span + 7) / 8 * 8
            samples = samplesRead
            sums = span + 1
        }
    }

    /// The first sample of the window `locate(peaks:recordLength:)` reads
    /// for a feature peak: the box and baseline windows before the first
    /// position searched.
    @inline(__always)
    private func laneWindowStart(peak index: Int) -> Int {
        index &- design.integrationDelay &- locationHalfWidth &- design.baselineDelay
    }

    /// Whether `locate(peaks:recordLength:)` can take the feature peak
    /// `index`: its whole search window and the samples it reads lie inside
    /// the record (near the ends `locate(peak:recordLength:)` clamps).
    func canLocateInLanes(peak index: Int, recordLength: Int) -> Bool {
        let first = laneWindowStart(peak: index)
        // The window's last sample, past the last position searched (no
        // overflow: `first` lies in the lead).
        let last = first &+ rows.span &- 1
        return first >= 0 && first <= samples.count &- rows.samplesRead && last < recordLength
    }

    /// `locate(peak:recordLength:)` of four feature peaks at once, one per
    /// lane (each of which should `canLocateInLanes`: if one cannot, all
    /// four are located one by one).
    ///
    /// In lanes each step is lane-wise (the running sums of one window,
    /// position after position, are a chain of dependent adds, so one window
    /// spreads its positions over lanes at the cost of prefix sums; four
    /// windows side by side need none): the box sum s_k = s_{k−1} + x_k −
    /// x_{k−B}, the baseline sum T_k = T_{k−1} + s_k − s_{k−H}, and h =
    /// H · s_{k−(H−1)/2} − T_k, the first strictly larger magnitude kept per
    /// lane as the scalar search keeps it. The samples are read transposed,
    /// eight positions of the four windows at a time.
    func locate(peaks: SIMD4<Int>, recordLength: Int) -> (locations: SIMD4<Int>, amplitudes: SIMD4<Int32>) {
        let B = design.boxLength, H = design.baselineLength
        let halfH = (H &- 1) / 2
        guard (0..<4).allSatisfy({ canLocateInLanes(peak: peaks[$0], recordLength: recordLength) }) else {
            var locations = SIMD4<Int>(), amplitudes = SIMD4<Int32>()
            for lane in 0..<4 { (locations[lane], amplitudes[lane]) = locate(peak: peaks[lane], recordLength: recordLength) }
            return (locations, amplitudes)
        }
        var firsts = SIMD4<Int>()
        for lane in 0..<4 { firsts[lane] = laneWindowStart(peak: peaks[lane]) }
        // Row k of the samples at x + k, of the box sums at sums + k, of h
        // at position m at values + m.
        let x = laneScratch
        Self.transpose(samples.values.baseAddress!, from: firsts, rows: rows.samplesRead, into: x)
        let sums = laneScratch + (rows.samples &+ 1)
        let values = laneScratch + (rows.samples &+ rows.sums)
        // Each row's streams at one byte offset from their bases (one
        // induction variable where LLVM would step a pointer per stream).
        let row = MemoryLayout<SIMD4<Int32>>.stride
        @inline(__always) func load(_ base: UnsafeMutablePointer<SIMD4<Int32>>, _ offset: Int) -> SIMD4<Int32> {
            UnsafeRawPointer(base).load(fromByteOffset: offset, as: SIMD4<Int32>.self)
        }
        @inline(__always) func store(_ v: SIMD4<Int32>, _ base: UnsafeMutablePointer<SIMD4<Int32>>, _ offset: Int) {
            UnsafeMutableRawPointer(base).storeBytes(of: v, toByteOffset: offset, as: SIMD4<Int32>.self)
        }
        let samplesBefore = x - B, sumsBefore = sums - H, centres = sums - halfH
        // The box sum at k = B − 1, of the first B samples, and the
        // baseline sum's first term.
        var s = load(x, 0)
        var offset = row
        while offset < B &* row {
            s &+= load(x, offset)
            offset &+= row
        }
        store(s, sums, offset &- row)
        var t = s
        // The term that leaves the baseline sum at the first position (a
        // row before the sums, for B = 1, is kept for it).
        store(SIMD4(), sums, (B &- 2) &* row)
        // The baseline sum gathers H box sums (none leaves it before the
        // first position).
        let firstPosition = (B &+ H &- 2) &* row
        while offset < firstPosition {
            s &+= load(x, offset) &- load(samplesBefore, offset)
            store(s, sums, offset)
            t &+= s
            offset &+= row
        }
        let gain = Self.multiplier(H)
        let valuesFromFirst = values - (B &+ H &- 2)
        var largest = SIMD4<Int32>(repeating: -1)
        var positionOfLargest = SIMD4<Int32>()
        var position = SIMD4<Int32>()
        let end = firstPosition &+ rows.positions &* row
        while offset < end {
            s &+= load(x, offset) &- load(samplesBefore, offset)
            store(s, sums, offset)
            t &+= s &- load(sumsBefore, offset)
            let h = Self.multiply(load(centres, offset), by: gain) &- t
            store(h, valuesFromFirst, offset)
            let sign = h &>> 31
            let size = (h ^ sign) &- sign
            let larger = size .> largest
            largest.replace(with: size, where: larger)
            positionOfLargest.replace(with: position, where: larger)
            position &+= 1
            offset &+= row
        }
        var locations = SIMD4<Int>(), amplitudes = SIMD4<Int32>()
        for lane in 0..<4 {
            let best = Int(positionOfLargest[lane])
            locations[lane] = firsts[lane] &+ design.baselineDelay &+ best
            amplitudes[lane] = values[best][lane]
        }
        return (locations, amplitudes)
    }

    /// `multiply(_:by:)`'s form of a factor in 0 ..< 2¹⁶.
    @inline(__always)
    static func multiplier(_ factor: Int) -> SIMD8<UInt16> {
        SIMD8(repeating: UInt16(truncatingIfNeeded: factor))
    }

    /// v · factor lane by lane, wrapping (`&*`).
    ///
    /// SSE2 has no 32-bit multiply (LLVM makes `&*` of two `pmuludq` and
    /// four shuffles); with a factor under 2¹⁶ the product of each 16-bit
    /// half is exact in 32 bits: the low half's low 16 bits (`pmullw`), its
    /// high 16 bits shifted up (`pmulhuw`) and the high half's low 16 bits
    /// (`pmullw`, already in place) add up to the product modulo 2³².
    @inline(__always)
    static func multiply(_ v: SIMD4<Int32>, by factor: SIMD8<UInt16>) -> SIMD4<Int32> {
        #if arch(x86_64)
        let a = unsafeBitCast(v, to: __m128i.self), f = unsafeBitCast(factor, to: __m128i.self)
        return unsafeBitCast(_mm_add_epi32(_mm_mullo_epi16(a, f), _mm_slli_epi32(_mm_mulhi_epu16(a, f), 16)),
                             to: SIMD4<Int32>.self)
        #else
        return portableMultiply(v, by: factor)
        #endif
    }

    /// `multiply(_:by:)` in plain lane-wise code.
    static func portableMultiply(_ v: SIMD4<Int32>, by factor: SIMD8<UInt16>) -> SIMD4<Int32> {
        v &* SIMD4(repeating: Int32(factor[0]))
    }

    /// Rows `0 ..< rows` (a multiple of eight) of four windows of the lead:
    /// row r holds x(firsts[l] + r) in lane l, widened to 32 bits.
    @inline(__always)
    static func transpose(_ lead: UnsafePointer<Int16>, from firsts: SIMD4<Int>, rows: Int,
                          into target: UnsafeMutablePointer<SIMD4<Int32>>) {
        #if arch(x86_64)
        let p0 = UnsafeRawPointer(lead + firsts[0]), p1 = UnsafeRawPointer(lead + firsts[1])
        let p2 = UnsafeRawPointer(lead + firsts[2]), p3 = UnsafeRawPointer(lead + firsts[3])
        var r = 0
        while r < rows {
            let offset = r &* 2
            let a0 = p0.loadUnaligned(fromByteOffset: offset, as: __m128i.self)
            let a1 = p1.loadUnaligned(fromByteOffset: offset, as: __m128i.self)
            let a2 = p2.loadUnaligned(fromByteOffset: offset, as: __m128i.self)
            let a3 = p3.loadUnaligned(fromByteOffset: offset, as: __m128i.self)
            // Lanes 0 and 1, then 2 and 3, interleaved sample by sample; then
            // the pairs interleaved: two rows of four lanes in each.
            let low01 = _mm_unpacklo_epi16(a0, a1), high01 = _mm_unpackhi_epi16(a0, a1)
            let low23 = _mm_unpacklo_epi16(a2, a3), high23 = _mm_unpackhi_epi16(a2, a3)
            (target[r], target[r &+ 1]) = QuantizedLead.widenHalves(_mm_unpacklo_epi32(low01, low23))
            (target[r &+ 2], target[r &+ 3]) = QuantizedLead.widenHalves(_mm_unpackhi_epi32(low01, low23))
            (target[r &+ 4], target[r &+ 5]) = QuantizedLead.widenHalves(_mm_unpacklo_epi32(high01, high23))
            (target[r &+ 6], target[r &+ 7]) = QuantizedLead.widenHalves(_mm_unpackhi_epi32(high01, high23))
            r &+= 8
        }
        #else
        portableTranspose(lead, from: firsts, rows: rows, into: target)
        #endif
    }

    /// `transpose` in plain code.
    static func portableTranspose(_ lead: UnsafePointer<Int16>, from firsts: SIMD4<Int>, rows: Int,
                                  into target: UnsafeMutablePointer<SIMD4<Int32>>) {
        for r in 0..<rows {
            for lane in 0..<4 { target[r][lane] = Int32(lead[firsts[lane] &+ r]) }
        }
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
