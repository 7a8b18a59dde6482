/// sin(2πx) for many x at once, lane-wise, so loops over it vectorise (no
/// table lookups, no calls).
enum Sine {
    /// Coefficients of sin(2πt) ≈ t(¼ − t²)(d₀ + d₁t² + d₂t⁴) on [−½, ½]
    /// (near-minimax with the zeros at 0 and ±½ built in; largest error
    /// 2.9·10⁻⁴, far below one ADC step at the amplitudes drawn with it).
    static let d0: Float = 25.112276, d1: Float = -63.835869, d2: Float = 55.523064

    /// The polynomial's coefficients times a gain, so the gain costs no
    /// multiply per sample.
    struct Scaled {
        let d0: Float, d1: Float, d2: Float

        init(gain: Float) {
            d0 = gain * Sine.d0
            d1 = gain * Sine.d1
            d2 = gain * Sine.d2
        }
    }

    /// `gain` · sin(2πx) for |x| < 2²², to 2.9·10⁻⁴ of the gain.
    @inline(__always)
    static func cycles(_ x: SIMD8<Float>, times gain: Scaled) -> SIMD8<Float> {
        // Nearest whole cycle by the 1.5·2²³ rounding trick (add, then subtract: lane-wise adds only).
        let magic = SIMD8<Float>(repeating: 12_582_912)
        var whole = x + magic
        whole -= magic
        let t = x - whole               // t in [−½, ½]: sin(2πx) = sin(2πt)
        let u = t * t
        var p = gain.d2 * u
        p += gain.d1
        p *= u
        p += gain.d0
        var zeros = 0.25 - u
        zeros *= t
        return zeros * p
    }
}
