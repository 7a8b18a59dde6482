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

        var regionStart = [Int](repeating: 0, count: lanes)
        for k in 0..<lanes { regionStart[k] = k * segment - warmUp }

        // Every element is written before it is read: skip the zero fill.
        func uninitialized(_ count: Int) -> [Vector] {
            [Vector](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        }
        var x = uninitialized(count)
        var s = uninitialized(count)
        var a = uninitialized(count)
        for r in 0..<prefix { a[r] = .zero }
        var maxima = [[LocalMaximum]](repeating: [], count: lanes)
        for k in 0..<lanes { maxima[k].reserveCapacity(segment / 20 + 16) }

        guard n > 0 else {
            return SegmentedFeatures(design: design, segment: segment, prefix: prefix,
                                     regionStart: regionStart, a: a, s: s, maxima: [])
        }

        // Transpose and quantise: x[prefix + r][k] is sample regionStart[k] + r,
        // clamped to the record (the steady state before it, the last sample after).
        x.withUnsafeMutableBufferPointer { xv in
            let raw = UnsafeMutableRawPointer(xv.baseAddress!).assumingMemoryBound(to: Int32.self)
            for k in 0..<lanes {
                let start = regionStart[k]
                let first = FeatureDesign.quantize(samples[Swift.min(Swift.max(start, 0), n - 1)])
                for r in 0..<prefix { raw[r * lanes + k] = first }
                let lo = Swift.max(0, -start), hi = Swift.min(span, n - start)
                if lo > 0 { for r in 0..<Swift.min(lo, span) { raw[(prefix + r) * lanes + k] = first } }
                if lo < hi {
                    for r in lo..<hi { raw[(prefix + r) * lanes + k] = FeatureDesign.quantize(samples[start + r]) }
                }
                let last = FeatureDesign.quantize(samples[n - 1])
                if hi < span { for r in Swift.max(hi, 0)..<span { raw[(prefix + r) * lanes + k] = last } }
            }
        }

        let box = Vector(repeating: Int32(B))
        let limit = Vector(repeating: FeatureDesign.slopeLimit)
        // Scalar shift counts: a uniform shift is one instruction, a per-lane
        // (vector) count is not available before AVX2 and gets scalarised.
        let shift = Int32(design.slopeShift)
        let signShift: Int32 = 31
        var integration = Vector.zero
        // Local maxima are searched only inside each lane's own segment.
        var scanFrom = [Int](repeating: 0, count: lanes)
        var scanTo = [Int](repeating: 0, count: lanes)
        for k in 0..<lanes {
            scanFrom[k] = prefix + warmUp
            scanTo[k] = prefix + warmUp + Swift.max(0, Swift.min(segment, n - k * segment))
        }
        let scanLower = scanFrom[0]
        let scanUpper = scanTo.max() ?? 0

        x.withUnsafeBufferPointer { x in
        s.withUnsafeMutableBufferPointer { s in
        a.withUnsafeMutableBufferPointer { a in
            // Steady state of each lane's first sample.
            for r in 0..<prefix {
                s[r] = box &* x[r]
            }
            var previous = Vector.zero, beforePrevious = Vector.zero
            for i in prefix..<count {
                let si = s[i - 1] &+ x[i] &- x[i - B]
                s[i] = si
                let d = si &- s[i - D]
                let sign = d &>> signShift
                let magnitude = (d ^ sign) &- sign
                let clamped = pointwiseMin(magnitude &>> shift, limit)
                let ai = clamped &* clamped
                a[i] = ai
                integration = integration &+ ai &- a[i - W]
                // Is i - 1 a local maximum of the integrated feature?
                let rising = previous .> beforePrevious
                let notFalling = previous .>= integration
                let positive = previous .> Vector.zero
                let peak = rising .& notFalling .& positive
                if any(peak) {
                    let j = i - 1
                    if j >= scanLower && j < scanUpper {
                        for k in 0..<lanes where peak[k] && j >= scanFrom[k] && j < scanTo[k] {
                            maxima[k].append(LocalMaximum(index: regionStart[k] + (j - prefix), height: previous[k]))
                        }
                    }
                }
                beforePrevious = previous
                previous = integration
            }
        }}}
        return SegmentedFeatures(design: design, segment: segment, prefix: prefix,
                                 regionStart: regionStart, a: a, s: s,
                                 maxima: maxima.flatMap { $0 })
    }
}

/// A local maximum of the integrated feature.
struct LocalMaximum: Sendable, Equatable {
    var index: Int
    var height: Int32
}

/// The outputs of `SegmentedFeatureKernel`, interleaved by lane.
final class SegmentedFeatures {
    let design: FeatureDesign
    let segment: Int
    let prefix: Int
    let regionStart: [Int]
    let a: [SIMD16<Int32>]
    let s: [SIMD16<Int32>]
    /// Local maxima of the whole lead in index order.
    let maxima: [LocalMaximum]

    init(design: FeatureDesign, segment: Int, prefix: Int, regionStart: [Int],
         a: [SIMD16<Int32>], s: [SIMD16<Int32>], maxima: [LocalMaximum]) {
        self.design = design
        self.segment = segment
        self.prefix = prefix
        self.regionStart = regionStart
        self.a = a
        self.s = s
        self.maxima = maxima
    }

    /// Calls `body` with views of the lanes, valid only inside it.
    func withLanes<R>(_ body: (LaneViews) -> R) -> R {
        a.withUnsafeBufferPointer { a in
            s.withUnsafeBufferPointer { s in
                body(LaneViews(
                    a: UnsafeRawPointer(a.baseAddress!).assumingMemoryBound(to: Int32.self),
                    s: UnsafeRawPointer(s.baseAddress!).assumingMemoryBound(to: Int32.self),
                    features: self))
            }
        }
    }

    /// Pointers into the interleaved outputs.
    struct LaneViews {
        let a: UnsafePointer<Int32>
        let s: UnsafePointer<Int32>
        unowned let features: SegmentedFeatures

        /// The lane whose segment holds a feature index.
        func lane(for index: Int) -> Lane {
            let k = Swift.min(SegmentedFeatureKernel.lanes - 1, Swift.max(0, index / features.segment))
            return Lane(a: a, s: s, lane: k, offset: features.prefix - features.regionStart[k],
                        integrationLength: features.design.integrationLength)
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
