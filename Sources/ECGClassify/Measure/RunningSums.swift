/// The running sums of a signal (in Double), from which centred moving
/// averages of any width are read. Several averages of one signal share
/// them: each average is exactly what ``SignalMath/movingAverage(_:width:)``
/// gives, as that makes its own running sums the same way.
struct RunningSums: Sendable {
    let signal: [Float]
    /// Element `i` is the sum of the first `i` samples.
    let sums: [Double]

    init(_ signal: [Float]) {
        self.signal = signal
        let n = signal.count
        sums = signal.withUnsafeBufferPointer { xs in
            [Double](unsafeUninitializedCapacity: n + 1) { p, count in
                var sum = 0.0
                p[0] = 0
                for i in 0..<n {
                    sum += Double(xs[i])
                    p[i + 1] = sum
                }
                count = n + 1
            }
        }
    }

    /// Centred moving average over `width` samples (edges use the samples available).
    func movingAverage(width: Int) -> [Float] {
        let n = signal.count
        guard n > 0, width > 1 else { return signal }
        let half = width / 2
        // Interior samples have the whole window; the edges use what there is.
        // Each output is the same difference of sums over the same count either way.
        let firstFull = min(n, half), lastFull = max(firstFull, min(n, n - width + half + 1))
        return sums.withUnsafeBufferPointer { p in
            [Float](unsafeUninitializedCapacity: n) { out, count in
                for i in 0..<firstFull {
                    let lo = max(0, i - half), hi = min(n, i - half + width)
                    out[i] = Float((p[hi] - p[lo]) / Double(hi - lo))
                }
                if firstFull < lastFull {
                    let divisor = Double(width)
                    var lo = p.baseAddress! + (firstFull - half), hi = lo + width
                    for i in firstFull..<lastFull {
                        out[i] = Float((hi.pointee - lo.pointee) / divisor)
                        lo += 1
                        hi += 1
                    }
                }
                for i in lastFull..<n {
                    let lo = max(0, i - half), hi = min(n, i - half + width)
                    out[i] = Float((p[hi] - p[lo]) / Double(hi - lo))
                }
                count = n
            }
        }
    }
}
