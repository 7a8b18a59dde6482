/// Running sums of quantised samples, x(0), x(0) + x(1), …, from which any
/// box sum of them is one subtraction: x(u − B + 1) + … + x(u) =
/// P(u) − P(u − B).
///
/// The sums wrap (`&+`); a box sum of at most a few hundred samples of at
/// most 2¹⁵ fits in `Int32`, and the wrapped difference of two wrapped sums
/// is then that exact sum.
enum RunningSums {
    /// Writes the running sums of the `count` samples at `samples` into
    /// `target` (which may be `samples`), continuing from `total` (the sum
    /// before them); returns the sum through the last of them.
    @discardableResult
    static func accumulate(_ samples: UnsafePointer<Int32>, count: Int, into target: UnsafeMutablePointer<Int32>,
                           from total: Int32 = 0) -> Int32 {
        accumulate(count: count, into: target, from: total,
                   block: { UnsafeRawPointer(samples + $0).loadUnaligned(as: SIMD16<Int32>.self) },
                   sample: { samples[$0] })
    }

    /// `accumulate(_:count:into:from:)` of 16-bit samples (a quantised
    /// lead, `QuantizedLead`), widened as they are loaded.
    @discardableResult
    static func accumulate(_ samples: UnsafePointer<Int16>, count: Int, into target: UnsafeMutablePointer<Int32>,
                           from total: Int32 = 0) -> Int32 {
        accumulate(count: count, into: target, from: total,
                   block: { QuantizedLead.widen(UnsafeRawPointer(samples + $0).loadUnaligned(as: SIMD16<Int16>.self)) },
                   sample: { Int32(samples[$0]) })
    }

    /// The running sums of `count` samples, sixteen at a time as `block`
    /// loads them from an offset and the rest one by one as `sample` does,
    /// into `target`, from `total`. (Each block is loaded before its sums
    /// are stored, so `target` may be where the samples are.)
    @inline(__always)
    private static func accumulate(
        count: Int, into target: UnsafeMutablePointer<Int32>, from total: Int32,
        block: (Int) -> SIMD16<Int32>, sample: (Int) -> Int32
    ) -> Int32 {
        var carry = SIMD4<Int32>(repeating: total)
        var i = 0
        while i &+ 16 <= count {
            UnsafeMutableRawPointer(target + i).storeBytes(of: accumulate(block(i), carry: &carry), as: SIMD16<Int32>.self)
            i &+= 16
        }
        var sum = carry[0]
        while i < count {
            sum &+= sample(i)
            target[i] = sum
            i &+= 1
        }
        return sum
    }

    /// The running sums of sixteen consecutive samples, continuing from
    /// `carry` (the sum before them in every lane), which becomes the sum
    /// through the last of them.
    ///
    /// Each group of four is summed in its lanes (`inclusiveSums`), then the
    /// groups are chained through the carry.
    @inline(__always)
    static func accumulate(_ block: SIMD16<Int32>, carry: inout SIMD4<Int32>) -> SIMD16<Int32> {
        let a = inclusiveSums(block.lowHalf.lowHalf) &+ carry
        let b = inclusiveSums(block.lowHalf.highHalf) &+ SIMD4(repeating: a[3])
        let c = inclusiveSums(block.highHalf.lowHalf) &+ SIMD4(repeating: b[3])
        let d = inclusiveSums(block.highHalf.highHalf) &+ SIMD4(repeating: c[3])
        carry = SIMD4(repeating: d[3])
        return SIMD16(lowHalf: SIMD8(lowHalf: a, highHalf: b), highHalf: SIMD8(lowHalf: c, highHalf: d))
    }

    /// v(0), v(0) + v(1), v(0) + v(1) + v(2), v(0) + … + v(3).
    ///
    /// Written with shifts of the 64-bit halves: lane shifts written as
    /// `SIMD4(0, v[0], v[1], v[2])` are taken apart by LLVM into scalar
    /// loads and a dozen shuffles; these give `psllq`, `shufps` and two adds.
    @inline(__always)
    static func inclusiveSums(_ v: SIMD4<Int32>) -> SIMD4<Int32> {
        // v(0), v(0) + v(1), v(2), v(2) + v(3): each half's low lane added
        // to its high lane.
        let halves = unsafeBitCast(v, to: SIMD2<UInt64>.self)
        let pairs = v &+ unsafeBitCast(halves &<< 32, to: SIMD4<Int32>.self)
        // The low half's sum, v(0) + v(1), added to both lanes of the high half.
        let highLanes = unsafeBitCast(unsafeBitCast(pairs, to: SIMD2<UInt64>.self) &>> 32, to: SIMD4<Int32>.self)
        return pairs &+ SIMD4(highLanes[1], highLanes[1], highLanes[0], highLanes[0])
    }
}
