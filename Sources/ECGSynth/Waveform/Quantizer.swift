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
    /// `ECGRecord(millivolts:)` quantises. (Truncating `v ± 0.5` in Double is
    /// exact here and, unlike `rounded()`, compiles to vector code.)
    static func digitize(_ clean: [Float], noise: [Float]?, noiseGain: Float, gain: Double, adcResolution: Int) -> [Int32] {
        let limit = Double((1 << (adcResolution - 1)) - 1)
        let count = clean.count
        @inline(__always) func quantize(_ millivolts: Float) -> Int32 {
            let value = Double(millivolts) * gain
            // NaN (never produced, but never trap on it) becomes 0.
            guard value == value else { return 0 }
            let clamped = min(max(value, -limit), limit)
            return Int32(clamped + (clamped < 0 ? -0.5 : 0.5))
        }
        return [Int32](unsafeUninitializedCapacity: count) { output, initialized in
            clean.withUnsafeBufferPointer { clean in
                if let noise {
                    noise.withUnsafeBufferPointer { noise in
                        for index in 0..<count { output[index] = quantize(clean[index] + noiseGain * noise[index]) }
                    }
                } else {
                    for index in 0..<count { output[index] = quantize(clean[index]) }
                }
            }
            initialized = count
        }
    }
}
