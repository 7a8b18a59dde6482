import PropertyBased
import Testing
@testable import ECGDetect

/// The R peaks of four candidates located side by side
/// (`CandidateMeasurer.locate(peaks:recordLength:)`) against the measurer's
/// search of one window, the scalar selector's on the whole-record features
/// and a plain search in 64-bit arithmetic; and its vector primitives
/// against their plain definitions.
@Suite struct CandidateMeasurerLanesTests {
    /// A synthetic lead quantised, with stretches of square waves between
    /// the quantiser's bounds (±32 767, the largest box and baseline sums) of
    /// several periods, and a saturated stretch at the very end.
    private func lead(fs: Double) -> [Int32] {
        let (x, _) = SyntheticECG(samplingFrequency: fs, seconds: 12, heartRate: 95, noise: 0.2, seed: 31).make()
        var quantized = x.map(FeatureDesign.quantize)
        let n = quantized.count
        let design = FeatureDesign(samplingFrequency: fs)
        for (start, period) in [(n / 5, 2 * design.boxLength), (n / 2, design.baselineLength), (3 * n / 4, 3)] {
            for k in 0..<Int(fs) where start + k < n { quantized[start + k] = (k / period) % 2 == 0 ? 32_767 : -32_767 }
        }
        for k in (n - design.baselineLength)..<n { quantized[k] = k % 7 < 3 ? -32_767 : 32_767 }
        return quantized
    }

    /// The R peak of a feature peak searched as the definition reads, in
    /// 64-bit arithmetic (nothing wraps): the first largest |h| over the
    /// search window, h(u) = H · s(u − (H−1)/2) − (s(u − H + 1) + … + s(u)),
    /// samples past the ends being the end samples.
    private struct PlainSearch {
        let design: FeatureDesign
        let halfWidth: Int
        let n: Int
        /// Box sums s(u) for u in −pad ..< n + pad, at u + pad.
        private let box: [Int64]
        /// Running sums of `box`: baseline sums are differences of them.
        private let boxSums: [Int64]
        private let pad: Int

        init(_ x: [Int32], design: FeatureDesign, halfWidth: Int) {
            self.design = design
            self.halfWidth = halfWidth
            n = x.count
            pad = design.baselineLength + design.boxLength + halfWidth + design.integrationDelay + 8
            let n = x.count
            func sample(_ u: Int) -> Int64 { Int64(x[Swift.min(Swift.max(u, 0), n - 1)]) }
            var box: [Int64] = []
            for u in -pad..<(n + pad) { box.append((0..<design.boxLength).reduce(0) { $0 + sample(u - $1) }) }
            var total: Int64 = 0
            self.box = box
            boxSums = box.map { total += $0; return total }
        }

        func s(_ u: Int) -> Int64 { box[u + pad] }

        func locate(peak: Int) -> (location: Int, amplitude: Int64) {
            let (lower, upper) = design.locationWindow(peak: peak, halfWidth: halfWidth, recordLength: n)
            let H = design.baselineLength
            var best = lower, bestMagnitude: Int64 = -1, bestValue: Int64 = 0
            for t in lower...upper {
                let u = t + design.baselineDelay
                let baseline = boxSums[u + pad] - boxSums[u - H + pad]
                let h = Int64(H) * s(u - (H - 1) / 2) - baseline
                if abs(h) > bestMagnitude { (best, bestMagnitude, bestValue) = (t, abs(h), h) }
            }
            return (best, bestValue)
        }
    }

    /// At 100 Hz to 2 kHz: every feature peak `canLocateInLanes` takes (its
    /// window up to the first and the last sample of the lead; one step
    /// further it refuses), in lanes with different neighbours (and twice in
    /// one batch), gives the R peak of the single search, of the scalar
    /// selector and of the plain 64-bit search, whose values reach the
    /// largest the quantiser allows: the 32-bit sums do not overflow. Peaks
    /// it cannot take are located one by one.
    @Test(arguments: [100.0, 128, 250, 360, 500, 1000, 2000])
    func fourLanesLocateAsTheScalarSearch(fs: Double) {
        let design = FeatureDesign(samplingFrequency: fs)
        let selector = CandidateSelector(design: design)
        let x = lead(fs: fs)
        let n = x.count
        var buffer = FeatureBuffer(design: design)
        let padded = x + [Int32](repeating: x[n - 1], count: selector.lookahead + 2)
        padded.withUnsafeBufferPointer { buffer.append($0) }
        let plain = PlainSearch(x, design: design, halfWidth: selector.locationHalfWidth)
        var compared = 0, largestMagnitude: Int64 = 0
        x.map { Int16($0) }.withUnsafeBufferPointer { samples in
            CandidateMeasurer.with(design: design, locationHalfWidth: selector.locationHalfWidth,
                                   separationSpan: selector.separationSpan, samples: QuantizedLead(values: samples)) { measurer in
                let range = (0..<(n + selector.lookahead)).filter { measurer.canLocateInLanes(peak: $0, recordLength: n) }
                guard let first = range.first, let last = range.last else {
                    Issue.record("no feature peak can be located in lanes")
                    return
                }
                // The taken peaks are one run, from the first window at the
                // start of the lead to the last at its end.
                #expect(range.count == last - first + 1)
                #expect(!measurer.canLocateInLanes(peak: first - 1, recordLength: n))
                #expect(!measurer.canLocateInLanes(peak: last + 1, recordLength: n))
                // The first window starts at the first sample; the last
                // ends within the eight samples read at a time of the end.
                let rows = CandidateMeasurer.LaneRows(design, locationHalfWidth: selector.locationHalfWidth)
                func windowStart(_ peak: Int) -> Int {
                    peak - design.integrationDelay - selector.locationHalfWidth
                        - (design.boxLength - 1) / 2 - (design.baselineLength - 1) / 2
                }
                #expect(windowStart(first) == 0)
                #expect(windowStart(last) + rows.samplesRead == n)
                #expect(windowStart(last) + rows.span > n - 8)
                // Peaks it cannot take, among others: each located alone.
                for lanes in [SIMD4(first - 1, first, last, last + 1), SIMD4(0, first, n + 5, -3)] {
                    let found = measurer.locate(peaks: lanes, recordLength: n)
                    for lane in 0..<4 {
                        let single = measurer.locate(peak: lanes[lane], recordLength: n)
                        #expect(found.locations[lane] == single.location && found.amplitudes[lane] == single.amplitude)
                    }
                }
                // Every peak near the ends, and a spread between.
                let step = Swift.max(1, range.count / 700)
                var peaks = Array(range.prefix(30)) + Array(range.suffix(30))
                peaks += stride(from: first, through: last, by: step)
                for k in stride(from: 0, to: peaks.count, by: 3) {
                    // Lanes: this peak, a far one, a near one and this one again.
                    let lanes = SIMD4(peaks[k], peaks[(k * 7 + 11) % peaks.count], peaks[Swift.min(k + 1, peaks.count - 1)], peaks[k])
                    let found = measurer.locate(peaks: lanes, recordLength: n)
                    for lane in 0..<4 {
                        let peak = lanes[lane]
                        let single = measurer.locate(peak: peak, recordLength: n)
                        let scalar = selector.locate(peak: peak, in: buffer, recordLength: n)
                        let reference = plain.locate(peak: peak)
                        #expect(found.locations[lane] == single.location && found.amplitudes[lane] == single.amplitude,
                                "peak \(peak)")
                        #expect(found.locations[lane] == scalar.location && found.amplitudes[lane] == scalar.amplitude)
                        #expect(found.locations[lane] == reference.location && Int64(found.amplitudes[lane]) == reference.amplitude)
                        largestMagnitude = Swift.max(largestMagnitude, abs(reference.amplitude))
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 500)
        // The square waves drive h to near the bound H · B · 32 767 · 2.
        let bound = Int64(design.baselineLength) * Int64(design.boxLength) * 32_767 * 2
        #expect(largestMagnitude > bound / 3, "largest |h| \(largestMagnitude) of \(bound)")
    }

    /// The 16-bit multiply equals the wrapping 32-bit product for any
    /// 32-bit value and any factor under 2¹⁶.
    @Test func multiplyEqualsTheWrappingProduct() async {
        await propertyCheck(input: Gen.int32(in: .min ... .max).array(of: 4), Gen.int(in: 0...65_535)) { values, factor in
            let v = SIMD4(values[0], values[1], values[2], values[3])
            let product = CandidateMeasurer.multiply(v, by: CandidateMeasurer.multiplier(factor))
            #expect(product == v &* SIMD4(repeating: Int32(factor)))
            #expect(product == CandidateMeasurer.portableMultiply(v, by: CandidateMeasurer.multiplier(factor)))
        }
        // The extremes.
        for value: Int32 in [.min, .max, -1, 0, 1, 32_767, -32_768, 1_474_515, -1_474_515] {
            for factor in [0, 1, 401, 65_535] {
                let v = SIMD4(repeating: value)
                #expect(CandidateMeasurer.multiply(v, by: CandidateMeasurer.multiplier(factor)) == v &* SIMD4(repeating: Int32(factor)))
            }
        }
    }

    /// The transposed read equals the plain one for any samples and any
    /// four window starts.
    @Test func transposeEqualsThePlainDefinition() async {
        await propertyCheck(input: Gen.int(in: -32_768...32_767).array(of: 200), Gen.int(in: 0...(200 - 64)).array(of: 4),
                            Gen.int(in: 1...8)) { values, firsts, groups in
            let lead = values.map { Int16($0) }
            let rows = 8 * groups
            let starts = SIMD4(firsts[0], firsts[1], firsts[2], firsts[3])
            var transposed = [SIMD4<Int32>](repeating: SIMD4(repeating: 7), count: rows + 1)
            var plain = transposed
            lead.withUnsafeBufferPointer { lead in
                transposed.withUnsafeMutableBufferPointer {
                    CandidateMeasurer.transpose(lead.baseAddress!, from: starts, rows: rows, into: $0.baseAddress!)
                }
                plain.withUnsafeMutableBufferPointer {
                    CandidateMeasurer.portableTranspose(lead.baseAddress!, from: starts, rows: rows, into: $0.baseAddress!)
                }
            }
            #expect(transposed == plain)
            #expect(transposed[rows] == SIMD4(repeating: 7))
            for r in 0..<rows {
                for lane in 0..<4 { #expect(transposed[r][lane] == Int32(lead[starts[lane] + r])) }
            }
        }
    }
}
