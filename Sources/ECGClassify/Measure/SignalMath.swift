import Foundation

/// Small signal-processing helpers on `[Float]` used by the measurements.
enum SignalMath {
    /// Centred moving average over `width` samples (edges use the samples available).
    static func movingAverage(_ x: [Float], width: Int) -> [Float] {
        let n = x.count
        guard n > 0, width > 1 else { return x }
        var prefix = [Double](repeating: 0, count: n + 1)
        for i in 0..<n { prefix[i + 1] = prefix[i] + Double(x[i]) }
        let half = width / 2
        var out = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let lo = max(0, i - half), hi = min(n, i - half + width)
            out[i] = Float((prefix[hi] - prefix[lo]) / Double(hi - lo))
        }
        return out
    }

    /// The signal minus its moving average: a crude high-pass filter.
    static func highPass(_ x: [Float], width: Int) -> [Float] {
        let baseline = movingAverage(x, width: width)
        return zip(x, baseline).map { $0 - $1 }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// The `p` quantile (0...1). Long inputs are thinned to about 1200 evenly
    /// spaced samples first: the estimate is as good for these signal
    /// statistics and keeps a 30-minute record well inside its time budget.
    static func percentile(_ values: [Float], _ p: Double) -> Float {
        guard !values.isEmpty else { return 0 }
        var sample = thinned(values)
        let k = min(sample.count - 1, max(0, Int((p * Double(sample.count - 1)).rounded())))
        return select(&sample, k)
    }

    /// Median absolute value, a robust spread estimate.
    static func medianAbsolute(_ x: [Float]) -> Float {
        guard !x.isEmpty else { return 0 }
        var sample = thinned(x).map { abs($0) }
        return select(&sample, sample.count / 2)
    }

    private static func thinned(_ values: [Float]) -> [Float] {
        let step = max(1, values.count / 1200)
        guard step > 1 else { return values }
        return stride(from: 0, to: values.count, by: step).map { values[$0] }
    }

    /// The k-th smallest element (Hoare's quickselect; reorders `values`).
    static func select(_ values: inout [Float], _ k: Int) -> Float {
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
        var sa = 0.0, sb = 0.0
        var ia = a.startIndex, ib = b.startIndex
        for _ in 0..<n { sa += Double(a[ia]); sb += Double(b[ib]); ia += 1; ib += 1 }
        let ma = sa / Double(n), mb = sb / Double(n)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        ia = a.startIndex; ib = b.startIndex
        for _ in 0..<n {
            let da = Double(a[ia]) - ma, db = Double(b[ib]) - mb
            sab += da * db; saa += da * da; sbb += db * db
            ia += 1; ib += 1
        }
        guard saa > 0, sbb > 0 else { return 0 }
        return sab / (saa * sbb).squareRoot()
    }

    /// The means of consecutive blocks of `step` samples (a partial block at
    /// the end is dropped): a cheap decimation for analyses that need only a
    /// low rate.
    static func blockAverages(_ x: [Float], step: Int) -> [Double] {
        var averages: [Double] = []
        averages.reserveCapacity(x.count / step + 1)
        var start = 0
        while start + step <= x.count {
            var sum = 0.0
            for k in start..<(start + step) { sum += Double(x[k]) }
            averages.append(sum / Double(step))
            start += step
        }
        return averages
    }

    /// Power spectrum by direct DFT at the given frequencies (Hz) of a signal
    /// decimated to about `targetRate` Hz; strips are short, so this is cheap.
    static func spectrum(_ x: [Float], samplingFrequency fs: Double, frequencies: [Double], targetRate: Double = 50) -> [Double] {
        let step = max(1, Int(fs / targetRate))
        let decimated = blockAverages(x, step: step)
        let rate = fs / Double(step)
        let n = decimated.count
        guard n > 8 else { return frequencies.map { _ in 0 } }
        let m = decimated.reduce(0, +) / Double(n)
        // Hann window against leakage from the strip edges.
        let windowed = decimated.enumerated().map { index, value in
            (value - m) * (0.5 - 0.5 * cos(2 * Double.pi * Double(index) / Double(n - 1)))
        }
        return frequencies.map { f in
            let w = 2 * Double.pi * f / rate
            var re = 0.0, im = 0.0
            // Goertzel-free direct sum with a rotating phasor.
            var c = 1.0, s = 0.0
            let cw = cos(w), sw = sin(w)
            for value in windowed {
                re += value * c
                im -= value * s
                let nc = c * cw - s * sw
                s = s * cw + c * sw
                c = nc
            }
            return (re * re + im * im) / Double(n)
        }
    }
}

