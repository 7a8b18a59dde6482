import Foundation

/// Small signal-processing helpers on `[Float]` used by the measurements.
enum SignalMath {
    /// Centred moving average over `width` samples (edges use the samples available).
    static func movingAverage(_ x: [Float], width: Int) -> [Float] {
        guard !x.isEmpty, width > 1 else { return x }
        return RunningSums(x).movingAverage(width: width)
    }

    /// Whether every sample is a finite number. Branch-free so that it
    /// vectorises: adding one to an exponent field of all ones (infinity,
    /// NaN) carries into the top bit, which no finite sample's does.
    static func allFinite(_ x: [Float]) -> Bool {
        x.withUnsafeBufferPointer { x in
            var carried: UInt32 = 0
            for v in x { carried |= (v.bitPattern & 0x7f80_0000) &+ 0x0080_0000 }
            return carried & 0x8000_0000 == 0
        }
    }

    /// The samples not blanked, in order: `a[i] - b[i]`, or `a[i]` without `b`.
    static func unblanked(_ a: [Float], minus b: [Float]? = nil, blanked: [Bool]) -> [Float] {
        let n = min(a.count, blanked.count, b?.count ?? a.count)
        return a.withUnsafeBufferPointer { a in
            blanked.withUnsafeBufferPointer { blanked in
                [Float](unsafeUninitializedCapacity: n) { out, count in
                    var k = 0
                    if let b {
                        b.withUnsafeBufferPointer { b in
                            for i in 0..<n where !blanked[i] { out[k] = a[i] - b[i]; k &+= 1 }
                        }
                    } else {
                        for i in 0..<n where !blanked[i] { out[k] = a[i]; k &+= 1 }
                    }
                    count = k
                }
            }
        }
    }

    /// The signal minus its moving average: a crude high-pass filter.
    static func highPass(_ x: [Float], width: Int) -> [Float] {
        let baseline = movingAverage(x, width: width)
        return difference(x, baseline)
    }

    /// `a[i] - b[i]` for every sample of two equal-length signals.
    static func difference(_ a: [Float], _ b: [Float]) -> [Float] {
        let n = min(a.count, b.count)
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                [Float](unsafeUninitializedCapacity: n) { out, count in
                    for i in 0..<n { out[i] = pa[i] - pb[i] }
                    count = n
                }
            }
        }
    }

    static func median(_ values: [Double]) -> Double? {
        median(sorted: values.sorted())
    }

    /// The median of values already in ascending order.
    static func median(sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// The `p` quantile (0...1). Long inputs are thinned to about 1200 evenly
    /// spaced samples first: the estimate is as good for these signal
    /// statistics and keeps a 30-minute record well inside its time budget.
    static func percentile(_ values: [Float], _ p: Double) -> Float {
        guard !values.isEmpty else { return 0 }
        var sample = thinned(values, absolute: false)
        let k = min(sample.count - 1, max(0, Int((p * Double(sample.count - 1)).rounded())))
        return select(&sample, k)
    }

    /// How far each sample stands out from its two neighbours,
    /// x(i) − (x(i − 1) + x(i + 1)) / 2 (0 at the ends): the bend a pacing
    /// spike makes within one sample.
    static func secondDifferences(_ x: [Float]) -> [Float] {
        let n = x.count
        var bends = [Float](repeating: 0, count: n)
        guard n > 2 else { return bends }
        for i in 1..<(n - 1) { bends[i] = x[i] - 0.5 * (x[i - 1] + x[i + 1]) }
        return bends
    }

    /// Replaces `x[lo...hi]` by the straight line from `x[lo]` to `x[hi]`
    /// (a spike blanked so that the complex is measured without it); nothing
    /// when `hi <= lo`.
    static func bridge(_ x: inout [Float], from lo: Int, to hi: Int) {
        guard hi > lo else { return }
        let a = x[lo], b = x[hi]
        for i in lo...hi { x[i] = a + (b - a) * Float(i - lo) / Float(hi - lo) }
    }

    /// Median absolute value, a robust spread estimate.
    static func medianAbsolute(_ x: [Float]) -> Float {
        guard !x.isEmpty else { return 0 }
        var sample = thinned(x, absolute: true)
        return select(&sample, sample.count / 2)
    }

    /// Every `step`-th value (`step` = count / 1200, at least 1), made absolute if asked.
    private static func thinned(_ values: [Float], absolute: Bool) -> [Float] {
        let step = max(1, values.count / 1200)
        let count = (values.count + step - 1) / step
        return values.withUnsafeBufferPointer { v in
            [Float](unsafeUninitializedCapacity: count) { out, written in
                var j = 0
                for k in 0..<count {
                    out[k] = absolute ? abs(v[j]) : v[j]
                    j += step
                }
                written = count
            }
        }
    }

    /// The k-th smallest element (Hoare's quickselect; reorders `values`).
    static func select(_ values: inout [Float], _ k: Int) -> Float {
        values.withUnsafeMutableBufferPointer { values in
            var lo = 0, hi = values.count - 1
            while lo < hi {
                let pivot = values[(lo + hi) / 2]
                var i = lo, j = hi
                while i <= j {
                    while values[i] < pivot { i += 1 }
                    while values[j] > pivot { j -= 1 }
                    if i <= j { values.swapAt(i, j); i += 1; j -= 1 }
                }
                if k <= j { hi = j } else if k >= i { lo = i } else { return values[k] }
            }
            return values[k]
        }
    }

    /// How an index into sorted values is taken from a fraction of the last index.
    enum IndexRule: Sendable {
        /// Toward zero (`Int(0.85 * (count - 1))`).
        case truncated
        /// To the nearest index.
        case rounded
    }

    /// The 15th-85th percentile spread of `sorted` (ascending, not empty): the
    /// value at 0.85 of the last index minus the one at 0.15, the indices
    /// taken by `rule` (the callers have always differed in this).
    static func middleSpread(_ sorted: [Double], _ rule: IndexRule) -> Double {
        let last = Double(sorted.count - 1)
        switch rule {
        case .truncated: return sorted[Int(0.85 * last)] - sorted[Int(0.15 * last)]
        case .rounded: return sorted[Int((0.85 * last).rounded())] - sorted[Int((0.15 * last).rounded())]
        }
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let m = mean(values)
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
    }

    /// Pearson correlation of two equal-length slices.
    static func correlation(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
        let n = min(a.count, b.count)
        guard n > 2 else { return 0 }
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var sa = 0.0, sb = 0.0
                for i in 0..<n { sa += Double(a[i]); sb += Double(b[i]) }
                let ma = sa / Double(n), mb = sb / Double(n)
                var sab = 0.0, saa = 0.0, sbb = 0.0
                for i in 0..<n {
                    let da = Double(a[i]) - ma, db = Double(b[i]) - mb
                    sab += da * db; saa += da * da; sbb += db * db
                }
                guard saa > 0, sbb > 0 else { return 0 }
                return sab / (saa * sbb).squareRoot()
            }
        }
    }

    /// The means of consecutive blocks of `step` samples (a partial block at
    /// the end is dropped): a cheap decimation for analyses that need only a
    /// low rate.
    static func blockAverages(_ x: [Float], step: Int) -> [Double] {
        let count = x.count / step
        return x.withUnsafeBufferPointer { xs in
            [Double](unsafeUninitializedCapacity: count) { averages, written in
                var start = 0
                for b in 0..<count {
                    var sum = 0.0
                    for k in start..<(start + step) { sum += Double(xs[k]) }
                    averages[b] = sum / Double(step)
                    start += step
                }
                written = count
            }
        }
    }

    /// Power spectrum by direct DFT at the given frequencies (Hz) of a signal
    /// decimated to about `targetRate` Hz; strips are short, so this is cheap.
    /// The Hann window and the rotating phasors depend only on the length,
    /// rate and frequencies, so they come from a ``SpectrumPlan`` shared by
    /// every strip of that shape.
    static func spectrum(_ x: [Float], samplingFrequency fs: Double, frequencies: [Double], targetRate: Double = 50) -> [Double] {
        let step = max(1, Int(fs / targetRate))
        let decimated = blockAverages(x, step: step)
        let rate = fs / Double(step)
        let n = decimated.count
        guard n > 8 else { return frequencies.map { _ in 0 } }
        let m = decimated.reduce(0, +) / Double(n)
        let plan = SpectrumPlan.shared(count: n, rate: rate, frequencies: frequencies)
        return plan.power(decimated, mean: m)
    }
}
