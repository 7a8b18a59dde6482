#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// A lead quantised (`FeatureDesign.quantize`: integer microvolts, |x| ≤
/// 32 767), stored in 16 bits.
///
/// The quantise pass writes the whole lead and the kernel and
/// `CandidateMeasurer` read it back: in 16 bits that traffic is half that of
/// 32 (1.3 MB for a 30-minute lead at 360 Hz, which also fits the 2 MB
/// level-2 cache); the readers widen what they load to 32 bits (a shuffle
/// and a shift per four samples on SSE2).
struct QuantizedLead {
    let values: UnsafeBufferPointer<Int16>

    /// Samples of the lead.
    var count: Int { values.count }

    /// Sample `i` (in `0 ..< count`).
    @inline(__always)
    subscript(i: Int) -> Int32 { Int32(values[i]) }

    /// Sixteen quantised values in 16 bits: `packssdw`, which saturates,
    /// exact for values that fit.
    @inline(__always)
    static func narrow(_ v: SIMD16<Int32>) -> SIMD16<Int16> {
        #if arch(x86_64)
        @inline(__always) func pack(_ v: SIMD8<Int32>) -> SIMD8<Int16> {
            unsafeBitCast(_mm_packs_epi32(unsafeBitCast(v.lowHalf, to: __m128i.self), unsafeBitCast(v.highHalf, to: __m128i.self)),
                          to: SIMD8<Int16>.self)
        }
        return SIMD16(lowHalf: pack(v.lowHalf), highHalf: pack(v.highHalf))
        #else
        return portableNarrow(v)
        #endif
    }

    /// `narrow` in plain lane-wise code.
    static func portableNarrow(_ v: SIMD16<Int32>) -> SIMD16<Int16> {
        SIMD16<Int16>(truncatingIfNeeded: v)
    }

    /// Sixteen values widened to 32 bits (`widenHalves` of each half).
    @inline(__always)
    static func widen(_ v: SIMD16<Int16>) -> SIMD16<Int32> {
        #if arch(x86_64)
        @inline(__always) func widen(_ v: SIMD8<Int16>) -> SIMD8<Int32> {
            let (low, high) = widenHalves(unsafeBitCast(v, to: __m128i.self))
            return SIMD8(lowHalf: low, highHalf: high)
        }
        return SIMD16(lowHalf: widen(v.lowHalf), highHalf: widen(v.highHalf))
        #else
        return portableWiden(v)
        #endif
    }

    #if arch(x86_64)
    /// The eight 16-bit values of an SSE2 register widened to 32 bits, four
    /// in each half: each half interleaved with itself (`punpcklwd`,
    /// `punpckhwd`) and shifted right arithmetically by 16. (The kernel's
    /// and the measurer's transpositions widen their rows with it.)
    @inline(__always)
    static func widenHalves(_ v: __m128i) -> (low: SIMD4<Int32>, high: SIMD4<Int32>) {
        (unsafeBitCast(_mm_srai_epi32(_mm_unpacklo_epi16(v, v), 16), to: SIMD4<Int32>.self),
         unsafeBitCast(_mm_srai_epi32(_mm_unpackhi_epi16(v, v), 16), to: SIMD4<Int32>.self))
    }
    #endif

    /// `widen` in plain lane-wise code.
    static func portableWiden(_ v: SIMD16<Int16>) -> SIMD16<Int32> {
        SIMD16<Int32>(truncatingIfNeeded: v)
    }
}
