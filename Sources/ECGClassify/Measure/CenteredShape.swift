/// A waveform with its mean taken away, in Double, and its energy: the two
/// things the Pearson correlation works out for each side of a pair. A shape
/// compared with many others (a template, the beats of a strip) is centred
/// once; the correlation is then the same sum, in the same order, as
/// ``SignalMath/correlation(_:_:)`` makes, so it gives the same value.
struct CenteredShape: Sendable {
    /// The samples minus their mean.
    let values: [Double]
    /// The sum of the squared centred samples.
    let energy: Double

    init(_ samples: ArraySlice<Float>) {
        let n = samples.count
        var energy = 0.0
        values = samples.withUnsafeBufferPointer { a in
            var sum = 0.0
            for i in 0..<n { sum += Double(a[i]) }
            let mean = sum / Double(max(1, n))
            return [Double](unsafeUninitializedCapacity: n) { out, count in
                for i in 0..<n {
                    let d = Double(a[i]) - mean
                    out[i] = d
                    energy += d * d
                }
                count = n
            }
        }
        self.energy = energy
    }

    /// Pearson correlation with another shape of the same length (0 when
    /// the lengths differ, either is flat, or there are fewer than three samples).
    func correlation(_ other: CenteredShape) -> Double {
        let n = values.count
        guard n > 2, other.values.count == n, energy > 0, other.energy > 0 else { return 0 }
        let product = values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                var sum = 0.0
                for i in 0..<n { sum += a[i] * b[i] }
                return sum
            }
        }
        return product / (energy * other.energy).squareRoot()
    }

    /// Pearson correlation of `samples` (the same length as this shape) with this shape.
    func correlation(_ samples: ArraySlice<Float>) -> Double {
        let n = values.count
        guard n > 2, samples.count == n else { return 0 }
        return samples.withUnsafeBufferPointer { a in
            values.withUnsafeBufferPointer { b in
                var sum = 0.0
                for i in 0..<n { sum += Double(a[i]) }
                let mean = sum / Double(n)
                var sab = 0.0, saa = 0.0
                for i in 0..<n {
                    let da = Double(a[i]) - mean
                    sab += da * b[i]; saa += da * da
                }
                guard saa > 0, energy > 0 else { return 0 }
                return sab / (saa * energy).squareRoot()
            }
        }
    }
}
