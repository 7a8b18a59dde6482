/// The running sums of a quantised lead, P(u) = x(0) + … + x(u), from which
/// any box sum of the lead is one subtraction: x(u − B + 1) + … + x(u) =
/// P(u) − P(u − B).
///
/// The sums wrap (`&+`): P itself overflows on a long lead, but a box sum
/// of at most a few hundred samples of at most 2¹⁵ fits in `Int32`, and the
/// wrapped difference of two wrapped sums is then that exact sum.
///
/// Before the start the lead continues as its first sample and after the
/// end as its last (as the feature stages assume), so P extends linearly:
/// P(u) = (u + 1)·x(0) for u < 0 and P(n − 1) + (u − n + 1)·x(n − 1) for
/// u ≥ n; a box sum reaching past an end then counts the end sample for
/// every missing one.
struct LeadPrefixSums {
    /// P(0) … P(n − 1).
    let sums: UnsafePointer<Int32>
    /// Samples of the lead (n).
    let count: Int
    /// The lead's first and last samples, which continue it past its ends.
    private let first: Int32, last: Int32

    /// The sums held at `sums`, of a lead of `count` samples.
    init(_ sums: UnsafePointer<Int32>, count: Int) {
        self.sums = sums
        self.count = count
        first = count > 0 ? sums[0] : 0
        last = count > 1 ? sums[count &- 1] &- sums[count &- 2] : first
    }

    /// P(u) at any index, inside the lead or past either end.
    @inline(__always)
    subscript(u: Int) -> Int32 {
        if u < 0 { return Int32(truncatingIfNeeded: u &+ 1) &* first }
        if u < count { return sums[u] }
        guard count > 0 else { return 0 }
        return sums[count &- 1] &+ Int32(truncatingIfNeeded: u &- count &+ 1) &* last
    }

    /// Writes the running sums of the `count` samples at `samples` into
    /// `target`, continuing from `total` (the sum of the samples before
    /// them: 0 for a whole lead, P(0) … P(n − 1)); returns the sum through
    /// the last of them.
    @discardableResult
    static func accumulate(_ samples: UnsafePointer<Int32>, count: Int, into target: UnsafeMutablePointer<Int32>,
                           from total: Int32 = 0) -> Int32 {
        var carry = SIMD4<Int32>(repeating: total)
        var i = 0
        while i &+ 16 <= count {
            let block = UnsafeRawPointer(samples + i).loadUnaligned(as: SIMD16<Int32>.self)
            UnsafeMutableRawPointer(target + i).storeBytes(of: accumulate(block, carry: &carry), as: SIMD16<Int32>.self)
            i &+= 16
        }
        var sum = carry[0]
        while i < count {
            sum &+= samples[i]
            target[i] = sum
            i &+= 1
        }
        return sum
    }

    /// The running sums of sixteen consecutive samples, continuing from
    /// `carry` (the sum before them in every lane), which becomes the sum
    /// through the last of them.
    ///
    /// Each group of four is summed in its lanes (two lane shifts and adds,
    /// where a running sum is a chain of dependent scalar adds), then the
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
