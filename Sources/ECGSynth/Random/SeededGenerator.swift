import Foundation
import RhythmLibrary

/// xoshiro256** (Blackman & Vigna, 2018) seeded through SplitMix64: a fast,
/// reproducible generator, so the same seed gives byte-identical strips on
/// every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator for one purpose (`stream`) of one strip (`seed`); streams
    /// are independent, so adding noise never changes the rhythm.
    public init(seed: UInt64, stream: UInt64 = 0) {
        var mixer = seed ^ (stream &* 0x9E37_79B9_7F4A_7C15)
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    @inline(__always)
    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1), 53 bits.
    @inline(__always)
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [-1, 1), 24 bits, for noise.
    @inline(__always)
    mutating func signedUnitFloat() -> Float { Float(Int32(truncatingIfNeeded: next() >> 32) >> 8) * 0x1.0p-23 }

    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    /// A value drawn uniformly from a definition's range.
    mutating func draw(_ range: ValueRange) -> Double { uniform(range.lowerBound, range.upperBound) }

    /// An integer drawn uniformly from a range of whole numbers.
    mutating func drawInt(_ range: ValueRange) -> Int {
        let low = Int(range.lowerBound.rounded()), high = Int(range.upperBound.rounded())
        return high <= low ? low : low + Int(next() % UInt64(high - low + 1))
    }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300), u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    mutating func pick<T>(_ choices: [T]) -> T { choices[Int(next() % UInt64(choices.count))] }
}

