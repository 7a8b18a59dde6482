import Foundation

/// One side of a kernel: `amplitude × (exp(−(n − m)²/2s²) − e^−4.5) / (1 − e^−4.5)`
/// added to samples `n`, the Gaussian shifted and scaled to reach exactly 0 at 3s.
///
/// Eight samples at a time by `GaussianLanes` (two multiplications a step, no
/// transcendental call per sample); runs shorter than eight samples by the
/// same recurrence in Double.
enum GaussianFlank {
    static let floor = exp(-4.5)

    @inline(__always)
    static func add(into out: UnsafeMutablePointer<Float>, from first: Int, to end: Int,
                    centre m: Double, width s: Double, amplitude: Double) {
        let scale = amplitude / (1 - floor)
        let offset = Float(scale * floor)
        if end - first < 8 {
            let inverse = 1 / (2 * s * s)
            let q = exp(-2 * inverse)
            let d = Double(first) - m
            var g = exp(-d * d * inverse) * scale
            var r = exp(-(2 * d + 1) * inverse)
            for n in first..<end {
                out[n] += Float(g) - offset
                g *= r
                r *= q
            }
            return
        }
        let offsets = SIMD8<Float>(repeating: offset)
        var start = first
        while start < end {
            let stop = min(end, start + GaussianLanes.run)
            var lanes = GaussianLanes(start: start, centre: m, width: s, scale: scale)
            var n = start
            while n + 8 <= stop {
                let pointer = UnsafeMutableRawPointer(out + n)
                var sum = pointer.loadUnaligned(as: SIMD8<Float>.self)
                sum += lanes.values
                sum -= offsets
                pointer.storeBytes(of: sum, as: SIMD8<Float>.self)
                lanes.advance()
                n &+= 8
            }
            for lane in 0..<(stop - n) { out[n + lane] += lanes.values[lane] - offset }
            start = stop
        }
    }
}
