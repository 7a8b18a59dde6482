/// Eight independent xorshift128 generators (Marsaglia, 2003, "Xorshift
/// RNGs", J. Stat. Softw. 8(14)), one per SIMD lane, for noise made in
/// parallel segments: one call gives 32 random bits to each lane.
///
/// Chosen for vector code: only shifts and exclusive ors, which SSE2 has for
/// 32-bit lanes (the rotations and multiplications of xoshiro128** fall back
/// to scalar code there). Its period is 2¹²⁸ − 1 per lane; its known
/// weaknesses (linear dependencies in the lowest bits, found by BigCrush) are
/// irrelevant for band-pass-filtered noise. Each lane is seeded from its own
/// draws of a `SeededGenerator`, so the streams are reproducible.
struct LaneGenerator {
    private var x = SIMD8<UInt32>(), y = SIMD8<UInt32>(), z = SIMD8<UInt32>(), w = SIMD8<UInt32>()

    init(seededFrom generator: inout SeededGenerator) {
        for lane in 0..<8 {
            var state = (generator.next(), generator.next())
            // xorshift128 must not start from the all-zero state.
            if state.0 == 0, state.1 == 0 { state.0 = 1 }
            x[lane] = UInt32(truncatingIfNeeded: state.0)
            y[lane] = UInt32(truncatingIfNeeded: state.0 >> 32)
            z[lane] = UInt32(truncatingIfNeeded: state.1)
            w[lane] = UInt32(truncatingIfNeeded: state.1 >> 32)
        }
    }

    @inline(__always)
    mutating func next() -> SIMD8<UInt32> {
        let t = x ^ (x &<< 11)
        x = y
        y = z
        z = w
        w = w ^ (w &>> 19) ^ t ^ (t &>> 8)
        return w
    }
}
