#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// The feature stage on one lead at full SIMD width: the record is cut into
/// sixteen overlapping segments that run side by side in the lanes of
/// `SIMD16<Int32>`, then the lanes' local maxima are stitched in order.
///
/// Each lane starts `warmUp` samples before its segment from the steady state
/// of its first sample. The integer running sums forget that start exactly once
/// every window has filled, so inside the segment every value equals the
/// scalar `FeatureBuffer`'s bit for bit (tested).
///
/// Cost in the default (SSE2) release build, callgrind on MIT-BIH 208
/// (650 000 samples): 4.9 M instructions, 7.5 per sample: about 90 per row
/// of sixteen samples in the stages, 25 per row in the transposition and
/// widening of the 16-bit input, 13 per local maximum recorded. (12.5 per sample with the clamp and
/// square in biased floats and a peak test with a branch on every row.)
/// The narrow steps use SSE2 intrinsics: LLVM does not find `packssdw`,
/// `pmaddwd` or `pmovmskb` in Swift's generic SIMD conversions and
/// reductions; other architectures take the portable versions.
struct SegmentedFeatureKernel {
    typealias Vector = SIMD16<Int32>
    static let lanes = 16

    let design: FeatureDesign
    /// Samples computed before a segment so that its values are exact and its
    /// candidates can look back.
    let warmUp: Int
    /// Samples computed after a segment for the candidates' look-ahead.
    let tail: Int

    init(design: FeatureDesign, lookahead: Int) {
        self.design = design
        let d = design
        warmUp = d.boxLength + d.differenceLag + d.baselineLength + 2 * d.integrationLength
            + d.samples(0.1) + 8
        tail = lookahead + 2
    }

    /// Computes the features of a whole lead of `samples` (millivolts).
    func run(_ samples: UnsafeBufferPointer<Float>) -> SegmentedFeatures {
        run(count: samples.count) { Self.quantize(samples, into: $0) }
    }

    /// Computes the features of a lead of `n` samples that `fill` writes,
    /// quantised (`FeatureDesign.quantize` of each sample in millivolts), into
    /// the buffer it is given.
    func run(count n: Int, fill: (UnsafeMutablePointer<Int16>) -> Void) -> SegmentedFeatures {
        let lanes = Self.lanes
        let segment = Swift.max(1, (n + lanes - 1) / lanes)
        let B = design.boxLength, D = design.differenceLag
        let W = design.integrationLength, H = design.baselineLength
        let prefix = Swift.max(B, D, W, H) + 1
        let span = warmUp + segment + tail
        let count = prefix + span

        let workspace = KernelWorkspace.pool.take()
        // A local maximum is strictly above the sample before it: at most one
        // every other sample of a lane's segment.
        // The stages look back at most `history` rows (x at i − B, s at i − 1
        // and i − D, a at i − W); row i lives at position i − start of a
        // strip of `capacity` rows, three vectors each (x, s, a), and when
        // the strip is full its last `history` rows move to its start. Every
        // look-back is then the row's address minus a fixed offset, where a
        // ring indexed by row number costs a subtract, a mask and a shift
        // per access. The copy, every `capacity − history` rows, is cheaper
        // (a strip of about 4096 rows, 800 kB: it stays in the 2 MB level-2
        // cache, and the rows looked back at, in the level-1 cache; at 1024
        // rows the copies cost 0.6 instructions per sample at 360 Hz).
        let history = Swift.max(B, D, W) + 1
        let capacity = Swift.max(4096, 4 * history) + history
        workspace.prepare(samples: n, stageRows: capacity, maximaPerLane: segment / 2 + 2)
        let features = SegmentedFeatures(workspace: workspace, count: n)
        guard n > 0 else { return features }
        // The lead quantised once, in time order (contiguous loads, sixteen
        // samples per step); the rows then gather integers.
        let base = UnsafePointer(workspace.quantized)
        fill(workspace.quantized)

        let strip = workspace.stageRows
        // Vector offsets from the current row's x to the rows looked back at.
        let xBack = -3 &* B, sPrevious = 1 &- 3, sBack = 1 &- 3 &* D, aBack = 2 &- 3 &* W
        // Lane k holds samples from regionStart(k) = k·segment − warmUp on; row r
        // of the span is sample regionStart(k) + r, clamped to the record (the
        // steady state of the lane's first sample before it, the last sample
        // after the end). Rows where every lane is inside the record are
        // gathered without clamping.
        let start0 = -warmUp
        let fastLower = warmUp
        let fastUpper = Swift.min(span, n - ((lanes - 1) * segment - warmUp))
        // Out of line: only the rows at the ends take it (about a thousand
        // on a 30-minute lead at 360 Hz). Built in registers, as `gather`
        // builds its rows: assigned lane by lane in a loop, the vector went
        // through the stack and stalled (1.6 % of the one-lead cycles for
        // 0.25 % of the instructions).
        @inline(never) func clampedRow(_ r: Int) -> Vector {
            let row = Swift.max(r, 0)
            @inline(__always) func x(_ k: Int) -> Int16 {
                base[Swift.min(Swift.max(start0 &+ k &* segment &+ row, 0), n &- 1)]
            }
            let lower = SIMD8<Int16>(x(0), x(1), x(2), x(3), x(4), x(5), x(6), x(7))
            let upper = SIMD8<Int16>(x(8), x(9), x(10), x(11), x(12), x(13), x(14), x(15))
            return QuantizedLead.widen(SIMD16(lowHalf: lower, highHalf: upper))
        }

        let box = Vector(repeating: Int32(B))
        // Scalar shift counts: a uniform shift is one instruction, a per-lane
        // (vector) count is not available before AVX2 and gets scalarised.
        let shift = Int32(design.slopeShift)
        let signShift: Int32 = 31
        // The steady state before each lane's first sample.
        let first = clampedRow(-1)
        let firstSum = box &* first
        // Rows prefix − history ..< prefix at positions 0 ..< history.
        for position in 0..<history {
            strip[3 &* position] = first
            strip[3 &* position &+ 1] = firstSum
            strip[3 &* position &+ 2] = .zero
        }

        // Local maxima are searched only inside each lane's own segment: rows
        // scanLower ..< scanTo[k] of lane k.
        let scanLower = prefix + warmUp
        // The ends in plain memory: a vector indexed by a variable lane
        // would be copied to the stack at every maximum found.
        let scanTo = workspace.scanEnds
        for k in 0..<lanes {
            scanTo[k] = scanLower + Swift.max(0, Swift.min(segment, n - k * segment))
        }
        // Per-lane bookkeeping of the maxima in plain memory: where lane k's
        // next maximum goes, the sample index of its row 0, and the heights
        // m[i − 1] of up to four rows (`heightRows`, one vector per row).
        let heightRowsSize = 4 * MemoryLayout<Vector>.size
        let cursorsSize = lanes * MemoryLayout<UnsafeMutablePointer<LocalMaximum>>.stride
        let bookkeeping = UnsafeMutableRawPointer.allocate(
            byteCount: heightRowsSize + cursorsSize + lanes * MemoryLayout<Int>.stride,
            alignment: MemoryLayout<Vector>.alignment)
        defer { bookkeeping.deallocate() }
        let heightRows = bookkeeping
        let cursors = (bookkeeping + heightRowsSize).bindMemory(to: UnsafeMutablePointer<LocalMaximum>.self, capacity: lanes)
        let origins = (bookkeeping + heightRowsSize + cursorsSize).bindMemory(to: Int.self, capacity: lanes)
        for k in 0..<lanes {
            cursors[k] = workspace.maxima + k * workspace.maximaPerLane
            origins[k] = k * segment - warmUp - prefix
        }
        var integration = Vector.zero
        // Lanes whose integrated feature rose at the previous row. The feature
        // m is a sum of squares (never negative) and its change from one row
        // to the next is a[i] − a[i−W], so row i − 1 is a local maximum
        // (m[i−1] > m[i−2], m[i−1] ≥ m[i], m[i−1] > 0) exactly when it rose
        // there and does not rise at row i: the positivity test follows from
        // the rise (m[i−1] > m[i−2] ≥ 0). One mask of state instead of the
        // two previous feature rows keeps the loop within the registers.
        // It is kept negated, as the sign of each lane's byte
        // (`notRisingBytes`): the next state then comes with no compare, and
        // the peak test `notRises & ~notRoseBefore` consumes the old state in
        // place (a `pandn`, no copy).
        var notRoseBefore = SIMD16<Int8>(repeating: -1)
        // Index arithmetic wraps (no overflow branch per row): the rows are
        // far from the integer limits.
        var i = prefix
        // Row i's x in the strip (rows prefix − history ..< prefix are at
        // its start), passed to `advance` (a pointer captured and changed
        // by it would go through a box with dynamic exclusivity checks).
        var row = strip + 3 &* history
        let stripEnd = strip + 3 &* capacity
        /// One row through every stage: `row` is where row i goes, its x
        /// already stored there. Stores m[i − 1] of every lane as row
        /// `heightRow` of `heightRows` and returns the lanes where row i − 1
        /// is a local maximum as bits.
        @inline(__always) func advance(_ row: UnsafeMutablePointer<Vector>, heightRow: Int = 0) -> UInt32 {
            // The previous row from memory rather than a register: the
            // sixteen-lane states fill the sixteen SSE registers otherwise.
            let si = row[sPrevious] &+ row[0] &- row[xBack]
            row[1] = si
            let d = si &- row[sBack]
            let sign = d &>> signShift
            let magnitude = (d ^ sign) &- sign
            let ai = Self.squareOfAtMostLimit(magnitude &>> shift)
            row[2] = ai
            let change = ai &- row[aBack]
            (heightRows + heightRow &* MemoryLayout<Vector>.size).storeBytes(of: integration, as: Vector.self)
            integration = integration &+ change
            let notRises = Self.notRisingBytes(change)
            let peak = notRises & ~notRoseBefore
            notRoseBefore = notRises
            i &+= 1
            return Self.signBits(peak)
        }
        /// Writes the local maxima of `peaks` (not 0; bit 16·r + k: lane k at
        /// row `firstRow` + r, its height in row r of `heightRows`), skipping
        /// those outside their lane's segment unless `everyLaneScans`.
        @inline(__always) func record(_ peaks: UInt64, firstRow: Int, everyLaneScans: Bool) {
            var remaining = peaks
            repeat {
                let bit = remaining.trailingZeroBitCount
                remaining &= remaining &- 1
                let k = bit & 15, j = firstRow &+ bit &>> 4
                if everyLaneScans || (j >= scanLower && j < scanTo[k]) {
                    // Row r's height of lane k is at byte 4·(16·r + k).
                    let height = heightRows.load(fromByteOffset: bit &* MemoryLayout<Int32>.stride, as: Int32.self)
                    cursors[k].initialize(to: LocalMaximum(index: origins[k] &+ j, height: height))
                    cursors[k] += 1
                }
            } while remaining != 0
        }
        /// One row alone, its maxima recorded at once.
        @inline(__always) func advanceAlone(_ row: UnsafeMutablePointer<Vector>, everyLaneScans: Bool) {
            let peaks = advance(row)
            if peaks != 0 { record(UInt64(peaks), firstRow: i &- 2, everyLaneScans: everyLaneScans) }
        }
        // Rows before fastLower and from fastUpper on take clamped indices;
        // the rows between are gathered directly (no call in that loop, so
        // the filter states stay in registers).
        let fastBegin = prefix + Swift.min(fastLower, span)
        let fastEnd = Swift.max(fastBegin, prefix + Swift.min(fastUpper, span))
        @inline(__always) func next(_ row: UnsafeMutablePointer<Vector>) -> UnsafeMutablePointer<Vector> {
            let following = row + 3
            return following == stripEnd ? Self.restart(strip, end: stripEnd, history: history) : following
        }
        // From fastBegin + 1 on, row i − 1 is at least scanLower; below
        // fastEnd every lane's sample is inside the record, so row i − 1 is
        // also below every lane's scanTo (n ≤ 16·segment).
        let blockBegin = Swift.min(fastBegin + 1, count)
        while i < blockBegin {
            row[0] = clampedRow(i &- prefix)
            advanceAlone(row, everyLaneScans: false)
            row = next(row)
        }
        // Four rows at a time where they fit before the strip's end: each
        // lane's four samples are one contiguous load, transposed in blocks
        // of four lanes into the rows' x slots (16 loads, 48 shuffles and
        // shifts that transpose and widen the 16-bit samples, and 16 stores
        // for four rows, where a gathered row alone takes 43 instructions); the rows then run from there, and their maxima are
        // recorded together: one branch per four rows, where a test per row
        // (true at about every other row, in no pattern) cost a mispredicted
        // branch every second row.
        let blockEnd = fastEnd &- 3
        while i < blockEnd {
            if row + 9 < stripEnd {
                Self.transposeFourRows(from: base + (start0 &+ (i &- prefix)), stride: segment, into: row)
                // Unrolled: the row offsets become constants.
                let first = advance(row, heightRow: 0)
                let second = advance(row + 3, heightRow: 1)
                let third = advance(row + 6, heightRow: 2)
                let fourth = advance(row + 9, heightRow: 3)
                let peaks = UInt64(first) | UInt64(second) << 16 | UInt64(third) << 32 | UInt64(fourth) << 48
                if peaks != 0 { record(peaks, firstRow: i &- 5, everyLaneScans: true) }
                row += 12
                if row == stripEnd { row = Self.restart(strip, end: stripEnd, history: history) }
            } else {
                row[0] = Self.gather(base + (start0 &+ (i &- prefix)), stride: segment)
                advanceAlone(row, everyLaneScans: true)
                row = next(row)
            }
        }
        while i < fastEnd {
            row[0] = Self.gather(base + (start0 &+ (i &- prefix)), stride: segment)
            advanceAlone(row, everyLaneScans: false)
            row = next(row)
        }
        while i < count {
            row[0] = clampedRow(i &- prefix)
            advanceAlone(row, everyLaneScans: false)
            row = next(row)
        }
        for k in 0..<lanes {
            workspace.maximaCounts[k] = cursors[k] - (workspace.maxima + k * workspace.maximaPerLane)
        }
        return features
    }

    /// Moves the last `history` rows of a full strip of stage rows to its
    /// start; returns where the next row goes. Out of line: once per
    /// thousand rows.
    @inline(never)
    static func restart(_ strip: UnsafeMutablePointer<Vector>, end: UnsafeMutablePointer<Vector>, history: Int) -> UnsafeMutablePointer<Vector> {
        strip.update(from: end - 3 &* history, count: 3 &* history)
        return strip + 3 &* history
    }

    /// Rows r … r + 3 of the sixteen lanes (lane k's samples at
    /// `p + k·stride + 0 … 3`) into the x slots of the four stage rows from
    /// `row` (`row[0]`, `row[3]`, `row[6]`, `row[9]`), widened to 32 bits.
    ///
    /// On SSE2, per block of four lanes: four 8-byte loads (`movq`), two
    /// rounds of unpacks that transpose the 16-bit values, and an unpack of
    /// each row with itself shifted right by 16 that widens it: 20
    /// instructions where 32-bit samples took 16.
    @inline(__always)
    static func transposeFourRows(from p: UnsafePointer<Int16>, stride m: Int, into row: UnsafeMutablePointer<Vector>) {
        #if arch(x86_64)
        let target = UnsafeMutableRawPointer(row)
        let rowBytes = 3 &* MemoryLayout<Vector>.stride
        @inline(__always) func load(_ q: UnsafePointer<Int16>) -> __m128i {
            _mm_loadl_epi64(UnsafeRawPointer(q).assumingMemoryBound(to: __m128i.self))
        }
        for block in 0..<4 {
            let q = p + (4 &* block) &* m
            // Lanes 0 and 1 interleaved, then lanes 2 and 3; then pairs of
            // those: rows 0 and 1 of the four lanes, rows 2 and 3.
            let x01 = _mm_unpacklo_epi16(load(q), load(q + m))
            let x23 = _mm_unpacklo_epi16(load(q + 2 &* m), load(q + 3 &* m))
            let rows01 = _mm_unpacklo_epi32(x01, x23), rows23 = _mm_unpackhi_epi32(x01, x23)
            let lane = target + 16 &* block
            let (row0, row1) = QuantizedLead.widenHalves(rows01), (row2, row3) = QuantizedLead.widenHalves(rows23)
            lane.storeBytes(of: row0, as: SIMD4<Int32>.self)
            (lane + rowBytes).storeBytes(of: row1, as: SIMD4<Int32>.self)
            (lane + 2 &* rowBytes).storeBytes(of: row2, as: SIMD4<Int32>.self)
            (lane + 3 &* rowBytes).storeBytes(of: row3, as: SIMD4<Int32>.self)
        }
        #else
        portableTransposeFourRows(from: p, stride: m, into: row)
        #endif
    }

    /// `transposeFourRows` in plain code: loads of four samples widened,
    /// then transposed with unpack-and-move shuffles.
    @inline(__always)
    static func portableTransposeFourRows(from p: UnsafePointer<Int16>, stride m: Int, into row: UnsafeMutablePointer<Vector>) {
        let target = UnsafeMutableRawPointer(row)
        let rowBytes = 3 &* MemoryLayout<Vector>.stride
        @inline(__always) func load(_ q: UnsafePointer<Int16>) -> SIMD4<Int32> {
            SIMD4<Int32>(truncatingIfNeeded: UnsafeRawPointer(q).loadUnaligned(as: SIMD4<Int16>.self))
        }
        for block in 0..<4 {
            let q = p + (4 &* block) &* m
            let a0 = load(q), a1 = load(q + m), a2 = load(q + 2 &* m), a3 = load(q + 3 &* m)
            let low01 = SIMD4(a0[0], a1[0], a0[1], a1[1])
            let high01 = SIMD4(a0[2], a1[2], a0[3], a1[3])
            let low23 = SIMD4(a2[0], a3[0], a2[1], a3[1])
            let high23 = SIMD4(a2[2], a3[2], a2[3], a3[3])
            let lane = target + 16 &* block
            lane.storeBytes(of: SIMD4(lowHalf: low01.lowHalf, highHalf: low23.lowHalf), as: SIMD4<Int32>.self)
            (lane + rowBytes).storeBytes(of: SIMD4(lowHalf: low01.highHalf, highHalf: low23.highHalf), as: SIMD4<Int32>.self)
            (lane + 2 &* rowBytes).storeBytes(of: SIMD4(lowHalf: high01.lowHalf, highHalf: high23.lowHalf), as: SIMD4<Int32>.self)
            (lane + 3 &* rowBytes).storeBytes(of: SIMD4(lowHalf: high01.highHalf, highHalf: high23.highHalf), as: SIMD4<Int32>.self)
        }
    }

    /// Sixteen samples `stride` apart, built in registers (assigning lanes one
    /// by one in a loop goes through memory and stalls).
    @inline(__always)
    static func gather(_ p: UnsafePointer<Int16>, stride m: Int) -> Vector {
        let lower = SIMD8<Int16>(p[0], p[m], p[2 &* m], p[3 &* m], p[4 &* m], p[5 &* m], p[6 &* m], p[7 &* m])
        let q = p + 8 &* m
        let upper = SIMD8<Int16>(q[0], q[m], q[2 &* m], q[3 &* m], q[4 &* m], q[5 &* m], q[6 &* m], q[7 &* m])
        return QuantizedLead.widen(SIMD16(lowHalf: lower, highHalf: upper))
    }

    /// `FeatureDesign.quantize` of every sample, into `target` (16 bits).
    ///
    /// One pass clamps every block of sixteen with `maxps` and `minps` (the
    /// selects written value first, as those instructions take them) and
    /// notes whether any value was NaN, which they would clamp where
    /// `quantize` gives 0; only a lead with NaN is done again sample by
    /// sample. (A test per block for values needing the clamp cost more
    /// than the clamp.)
    static func quantize(_ samples: UnsafeBufferPointer<Float>, into target: UnsafeMutablePointer<Int16>) {
        guard let source = samples.baseAddress else { return }
        let n = samples.count
        let scale = SIMD16<Float>(repeating: 1000)
        // The clamp after adding 1.5·2²³ (its bounds moved with it): the same
        // result, as rounding keeps the order, and LLVM no longer folds the
        // add into the second select, which it then compiles as a blend of
        // three instructions in place of `minps`.
        let magic = SIMD16<Float>(repeating: 12_582_912)
        let upper = SIMD16<Float>(repeating: 12_582_912 + FeatureDesign.inputLimit)
        let lower = SIMD16<Float>(repeating: 12_582_912 - FeatureDesign.inputLimit)
        let magicBits = Vector(repeating: Int32(bitPattern: (12_582_912 as Float).bitPattern))
        var nanSeen = Vector()
        var i = 0
        while i &+ 16 <= n {
            let v = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD16<Float>.self) * scale
            let shifted = v + magic
            let low = lower.replacing(with: shifted, where: shifted .> lower)
            let c = upper.replacing(with: low, where: low .< upper)
            nanSeen |= unsafeBitCast(v .!= v, to: Vector.self)
            let values = unsafeBitCast(c, to: Vector.self) &- magicBits
            UnsafeMutableRawPointer(target + i).storeBytes(of: QuantizedLead.narrow(values), as: SIMD16<Int16>.self)
            i &+= 16
        }
        while i < n {
            target[i] = Int16(truncatingIfNeeded: FeatureDesign.quantize(source[i]))
            i &+= 1
        }
        let eight = nanSeen.lowHalf | nanSeen.highHalf
        let four = eight.lowHalf | eight.highHalf
        guard four != .zero else { return }
        for k in 0..<n { target[k] = Int16(truncatingIfNeeded: FeatureDesign.quantize(source[k])) }
    }

    /// min(c, limit)² in every lane, for c ≥ 0.
    ///
    /// SSE2 has neither a 32-bit multiply nor a 32-bit minimum, but it has
    /// them on 16 bits: `packssdw` saturates two vectors of c to 16 bits
    /// (c ≥ 0, so at most 32 767), `pminsw` limits them, and `pmaddwd` of
    /// each half interleaved with zeros gives v·v + 0·0 in 32 bits. Fourteen
    /// instructions for sixteen lanes, where the float version (`minps`,
    /// `mulps` on 2²³-biased floats) took twenty-eight.
    @inline(__always)
    static func squareOfAtMostLimit(_ c: Vector) -> Vector {
        #if arch(x86_64)
        let limit = _mm_set1_epi16(Int16(FeatureDesign.slopeLimit))
        let zero = _mm_setzero_si128()
        @inline(__always) func squares(_ a: SIMD4<Int32>, _ b: SIMD4<Int32>) -> SIMD8<Int32> {
            let v = _mm_min_epi16(_mm_packs_epi32(unsafeBitCast(a, to: __m128i.self), unsafeBitCast(b, to: __m128i.self)), limit)
            let low = _mm_unpacklo_epi16(v, zero), high = _mm_unpackhi_epi16(v, zero)
            return SIMD8(lowHalf: unsafeBitCast(_mm_madd_epi16(low, low), to: SIMD4<Int32>.self),
                         highHalf: unsafeBitCast(_mm_madd_epi16(high, high), to: SIMD4<Int32>.self))
        }
        return Vector(lowHalf: squares(c.lowHalf.lowHalf, c.lowHalf.highHalf),
                      highHalf: squares(c.highHalf.lowHalf, c.highHalf.highHalf))
        #else
        return portableSquareOfAtMostLimit(c)
        #endif
    }

    /// `squareOfAtMostLimit` in plain lane-wise arithmetic (the portable
    /// versions are the definitions the SSE2 ones are tested against, and
    /// the kernel's code on other architectures).
    @inline(__always)
    static func portableSquareOfAtMostLimit(_ c: Vector) -> Vector {
        let limit = Vector(repeating: FeatureDesign.slopeLimit)
        let limited = c.replacing(with: limit, where: c .> limit)
        return limited &* limited
    }

    /// One byte per lane, negative exactly where the lane's change is at
    /// most 0 (the feature does not rise).
    ///
    /// On SSE2 three saturating packs (`packssdw`, `packsswb`) narrow the
    /// changes to bytes, keeping their sign and zero, and a saturating
    /// subtract of 1 (`psubsb`) turns "at most 0" into "negative": four
    /// instructions, where comparing the four registers and folding them for
    /// the any-peak test took about twenty.
    @inline(__always)
    static func notRisingBytes(_ change: Vector) -> SIMD16<Int8> {
        #if arch(x86_64)
        @inline(__always) func words(_ v: SIMD8<Int32>) -> __m128i {
            _mm_packs_epi32(unsafeBitCast(v.lowHalf, to: __m128i.self), unsafeBitCast(v.highHalf, to: __m128i.self))
        }
        let bytes = _mm_packs_epi16(words(change.lowHalf), words(change.highHalf))
        return unsafeBitCast(_mm_subs_epi8(bytes, _mm_set1_epi8(1)), to: SIMD16<Int8>.self)
        #else
        return portableNotRisingBytes(change)
        #endif
    }

    /// `notRisingBytes` in plain lane-wise code: all ones where change ≤ 0.
    static func portableNotRisingBytes(_ change: Vector) -> SIMD16<Int8> {
        SIMD16<Int8>(truncatingIfNeeded: unsafeBitCast(change .<= 0, to: Vector.self))
    }

    /// Bit k set where byte k is negative: one `pmovmskb` on SSE2.
    @inline(__always)
    static func signBits(_ bytes: SIMD16<Int8>) -> UInt32 {
        #if arch(x86_64)
        return UInt32(bitPattern: _mm_movemask_epi8(unsafeBitCast(bytes, to: __m128i.self)))
        #else
        return portableSignBits(bytes)
        #endif
    }

    /// `signBits` in plain code, lane by lane.
    static func portableSignBits(_ bytes: SIMD16<Int8>) -> UInt32 {
        var bits: UInt32 = 0
        for k in 0..<16 where bytes[k] < 0 { bits |= 1 << UInt32(k) }
        return bits
    }
}

/// A local maximum of the integrated feature.
struct LocalMaximum: Sendable, Equatable {
    var index: Int
    var height: Int32
}

/// The local maxima found by `SegmentedFeatureKernel`, in a workspace that
/// goes back to the pool when this object is released.
final class SegmentedFeatures {
    private let workspace: KernelWorkspace

    init(workspace: KernelWorkspace, count: Int) {
        self.count = count
        self.workspace = workspace
    }

    deinit { KernelWorkspace.pool.give(workspace) }

    /// Samples of the lead.
    let count: Int

    /// The lead quantised, `count` samples; valid while `self` lives.
    var quantized: QuantizedLead { QuantizedLead(values: UnsafeBufferPointer(start: workspace.quantized, count: count)) }

    /// Local maxima of lane `k`'s segment; the lanes' segments follow each
    /// other, so lane by lane they are in index order. Valid while `self` lives.
    func maxima(lane k: Int) -> UnsafeBufferPointer<LocalMaximum> { workspace.maxima(lane: k) }

    /// Local maxima of the whole lead in index order.
    var maxima: [LocalMaximum] {
        withExtendedLifetime(self) {
            (0..<SegmentedFeatureKernel.lanes).flatMap { Array(workspace.maxima(lane: $0)) }
        }
    }
}
