import Foundation

/// `scale × exp(−(n − m)²/2s²)` at eight consecutive samples n, advanced
/// eight samples a step without a transcendental call per sample.
///
/// For a Gaussian g(n + 8) = g(n)·R(n) with R(n) = exp(−(16(n − m) + 64)/2s²),
/// and R(n + 8) = R(n)·q⁶⁴ with q = exp(−1/s²): two multiplications a step.
/// Lanes start exact (from three `exp` calls in Double); Float rounding then
/// grows by a few units in the last place a step, so callers set new lanes
/// every `run` samples.
struct GaussianLanes {
    /// Samples after which callers should start new lanes.
    static let run = 256

    /// The values at the current eight samples.
    var values: SIMD8<Float>
    private var ratios: SIMD8<Float>
    private let step: Float

    /// Lanes for samples `start` to `start + 7` of a Gaussian centred on sample
    /// `m` (fractional) with width `s` samples, multiplied by `scale`.
    @inline(__always)
    init(start: Int, centre m: Double, width s: Double, scale: Double) {
        let inverse = 1 / (2 * s * s)
        let q = exp(-2 * inverse)                  // r(n + 1) / r(n)
        let d = Double(start) - m
        var g = exp(-d * d * inverse) * scale
        var r = exp(-(2 * d + 1) * inverse)        // g(n + 1) / g(n) at n = start
        let firstRatio = r
        var values = SIMD8<Float>()
        for lane in 0..<8 {
            values[lane] = Float(g)
            g *= r
            r *= q
        }
        // R(start + k) = r(start)⁸·q²⁸·q^(8k).
        let q2 = q * q, q4 = q2 * q2, q8 = q4 * q4
        let r2 = firstRatio * firstRatio, r4 = r2 * r2
        var ratio = r4 * r4 * q8 * q8 * q8 * q4
        var ratios = SIMD8<Float>()
        for lane in 0..<8 {
            ratios[lane] = Float(ratio)
            ratio *= q8
        }
        let q16 = q8 * q8, q32 = q16 * q16
        self.values = values
        self.ratios = ratios
        step = Float(q32 * q32)
    }

    /// Moves the lanes eight samples on.
    @inline(__always)
    mutating func advance() {
        values *= ratios
        ratios *= step
    }
}
