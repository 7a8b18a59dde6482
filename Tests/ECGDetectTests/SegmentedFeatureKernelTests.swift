import PropertyBased
import Testing
@testable import ECGDetect

/// The kernel's vector primitives agree with their plain lane-wise
/// definitions (the whole kernel is compared with the scalar features in
/// `RPeakDetectorTests`).
@Suite struct SegmentedFeatureKernelTests {
    typealias Vector = SegmentedFeatureKernel.Vector

    /// Every value from 0 to 2¹⁷ (past the limit, the 16-bit saturation and
    /// the unsigned 16-bit range), sixteen lanes at a time.
    @Test func squareOfAtMostLimitEqualsThePlainDefinitionUpTo2To17() {
        var mismatches = 0
        var c = Vector(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        for _ in 0..<(1 << 17) / 16 {
            if SegmentedFeatureKernel.squareOfAtMostLimit(c) != SegmentedFeatureKernel.portableSquareOfAtMostLimit(c) {
                mismatches += 1
            }
            c &+= 16
        }
        #expect(mismatches == 0)
        let limit = FeatureDesign.slopeLimit
        #expect(SegmentedFeatureKernel.squareOfAtMostLimit(Vector(repeating: limit - 1))[0] == (limit - 1) * (limit - 1))
        #expect(SegmentedFeatureKernel.squareOfAtMostLimit(Vector(repeating: .max))[15] == limit * limit)
    }

    /// Any non-negative 32-bit values in the lanes.
    @Test func squareOfAtMostLimitEqualsThePlainDefinitionForAnyNonNegativeValue() async {
        await propertyCheck(input: Gen.int32(in: 0 ... .max).array(of: 16)) { values in
            var c = Vector()
            for k in 0..<16 { c[k] = values[k] }
            let squares = SegmentedFeatureKernel.squareOfAtMostLimit(c)
            #expect(squares == SegmentedFeatureKernel.portableSquareOfAtMostLimit(c))
            for k in 0..<16 {
                let limited = Int64(min(values[k], FeatureDesign.slopeLimit))
                #expect(Int64(squares[k]) == limited * limited)
            }
        }
    }

    /// The 16-bit storage of the quantised lead: narrowing and widening
    /// sixteen values agree with the plain lane-wise conversions and give
    /// back every value of the quantiser's range (and 16-bit extremes).
    @Test func narrowAndWidenEqualThePlainConversions() async {
        await propertyCheck(input: Gen.int32(in: -32_768 ... 32_767).array(of: 16)) { values in
            var v = Vector()
            for k in 0..<16 { v[k] = values[k] }
            let narrow = QuantizedLead.narrow(v)
            #expect(narrow == QuantizedLead.portableNarrow(v))
            #expect(QuantizedLead.widen(narrow) == QuantizedLead.portableWiden(narrow))
            #expect(QuantizedLead.widen(narrow) == v)
        }
    }

    /// Four rows of sixteen lanes from 16-bit samples `stride` apart: lane k
    /// of row r is sample k·stride + r, widened with its sign, in the x
    /// slots of the stage rows (every third vector), the other slots
    /// untouched; the SSE2 and the portable versions agree.
    @Test(arguments: [4, 5, 37, 256])
    func transposeFourRowsPutsEachLanesSamplesInItsRows(stride: Int) async {
        await propertyCheck(input: Gen.int32(in: -32_768 ... 32_767).array(of: 16 * 4)) { values in
            var samples = [Int16](repeating: 7, count: 16 * stride + 4)
            for k in 0..<16 { for r in 0..<4 { samples[k * stride + r] = Int16(values[4 * k + r]) } }
            let marker = Vector(repeating: -99)
            var rows = [Vector](repeating: marker, count: 12)
            var portable = rows
            samples.withUnsafeBufferPointer { p in
                rows.withUnsafeMutableBufferPointer { SegmentedFeatureKernel.transposeFourRows(from: p.baseAddress!, stride: stride, into: $0.baseAddress!) }
                portable.withUnsafeMutableBufferPointer {
                    SegmentedFeatureKernel.portableTransposeFourRows(from: p.baseAddress!, stride: stride, into: $0.baseAddress!)
                }
            }
            #expect(rows == portable)
            for r in 0..<4 {
                for k in 0..<16 { #expect(rows[3 * r][k] == values[4 * k + r]) }
                #expect(rows[3 * r + 1] == marker && rows[3 * r + 2] == marker)
            }
        }
    }

    /// The lanes where a change is at most 0 come back as negative bytes and
    /// as bits in lane order, for any changes (also at and near 0 and the
    /// 8- and 16-bit saturation limits).
    @Test(arguments: [Int32.min ... .max, -300...300, -70_000...70_000])
    func notRisingBytesAndTheirBitsAreTheLanesWithoutARise(range: ClosedRange<Int32>) async {
        await propertyCheck(input: Gen.int32(in: range).array(of: 16)) { values in
            var change = Vector()
            for k in 0..<16 { change[k] = values[k] }
            let bytes = SegmentedFeatureKernel.notRisingBytes(change)
            let portable = SegmentedFeatureKernel.portableNotRisingBytes(change)
            var expected: UInt32 = 0
            for k in 0..<16 {
                #expect((bytes[k] < 0) == (values[k] <= 0))
                #expect((portable[k] < 0) == (values[k] <= 0))
                if values[k] <= 0 { expected |= 1 << UInt32(k) }
            }
            #expect(SegmentedFeatureKernel.signBits(bytes) == expected)
            #expect(SegmentedFeatureKernel.portableSignBits(bytes) == expected)
        }
    }

    /// The kernel's local maxima equal the scalar `FeatureBuffer`'s for
    /// records shorter than a lane's warm-up, of one to a few samples per
    /// lane, not a multiple of sixteen, and long enough at 2 kHz for the
    /// stage strip to restart inside the four-row blocks.
    @Test(arguments: [(360.0, 1), (360, 2), (360, 17), (360, 250), (360, 5_003), (100, 4_801), (2000, 70_001)])
    func maximaEqualTheScalarOnesAtAnyLength(fs: Double, n: Int) {
        let design = FeatureDesign(samplingFrequency: fs)
        let (synthetic, _) = SyntheticECG(samplingFrequency: fs, seconds: Double(n) / fs + 1, noise: 0.3, seed: 11).make()
        let x = Array(synthetic.prefix(n))
        let lookahead = CandidateSelector(design: design).lookahead
        let features = x.withUnsafeBufferPointer { SegmentedFeatureKernel(design: design, lookahead: lookahead).run($0) }
        // The scalar reference pads the end with the last sample (LeadStream.finish).
        var buffer = FeatureBuffer(design: design)
        let q = x.map(FeatureDesign.quantize) + [Int32](repeating: FeatureDesign.quantize(x[n - 1]), count: lookahead + 2)
        q.withUnsafeBufferPointer { buffer.append($0) }
        var scalarMaxima: [LocalMaximum] = []
        for j in 0..<(n - 1) {
            let v = buffer.feature(j)
            if v > 0, v > buffer.feature(j - 1), v >= buffer.feature(j + 1) {
                scalarMaxima.append(LocalMaximum(index: j, height: v))
            }
        }
        #expect(features.maxima.filter { $0.index < n - 1 } == scalarMaxima)
        if n > 1000 { #expect(scalarMaxima.count > n / 200) }
    }
}
