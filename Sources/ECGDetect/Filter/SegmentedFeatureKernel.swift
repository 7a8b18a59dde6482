/// The feature stage on one lead at full SIMD width: the record is cut into
/// sixteen overlapping segments that run side by side in the lanes of
/// `SIMD16<Int32>`, then the lanes' local maxima are stitched in order.
///
/// Each lane starts `warmUp` samples before its segment from the steady state
/// of its first sample. The integer running sums forget that start exactly once
/// every window has filled, so inside the segment every value equals the
/// scalar `FeatureBuffer`'s bit for bit (tested).
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
        let n = samples.count
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
        workspace.prepare(rows: count, history: B, maximaPerLane: segment / 2 + 2)
        let features = SegmentedFeatures(design: design, segment: segment, prefix: prefix,
                                         warmUp: warmUp, workspace: workspace)
        guard n > 0, let base = samples.baseAddress else { return features }

        let s = workspace.smoothed, a = workspace.slope
        let ring = workspace.ring, ringMask = workspace.ringSize - 1
        // Lane k holds samples from regionStart(k) = k·segment − warmUp on; row r
        // of the span is sample regionStart(k) + r, clamped to the record (the
        // steady state of the lane's first sample before it, the last sample
        // after the end). Rows where every lane is inside the record are
        // gathered without clamping.
        let start0 = -warmUp
        let fastLower = warmUp
        let fastUpper = Swift.min(span, n - ((lanes - 1) * segment - warmUp))
        @inline(__always) func clampedRow(_ r: Int) -> Vector {
            var v = SIMD16<Float>()
            let row = Swift.max(r, 0)
            for k in 0..<16 {
                let index = Swift.min(Swift.max(start0 + k * segment + row, 0), n - 1)
                v[k] = base[index]
            }
            return Self.quantize(v)
        }

        let box = Vector(repeating: Int32(B))
        // Scalar shift counts: a uniform shift is one instruction, a per-lane
        // (vector) count is not available before AVX2 and gets scalarised.
        let shift = Int32(design.slopeShift)
        let signShift: Int32 = 31
        let limit = Vector(repeating: FeatureDesign.slopeLimit)
        // The steady state before each lane's first sample.
        let first = clampedRow(-1)
        let firstSum = box &* first
        for r in 0..<prefix {
            s[r] = firstSum
            a[r] = .zero
        }
        for r in Swift.max(0, prefix - workspace.ringSize)..<prefix { ring[r & ringMask] = first }

        // Local maxima are searched only inside each lane's own segment: rows
        // scanLower ..< scanTo[k] of lane k. The lane's maxima and their count
        // go to plain memory (a store each, no array checks).
        let scanLower = prefix + warmUp
        var scanToStorage = SIMD16<Int>()
        for k in 0..<lanes {
            scanToStorage[k] = scanLower + Swift.max(0, Swift.min(segment, n - k * segment))
        }
        let scanTo = scanToStorage
        let scanUpper = scanTo.max()
        let laneBits = Vector(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768)
        let maxima = workspace.maxima, maximaPerLane = workspace.maximaPerLane
        let counts = workspace.maximaCounts
        var integration = Vector.zero
        var previous = Vector.zero, beforePrevious = Vector.zero
        var sPrevious = firstSum
        // Index arithmetic wraps (no overflow branch per row): the rows are
        // far from the integer limits.
        var i = prefix
        while i < count {
            let r = i &- prefix
            let xi: Vector
            if r >= fastLower && r < fastUpper {
                xi = Self.quantizeUsually(Self.gather(base + (start0 &+ r), stride: segment))
            } else {
                xi = clampedRow(r)
            }
            ring[i & ringMask] = xi
            let si = sPrevious &+ xi &- ring[(i &- B) & ringMask]
            sPrevious = si
            s[i] = si
            let d = si &- s[i &- D]
            let sign = d &>> signShift
            let magnitude = (d ^ sign) &- sign
            // min(c, limit) as limit + min(c − limit, 0): lane-wise operations
            // that stay inline (the generic pointwiseMin is an out-of-line call).
            let excess = (magnitude &>> shift) &- limit
            let ai = Self.square(limit &+ (excess & (excess &>> signShift)))
            a[i] = ai
            integration = integration &+ ai &- a[i &- W]
            // Is i - 1 a local maximum of the integrated feature?
            let rising = previous .> beforePrevious
            let notFalling = previous .>= integration
            let positive = previous .> Vector.zero
            let peak = rising .& notFalling .& positive
            if any(peak) {
                let j = i &- 1
                if j >= scanLower && j < scanUpper {
                    // The lanes with a peak as bits, folded in halves (a lane
                    // loop over the mask costs a test per lane per row).
                    let flags = unsafeBitCast(peak, to: Vector.self) & laneBits
                    let eight = flags.lowHalf | flags.highHalf
                    let four = eight.lowHalf | eight.highHalf
                    let two = four.lowHalf | four.highHalf
                    var remaining = UInt32(bitPattern: two[0] | two[1])
                    while remaining != 0 {
                        let k = remaining.trailingZeroBitCount
                        remaining &= remaining &- 1
                        if j < scanTo[k] {
                            let index = k &* segment &- warmUp &+ (j &- prefix)
                            let height = previous[k]
                            let count = counts[k]
                            (maxima + (k &* maximaPerLane &+ count)).initialize(
                                to: LocalMaximum(index: index, height: height))
                            counts[k] = count &+ 1
                        }
                    }
                }
            }
            beforePrevious = previous
            previous = integration
            i &+= 1
        }
        return features
    }

    /// Sixteen samples `stride` apart, built in registers (assigning lanes one
    /// by one in a loop goes through memory and stalls).
    @inline(__always)
    static func gather(_ p: UnsafePointer<Float>, stride m: Int) -> SIMD16<Float> {
        let lower = SIMD8<Float>(p[0], p[m], p[2 &* m], p[3 &* m], p[4 &* m], p[5 &* m], p[6 &* m], p[7 &* m])
        let q = p + 8 &* m
        let upper = SIMD8<Float>(q[0], q[m], q[2 &* m], q[3 &* m], q[4 &* m], q[5 &* m], q[6 &* m], q[7 &* m])
        return SIMD16(lowHalf: lower, highHalf: upper)
    }

    /// `FeatureDesign.quantize` on sixteen samples, bit for bit: the same
    /// float operations, then the integer read from the bits of c + 1.5·2²³
    /// (its unit in the last place is 1 for |c| < 2²², so the significand
    /// holds round(c) + 2²² exactly) instead of a float-to-int conversion.
    @inline(__always)
    static func quantize(_ millivolts: SIMD16<Float>) -> Vector {
        var v = millivolts * 1000
        v.replace(with: 0, where: v .!= v)
        let limit = FeatureDesign.inputLimit
        // Masks, not pointwiseMin/Max: those are lane-by-lane loops for floats.
        v.replace(with: -limit, where: v .< -limit)
        v.replace(with: limit, where: v .> limit)
        let magic = SIMD16<Float>(repeating: 12_582_912)
        return unsafeBitCast(v + magic, to: Vector.self) &- Vector(repeating: Int32(bitPattern: (12_582_912 as Float).bitPattern))
    }

    /// `quantize`, with one test for the usual row (every value finite and
    /// inside the clamp bounds, so that neither the NaN nor the clamp step
    /// changes anything) instead of both steps.
    @inline(__always)
    static func quantizeUsually(_ millivolts: SIMD16<Float>) -> Vector {
        let v = millivolts * 1000
        let magnitude = unsafeBitCast(
            unsafeBitCast(v, to: SIMD16<UInt32>.self) & SIMD16<UInt32>(repeating: 0x7FFF_FFFF),
            to: SIMD16<Float>.self)
        // NaN compares false, so a NaN row takes the full path.
        guard all(magnitude .<= SIMD16<Float>(repeating: FeatureDesign.inputLimit)) else {
            return quantize(millivolts)
        }
        let magic = SIMD16<Float>(repeating: 12_582_912)
        return unsafeBitCast(v + magic, to: Vector.self) &- Vector(repeating: Int32(bitPattern: (12_582_912 as Float).bitPattern))
    }

    /// c² for whole numbers 0 ≤ c ≤ 2047, in floats built from the bits
    /// (2²³ + c has c in its significand) and read back as in `quantize`:
    /// exact below 2²², and inline, where converting the vector to floats is
    /// an out-of-line call and SSE2 has no 32-bit multiply.
    @inline(__always)
    static func square(_ c: Vector) -> Vector {
        let twoPow23 = Int32(bitPattern: (8_388_608 as Float).bitPattern)
        let biased = unsafeBitCast(c | Vector(repeating: twoPow23), to: SIMD16<Float>.self)
        let value = biased - SIMD16<Float>(repeating: 8_388_608)
        let squared = value * value
        let magic = SIMD16<Float>(repeating: 12_582_912)
        return unsafeBitCast(squared + magic, to: Vector.self) &- Vector(repeating: Int32(bitPattern: (12_582_912 as Float).bitPattern))
    }
}

/// A local maximum of the integrated feature.
struct LocalMaximum: Sendable, Equatable {
    var index: Int
    var height: Int32
}

/// The outputs of `SegmentedFeatureKernel`, interleaved by lane, in a
/// workspace that goes back to the pool when this object is released.
final class SegmentedFeatures {
    let design: FeatureDesign
    let segment: Int
    let prefix: Int
    let warmUp: Int
    private let workspace: KernelWorkspace

    init(design: FeatureDesign, segment: Int, prefix: Int, warmUp: Int, workspace: KernelWorkspace) {
        self.design = design
        self.segment = segment
        self.prefix = prefix
        self.warmUp = warmUp
        self.workspace = workspace
    }

    deinit { KernelWorkspace.pool.give(workspace) }

    /// Local maxima of lane `k`'s segment; the lanes' segments follow each
    /// other, so lane by lane they are in index order. Valid while `self` lives.
    func maxima(lane k: Int) -> UnsafeBufferPointer<LocalMaximum> { workspace.maxima(lane: k) }

    /// Local maxima of the whole lead in index order.
    var maxima: [LocalMaximum] {
        withExtendedLifetime(self) {
            (0..<SegmentedFeatureKernel.lanes).flatMap { Array(workspace.maxima(lane: $0)) }
        }
    }

    /// Calls `body` with views of the lanes, valid only inside it.
    func withLanes<R>(_ body: (LaneViews) -> R) -> R {
        withExtendedLifetime(self) {
            body(LaneViews(
                a: UnsafeRawPointer(workspace.slope).assumingMemoryBound(to: Int32.self),
                s: UnsafeRawPointer(workspace.smoothed).assumingMemoryBound(to: Int32.self),
                segment: segment, origin: prefix + warmUp,
                integrationLength: design.integrationLength))
        }
    }

    /// Pointers into the interleaved outputs.
    struct LaneViews {
        let a: UnsafePointer<Int32>
        let s: UnsafePointer<Int32>
        let segment: Int
        /// The row of lane 0's first segment sample.
        let origin: Int
        let integrationLength: Int

        /// The lane whose segment holds a feature index.
        @inline(__always) func laneIndex(for index: Int) -> Int {
            Swift.min(SegmentedFeatureKernel.lanes - 1, Swift.max(0, index / segment))
        }

        /// The row that holds a feature index in its lane.
        @inline(__always) func row(for index: Int) -> Int {
            index + origin - laneIndex(for: index) * segment
        }

        /// The lane whose segment holds a feature index.
        func lane(for index: Int) -> Lane {
            let k = laneIndex(for: index)
            return Lane(a: a, s: s, lane: k, offset: origin - k * segment,
                        integrationLength: integrationLength)
        }
    }

    /// One lane seen as a feature source.
    struct Lane: FeatureSource {
        let a: UnsafePointer<Int32>
        let s: UnsafePointer<Int32>
        let lane: Int
        let offset: Int
        let integrationLength: Int

        func feature(_ index: Int) -> Int32 {
            var sum: Int32 = 0
            for i in (index - integrationLength + 1)...index { sum &+= slope(i) }
            return sum
        }
        @inline(__always) func slope(_ index: Int) -> Int32 { a[(index &+ offset) &* 16 &+ lane] }
        @inline(__always) func smoothed(_ index: Int) -> Int32 { s[(index &+ offset) &* 16 &+ lane] }
    }
}
