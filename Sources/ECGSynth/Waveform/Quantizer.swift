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
        let count = clean.count
        return [Int32](unsafeUninitializedCapacity: count) { output, initialized in
            clean.withUnsafeBufferPointer { clean in
                if let noise {
                    noise.withUnsafeBufferPointer { noise in
                        for index in 0..<count {
                            output[index] = quantize(clean[index] + noiseGain * noise[index], gain: gain, limit: limit)
                        }
                    }
                } else {
                    for index in 0..<count { output[index] = quantize(clean[index], gain: gain, limit: limit) }
                }
            }
            initialized = count
        }
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
