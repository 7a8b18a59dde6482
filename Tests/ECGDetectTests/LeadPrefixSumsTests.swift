import ECGSignal
import Testing
@testable import ECGDetect

/// The running sums of a quantised lead against sums added one by one, and
/// the box sums taken from them against boxes of the lead clamped at its ends.
@Suite struct LeadPrefixSumsTests {
    /// Sums added one by one, wrapping, from `total`.
    private func runningSums(of x: [Int32], from total: Int32 = 0) -> [Int32] {
        var sum = total
        return x.map { sum &+= $0; return sum }
    }

    /// Samples up to the quantiser's bound, and long leads whose sums wrap.
    private func lead(count: Int, seed: UInt64) -> [Int32] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int32(truncatingIfNeeded: Int64(state >> 33) % 65_535) - 32_767
        }
    }

    @Test(arguments: [0, 1, 3, 4, 15, 16, 17, 33, 1000, 4099])
    func accumulateEqualsSumsAddedOneByOne(count: Int) {
        for total: Int32 in [0, 123_456, Int32.max - 5] {
            let x = lead(count: count, seed: UInt64(count) &+ 7)
            var sums = [Int32](repeating: 0, count: count)
            let last = x.withUnsafeBufferPointer { x in
                sums.withUnsafeMutableBufferPointer { sums in
                    LeadPrefixSums.accumulate(x.baseAddress ?? UnsafePointer(bitPattern: 4)!, count: count,
                                              into: sums.baseAddress ?? UnsafeMutablePointer(bitPattern: 4)!, from: total)
                }
            }
            let expected = runningSums(of: x, from: total)
            #expect(sums == expected)
            #expect(last == (expected.last ?? total))
        }
    }

    /// A lead of 200 000 samples of the largest magnitude: its running sums
    /// wrap many times, the box sums stay exact.
    @Test func boxSumsStayExactWhenTheSumsWrap() {
        let n = 200_000
        let x = (0..<n).map { $0 % 3 == 0 ? Int32(-32_767) : 32_767 as Int32 }
        let sums = runningSums(of: x)
        sums.withUnsafeBufferPointer { sums in
            let p = LeadPrefixSums(sums.baseAddress!, count: n)
            for u in stride(from: 44, to: n, by: 997) {
                let box = (u - 44...u).reduce(Int32(0)) { $0 + x[$1] }
                #expect(p[u] &- p[u - 45] == box)
            }
        }
    }

    /// Every box of every length the designs use (3 to 45 samples), at
    /// every position from before the start to past the end of short and
    /// longer leads, equals the box of the lead continued by its end samples.
    @Test(arguments: [1, 2, 5, 44, 300])
    func boxSumsPastTheEndsCountTheEndSamples(count n: Int) {
        let x = lead(count: n, seed: 3)
        let sums = runningSums(of: x)
        func clamped(_ u: Int) -> Int32 { x[Swift.min(Swift.max(u, 0), n - 1)] }
        sums.withUnsafeBufferPointer { sums in
            let p = LeadPrefixSums(sums.baseAddress!, count: n)
            for box in [3, 7, 45] {
                for u in -60..<(n + 60) {
                    let expected = (u - box + 1...u).reduce(Int32(0)) { $0 &+ clamped($1) }
                    #expect(p[u] &- p[u - box] == expected, "box \(box) at \(u) of \(n)")
                }
            }
        }
    }

    /// The record path quantises in chunks and adds up the running sums per
    /// chunk; over several chunks, with invalid samples (replaced after the
    /// pass) at the start, inside and at the end, the sums are those of the
    /// quantised lead.
    @Test func recordPathSumsSpanChunksAndInvalidSamples() {
        let lead = Lead(name: "II", units: "mV", gain: 200, baseline: 12, adcResolution: 16)
        var raw = self.lead(count: 9_001, seed: 5).map { $0 / 8 }
        for i in [0, 1, 2, 2047, 2048, 5000, 9_000] { raw[i] = WFDB.invalidSample }
        for withInvalid in [false, true] {
            let samples = withInvalid ? raw : raw.map { $0 == WFDB.invalidSample ? 0 : $0 }
            var quantized = [Int32](repeating: 0, count: samples.count)
            var sums = [Int32](repeating: 0, count: samples.count)
            samples.withUnsafeBufferPointer { samples in
                quantized.withUnsafeMutableBufferPointer { quantized in
                    sums.withUnsafeMutableBufferPointer { sums in
                        RPeakDetector.quantize(samples, description: lead, into: QuantizedLeadBuffers(
                            samples: quantized.baseAddress!, prefixSums: sums.baseAddress!))
                    }
                }
            }
            #expect(sums == runningSums(of: quantized))
            #expect(Set(quantized).count > 1000)
        }
    }
}
