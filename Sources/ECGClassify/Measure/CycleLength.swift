/// The repeat period of a strip from its autocorrelation, as pitch detectors
/// find it: the shortest lag whose autocorrelation peak comes within
/// `subharmonicTolerance` of the highest. A rhythm of beats repeats at its R-R
/// (or a group of beats, as in bigeminy); the sine-like waves of torsades and
/// flutter repeat at their own fast cycle even where the R-peak detector marks
/// only every other wave.
enum CycleLength {
    /// Lags searched: 0.2 s (300/min) to 2 s (30/min).
    static let shortest = 0.2, longest = 2.0
    /// A shorter peak this close to the highest one is the true period, the higher one a multiple.
    static let subharmonicTolerance = 0.8
    /// The signal is averaged down to about this rate first (the cycle needs no more).
    static let analysisRate = 50.0

    /// Cycle length in seconds, or nil when no lag repeats the signal (autocorrelation peak below 0.2).
    static func seconds(_ signal: [Float], samplingFrequency fs: Double) -> Double? {
        let step = max(1, Int((fs / analysisRate).rounded()))
        let rate = fs / Double(step)
        var x = SignalMath.blockAverages(signal, step: step)
        let mean = x.reduce(0, +) / Double(max(1, x.count))
        for i in x.indices { x[i] -= mean }
        let energy = x.reduce(0) { $0 + $1 * $1 }
        let minLag = max(1, Int((shortest * rate).rounded())), maxLag = Int((longest * rate).rounded())
        guard energy > 0, x.count > maxLag + minLag else { return nil }
        var r = [Double](repeating: 0, count: maxLag + 2)
        x.withUnsafeBufferPointer { x in
            let count = x.count
            // Four lags at a time share the loads of x[i]; each lag's sum still
            // runs over i in order. The pairs the shorter lags have beyond the
            // longest lag's range are added after, in order too.
            var lag = minLag - 1
            while lag <= maxLag + 1 {
                let width = min(4, maxLag + 2 - lag)
                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                let common = count - (lag + width - 1)
                if width == 4 {
                    for i in 0..<common {
                        let v = x[i]
                        s0 += v * x[i &+ lag]; s1 += v * x[i &+ lag &+ 1]; s2 += v * x[i &+ lag &+ 2]; s3 += v * x[i &+ lag &+ 3]
                    }
                    for i in common..<(count - lag) { s0 += x[i] * x[i + lag] }
                    for i in common..<(count - lag - 1) { s1 += x[i] * x[i + lag + 1] }
                    for i in common..<(count - lag - 2) { s2 += x[i] * x[i + lag + 2] }
                    for k in 0..<4 {
                        let s = [s0, s1, s2, s3][k]
                        // Normalised for the shrinking overlap, so long lags are not penalised.
                        r[lag + k] = s / energy * Double(count) / Double(count - lag - k)
                    }
                } else {
                    for k in 0..<width {
                        var s = 0.0
                        for i in 0..<(count - lag - k) { s += x[i] * x[i + lag + k] }
                        r[lag + k] = s / energy * Double(count) / Double(count - lag - k)
                    }
                }
                lag += width
            }
        }
        var peaks: [(lag: Int, value: Double)] = []
        for lag in minLag...maxLag where r[lag] > r[lag - 1] && r[lag] >= r[lag + 1] {
            peaks.append((lag, r[lag]))
        }
        guard let best = peaks.max(by: { $0.value < $1.value }), best.value >= 0.2 else { return nil }
        let first = peaks.first { $0.value >= subharmonicTolerance * best.value } ?? best
        return Double(first.lag) / rate
    }
}
