import Foundation
import Synchronization

/// The parts of ``SignalMath/spectrum(_:samplingFrequency:frequencies:targetRate:)``
/// that depend only on the signal's length, its rate and the frequencies
/// asked for: the Hann window and, for each frequency, the phasor rotated
/// sample by sample. Every strip of a record has the same shape, so these are
/// made once and shared; the phasors are produced by the same rotation
/// recurrence as before, so the power is bit for bit what a direct
/// computation gives.
final class SpectrumPlan: Sendable {
    let count: Int
    let rate: Double
    let frequencies: [Double]
    /// Hann window, one value per sample.
    let window: [Double]
    /// Real and imaginary parts of the phasor at sample `k` for frequency `f`, at `k * frequencies.count + f`.
    let cosines: [Double]
    let sines: [Double]

    init(count n: Int, rate: Double, frequencies: [Double]) {
        count = n
        self.rate = rate
        self.frequencies = frequencies
        window = (0..<n).map { index in 0.5 - 0.5 * cos(2 * Double.pi * Double(index) / Double(n - 1)) }
        let width = frequencies.count
        var cosines = [Double](repeating: 0, count: n * width)
        var sines = [Double](repeating: 0, count: n * width)
        for (column, f) in frequencies.enumerated() {
            let w = 2 * Double.pi * f / rate
            var c = 1.0, s = 0.0
            let cw = cos(w), sw = sin(w)
            for k in 0..<n {
                cosines[k * width + column] = c
                sines[k * width + column] = s
                let nc = c * cw - s * sw
                s = s * cw + c * sw
                c = nc
            }
        }
        self.cosines = cosines
        self.sines = sines
    }

    /// Power at each frequency of `signal` (`count` samples) once `mean` is removed and the window applied.
    func power(_ signal: [Double], mean m: Double) -> [Double] {
        let width = frequencies.count
        var re = [Double](repeating: 0, count: width), im = [Double](repeating: 0, count: width)
        signal.withUnsafeBufferPointer { x in
            window.withUnsafeBufferPointer { window in
                cosines.withUnsafeBufferPointer { cosines in
                    sines.withUnsafeBufferPointer { sines in
                        re.withUnsafeMutableBufferPointer { re in
                            im.withUnsafeMutableBufferPointer { im in
                                var row = 0
                                for k in 0..<count {
                                    let value = (x[k] - m) * window[k]
                                    for f in 0..<width {
                                        re[f] += value * cosines[row + f]
                                        im[f] -= value * sines[row + f]
                                    }
                                    row += width
                                }
                            }
                        }
                    }
                }
            }
        }
        return (0..<width).map { f in (re[f] * re[f] + im[f] * im[f]) / Double(count) }
    }

    private struct Key: Hashable {
        var count: Int
        var rate: Double
        var frequencies: [Double]
    }

    /// Plans made so far (a handful: one per strip length and frequency grid).
    private static let plans = Mutex<[Key: SpectrumPlan]>([:])
    /// More shapes than this (unusual strip lengths) start the cache afresh.
    private static let capacity = 32

    /// The plan for this shape, made on first use.
    static func shared(count: Int, rate: Double, frequencies: [Double]) -> SpectrumPlan {
        let key = Key(count: count, rate: rate, frequencies: frequencies)
        if let plan = plans.withLock({ $0[key] }) { return plan }
        let plan = SpectrumPlan(count: count, rate: rate, frequencies: frequencies)
        plans.withLock { plans in
            if plans.count >= capacity { plans.removeAll() }
            plans[key] = plan
        }
        return plan
    }
}
