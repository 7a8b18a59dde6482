/// sin(2πx) for many x at once, lane-wise, so loops over it vectorise (no
/// table lookups, no calls).
enum Sine {
    /// Coefficients of sin(πt) ≈ t(1 − t²)(c₀ + c₁t² + c₂t⁴ + c₃t⁶) on [−1, 1]
    /// (least squares with the zeros at 0 and ±1 built in; largest error 7.6·10⁻⁶).
    static let c0: Float = 3.1415353, c1: Float = -2.0249136, c2: Float = 0.51784817, c3: Float = -0.06394685

    /// sin(2πx) for |x| < 2²², to about 10⁻⁵.
    @inline(__always)
    static func cycles(_ x: SIMD8<Float>) -> SIMD8<Float> {
        // Nearest whole cycle by the 1.5·2²³ rounding trick (add, then subtract: lane-wise adds only).
        let magic = SIMD8<Float>(repeating: 12_582_912)
        var whole = x + magic
        whole -= magic
        var t = x - whole
        t += t                          // t in [−1, 1]: sin(2πx) = sin(πt)
        let u = t * t
        var p = c3 * u
        p += c2
        p *= u
        p += c1
        p *= u
        p += c0
        var zeros = 1 - u
        zeros *= t
        return zeros * p
    }
}
