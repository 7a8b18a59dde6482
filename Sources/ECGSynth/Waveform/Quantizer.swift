/// Signal statistics and quantisation in single passes over the buffers.
enum Quantizer {
    /// Mean-removed power (mV²) of a buffer, accumulated in 8 lanes so it vectorises.
    static func power(_ values: [Float]) -> Double {
        guard !values.isEmpty else { return 0 }
        var sums = SIMD8<Double>(), squares = SIMD8<Double>()
        values.withUnsafeBufferPointer { buffer in
            let blocks = buffer.count / 8
            var partial = SIMD8<Float>(), partialSquares = SIMD8<Float>()
            for block in 0..<blocks {
                var lane = SIMD8<Float>()
                for offset in 0..<8 { lane[offset] = buffer[block * 8 + offset] }
                partial += lane
                partialSquares += lane * lane
                // Fold into Double every 4096 blocks to keep Float sums accurate.
                if block & 4095 == 4095 {
                    sums += SIMD8<Double>(partial)
                    squares += SIMD8<Double>(partialSquares)
                    partial = SIMD8<Float>()
                    partialSquares = SIMD8<Float>()
                }
            }
            sums += SIMD8<Double>(partial)
            squares += SIMD8<Double>(partialSquares)
            for index in (blocks * 8)..<buffer.count {
                sums[0] += Double(buffer[index])
                squares[0] += Double(buffer[index]) * Double(buffer[index])
            }
        }
        let count = Double(values.count)
        let mean = sums.sum() / count
        return max(0, squares.sum() / count - mean * mean)
    }

    /// Digital samples of `clean + noiseGain × noise` at `gain` units per mV:
    /// rounded half away from zero and clamped to the ADC range, exactly as
    /// `ECGRecord(millivolts:)` quantises.
    static func digitize(_ clean: [Float], noise: [Float]?, noiseGain: Float, gain: Double, adcResolution: Int) -> [Int32] {
        let limit = Double((1 << (adcResolution - 1)) - 1)
        let floatGain = Float(gain)
        let count = clean.count
        return [Int32](unsafeUninitializedCapacity: count) { output, initialized in
            clean.withUnsafeBufferPointer { clean in
                let out = output.baseAddress!, source = clean.baseAddress!
                let blocks = count / 8
                if let noise {
                    noise.withUnsafeBufferPointer { noise in
                        let noisy = noise.baseAddress!
                        for block in 0..<blocks {
                            let offset = block &* 8
                            var value = UnsafeRawPointer(noisy + offset).loadUnaligned(as: SIMD8<Float>.self)
                            value *= noiseGain
                            value += UnsafeRawPointer(source + offset).loadUnaligned(as: SIMD8<Float>.self)
                            UnsafeMutableRawPointer(out + offset).storeBytes(of: quantize(value, gain: gain, floatGain: floatGain, limit: limit), as: SIMD8<Int32>.self)
                        }
                        for index in (blocks * 8)..<count {
                            output[index] = quantize(clean[index] + noiseGain * noise[index], gain: gain, limit: limit)
                        }
                    }
                } else {
                    for block in 0..<blocks {
                        let offset = block &* 8
                        let value = UnsafeRawPointer(source + offset).loadUnaligned(as: SIMD8<Float>.self)
                        UnsafeMutableRawPointer(out + offset).storeBytes(of: quantize(value, gain: gain, floatGain: floatGain, limit: limit), as: SIMD8<Int32>.self)
                    }
                    for index in (blocks * 8)..<count { output[index] = quantize(clean[index], gain: gain, limit: limit) }
                }
            }
            initialized = count
        }
    }

    /// `quantize(_:gain:limit:)` of eight values at once, the same results,
    /// mostly in Float lanes so it vectorises.
    ///
    /// The Float product differs from the Double one by at most
    /// |v|·(2⁻²³ + 2⁻⁴⁸) ≤ 0.004 for |v| < 32767 (rounding of the gain and of the
    /// product). Where every lane lies in the ADC range and farther than 1/128
    /// from a half, the nearest integer of the Float product is the Double
    /// rounding's; otherwise (about one block in ten) the scalar path decides.
    @inline(__always)
    static func quantize(_ millivolts: SIMD8<Float>, gain: Double, floatGain: Float, limit: Double) -> SIMD8<Int32> {
        let value = millivolts * floatGain
        // Sign and magnitude by bit masks (lane-wise integer ands vectorise; selects cost more).
        let bits = unsafeBitCast(value, to: SIMD8<UInt32>.self)
        let sign = bits & 0x8000_0000
        let magnitude = unsafeBitCast(bits & 0x7FFF_FFFF, to: SIMD8<Float>.self)
        let magic = SIMD8<Float>(repeating: 12_582_912)   // 1.5·2²³: adding it rounds to a whole number
        var nearest = magnitude + magic
        nearest -= magic
        let distance = unsafeBitCast(unsafeBitCast(magnitude - nearest, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
        let safe = (distance .< 0.5 - 1.0 / 128) .& (magnitude .< Float(limit - 1))
        guard all(safe) else {
            var result = SIMD8<Int32>()
            for lane in 0..<8 { result[lane] = quantize(millivolts[lane], gain: gain, limit: limit) }
            return result
        }
        let signed = unsafeBitCast(unsafeBitCast(nearest, to: SIMD8<UInt32>.self) | sign, to: SIMD8<Float>.self)
        // |signed| < 2²²: the integer is in the low bits of `signed + 1.5·2²³`.
        let biased = signed + magic
        return unsafeBitCast(biased, to: SIMD8<Int32>.self) &- Int32(bitPattern: magic[0].bitPattern)
    }

    /// `millivolts × gain` clamped to ±`limit` (at most 2³¹ − 1) and rounded half
    /// away from zero, i.e. `Int32(clamped ± 0.5)` truncated, without the range
    /// checks of a Double-to-integer conversion: the integer comes from the bits
    /// of `t + 2⁵²`, whose unit in the last place is 1.
    @inline(__always)
    static func quantize(_ millivolts: Float, gain: Double, limit: Double) -> Int32 {
        let value = Double(millivolts) * gain
        // Comparisons are false for NaN, so even a NaN (never produced) lands on -limit.
        let low = value > -limit ? value : -limit
        let clamped = low < limit ? low : limit
        let magnitude = clamped < 0 ? -clamped : clamped
        // The same Double rounding as `clamped ± 0.5` (symmetric under round-to-nearest).
        let shifted = magnitude + 0.5
        let magic = 0x1.0p52
        let biased = shifted + magic
        // biased − magic is `shifted` rounded to nearest; one less when that rounded up: the floor.
        var integer = Int32(truncatingIfNeeded: Int64(bitPattern: biased.bitPattern))
        integer &-= (biased - magic > shifted) ? 1 : 0
        return clamped < 0 ? 0 &- integer : integer
    }
}
