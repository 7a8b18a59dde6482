import Testing
@testable import ECGDetect

/// The vectorised running sums against sums added one by one.
@Suite struct RunningSumsTests {
    /// Sums added one by one, wrapping, from `total`.
    private func runningSums(of x: [Int32], from total: Int32 = 0) -> [Int32] {
        var sum = total
        return x.map { sum &+= $0; return sum }
    }

    /// Samples up to the quantiser's bound.
    private func samples(count: Int, seed: UInt64) -> [Int32] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int32(truncatingIfNeeded: Int64(state >> 33) % 65_535) - 32_767
        }
    }

    /// Lengths around the blocks of sixteen and of four, from several
    /// starting totals (one near the top, so that the sums wrap), into a
    /// separate buffer and in place.
    @Test(arguments: [0, 1, 3, 4, 15, 16, 17, 33, 1000, 4099])
    func accumulateEqualsSumsAddedOneByOne(count: Int) {
        for total: Int32 in [0, 123_456, Int32.max - 5] {
            let x = samples(count: count, seed: UInt64(count) &+ 7)
            let expected = runningSums(of: x, from: total)
            var sums = [Int32](repeating: 0, count: count + 1)
            let last = x.withUnsafeBufferPointer { x in
                sums.withUnsafeMutableBufferPointer { sums in
                    RunningSums.accumulate(x.baseAddress ?? UnsafePointer(sums.baseAddress!), count: count,
                                           into: sums.baseAddress!, from: total)
                }
            }
            #expect(Array(sums.prefix(count)) == expected)
            #expect(sums[count] == 0)
            #expect(last == (expected.last ?? total))
            var inPlace = x + [0]
            inPlace.withUnsafeMutableBufferPointer { buffer in
                _ = RunningSums.accumulate(buffer.baseAddress!, count: count, into: buffer.baseAddress!, from: total)
            }
            #expect(Array(inPlace.prefix(count)) == expected)
        }
    }

    /// The 16-bit version (a `QuantizedLead`'s samples, widened as they
    /// are loaded) gives the sums of the same values in 32 bits, at the
    /// quantiser's bounds and lengths around the blocks of sixteen.
    @Test(arguments: [0, 1, 15, 16, 17, 33, 146, 1000])
    func accumulateOf16BitSamplesEqualsSumsAddedOneByOne(count: Int) {
        var x = samples(count: count, seed: UInt64(count) &+ 11)
        for k in stride(from: 0, to: count, by: 5) { x[k] = k % 2 == 0 ? 32_767 : -32_767 }
        let narrow = x.map { Int16($0) }
        for total: Int32 in [0, Int32.max - 5] {
            let expected = runningSums(of: x, from: total)
            var sums = [Int32](repeating: 0, count: count + 1)
            let last = narrow.withUnsafeBufferPointer { x in
                sums.withUnsafeMutableBufferPointer { sums in
                    RunningSums.accumulate(x.baseAddress ?? UnsafePointer(bitPattern: 2)!, count: count,
                                           into: sums.baseAddress!, from: total)
                }
            }
            #expect(Array(sums.prefix(count)) == expected)
            #expect(sums[count] == 0)
            #expect(last == (expected.last ?? total))
        }
    }

    /// Long stretches of the largest magnitude: the sums wrap many times,
    /// their differences (box sums) stay exact.
    @Test func boxSumsStayExactWhenTheSumsWrap() {
        let n = 200_000
        let x = (0..<n).map { $0 % 3 == 0 ? Int32(-32_767) : 32_767 as Int32 }
        var sums = [Int32](repeating: 0, count: n)
        x.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { _ = RunningSums.accumulate(x.baseAddress!, count: n, into: $0.baseAddress!) }
        }
        for u in stride(from: 45, to: n, by: 997) {
            let box = (u - 44...u).reduce(Int32(0)) { $0 + x[$1] }
            #expect(sums[u] &- sums[u - 45] == box)
        }
    }
}
