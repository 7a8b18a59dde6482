import Foundation
import PropertyBased
import Testing
@testable import ECGSynth

/// The branch-free quantiser against the plain formula it replaces.
@Suite struct QuantizerTests {
    /// `Int32(clamped ± 0.5)`, the rounding of `ECGRecord(millivolts:)`.
    static func reference(_ millivolts: Float, gain: Double, limit: Double) -> Int32 {
        let value = Double(millivolts) * gain
        let clamped = Double.minimum(Double.maximum(value, -limit), limit)
        return Int32(clamped + (clamped < 0 ? -0.5 : 0.5))
    }

    @Test func matchesTheReferenceOnRandomValues() async {
        await propertyCheck(input: Gen.int(in: -2_000_000...2_000_000), Gen.int(in: 0...3)) { micro, setting in
            let gain = [200.0, 1000, 2000, 123.456][setting]
            let millivolts = Float(micro) * 1e-5
            for limit in [2047.0, 32767] {
                #expect(Quantizer.quantize(millivolts, gain: gain, limit: limit) == Self.reference(millivolts, gain: gain, limit: limit))
            }
        }
    }

    @Test func matchesTheReferenceAtHalvesAndEdges() {
        var values: [Float] = [0, -0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .infinity, -.infinity,
                               .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
        for k in -40_000...40_000 {
            let half = Float(k) + 0.5
            values += [half, half.nextUp, half.nextDown, Float(k), Float(k).nextUp, Float(k).nextDown]
        }
        for value in values {
            for (gain, limit) in [(1.0, 32767.0), (1.0, 2047), (0.5, 32767), (200, 32767), (3.3, 127)] {
                #expect(Quantizer.quantize(value, gain: gain, limit: limit) == Self.reference(value, gain: gain, limit: limit),
                        "\(value) × \(gain), limit \(limit)")
            }
        }
        #expect(Quantizer.quantize(.nan, gain: 200, limit: 2047) == -2047)
    }
}

/// The eight-lane quantiser gives the scalar one's results lane by lane.
@Suite struct LaneQuantizerTests {
    @Test func lanesMatchTheScalarQuantiser() async {
        await propertyCheck(input: Gen.int(in: -4_000_000...4_000_000), Gen.int(in: 0...3)) { micro, setting in
            let gain = [200.0, 1000, 2000, 123.456][setting]
            var values = SIMD8<Float>()
            for lane in 0..<8 { values[lane] = Float(micro + lane * 37_123 - 150_000) * 1e-5 + (lane == 3 ? 0.5 / Float(gain) : 0) }
            for limit in [2047.0, 32767] {
                let lanes = Quantizer.quantize(values, gain: gain, floatGain: Float(gain), limit: limit)
                for lane in 0..<8 {
                    #expect(lanes[lane] == Quantizer.quantize(values[lane], gain: gain, limit: limit))
                }
            }
        }
    }

    @Test func lanesMatchAtHalvesEdgesAndSpecialValues() {
        var values: [Float] = [0, -0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .infinity, -.infinity,
                               .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .nan]
        for k in -3000...3000 {
            let half = Float(k) + 0.5
            values += [half, half.nextUp, half.nextDown, Float(k), Float(k).nextUp, Float(k).nextDown]
        }
        while values.count % 8 != 0 { values.append(0.25) }
        for (gain, limit) in [(1.0, 32767.0), (1.0, 2047), (0.5, 32767), (200, 32767), (3.3, 127)] {
            for start in stride(from: 0, to: values.count, by: 8) {
                var lane = SIMD8<Float>()
                for offset in 0..<8 { lane[offset] = values[start + offset] }
                let result = Quantizer.quantize(lane, gain: gain, floatGain: Float(gain), limit: limit)
                for offset in 0..<8 {
                    #expect(result[offset] == Quantizer.quantize(lane[offset], gain: gain, limit: limit),
                            "\(lane[offset]) × \(gain), limit \(limit)")
                }
            }
        }
    }
}
