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
    /// How many frequencies were asked for.
    let frequencyCount: Int
    /// Hann window, one value per sample.
    let window: [Double]
    /// Frequencies are taken four at a time: the phasors of block `b` at
    /// sample `k` are at `(b * count + k) * 4 + lane` (unused lanes of the
    /// last block are zero).
    static let lanes = 4
    let cosines: [Double]
    let sines: [Double]

    init(count n: Int, rate: Double, frequencies: [Double]) {
        count = n
        frequencyCount = frequencies.count
        window = (0..<n).map { index in 0.5 - 0.5 * cos(2 * Double.pi * Double(index) / Double(n - 1)) }
        let lanes = Self.lanes
        let blocks = (frequencies.count + lanes - 1) / lanes
        var cosines = [Double](repeating: 0, count: blocks * n * lanes)
        var sines = [Double](repeating: 0, count: blocks * n * lanes)
        for (column, f) in frequencies.enumerated() {
            let block = column / lanes, lane = column % lanes
            let w = 2 * Double.pi * f / rate
            var c = 1.0, s = 0.0
            let cw = cos(w), sw = sin(w)
            for k in 0..<n {
                cosines[(block * n + k) * lanes + lane] = c
                sines[(block * n + k) * lanes + lane] = s
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
        let n = count, width = frequencyCount, lanes = Self.lanes
        guard signal.count == n else { return [Double](repeating: 0, count: width) }
        let windowed = signal.withUnsafeBufferPointer { x in
            window.withUnsafeBufferPointer { window in
                [Double](unsafeUninitializedCapacity: n) { out, written in
                    for k in 0..<n { out[k] = (x[k] - m) * window[k] }
                    written = n
                }
            }
        }
        var power = [Double](repeating: 0, count: width)
        windowed.withUnsafeBufferPointer { x in
            cosines.withUnsafeBufferPointer { cosines in
                sines.withUnsafeBufferPointer { sines in
                    for block in 0..<((width + lanes - 1) / lanes) {
                        // Each frequency's sums run over the samples in order, as in a direct DFT.
                        var re0 = 0.0, re1 = 0.0, re2 = 0.0, re3 = 0.0
                        var im0 = 0.0, im1 = 0.0, im2 = 0.0, im3 = 0.0
                        let c = cosines.baseAddress! + block * n * lanes, s = sines.baseAddress! + block * n * lanes
                        for k in 0..<n {
                            let value = x[k], at = k &* 4
                            re0 += value * c[at]; re1 += value * c[at &+ 1]; re2 += value * c[at &+ 2]; re3 += value * c[at &+ 3]
                            im0 -= value * s[at]; im1 -= value * s[at &+ 1]; im2 -= value * s[at &+ 2]; im3 -= value * s[at &+ 3]
                        }
                        let re = [re0, re1, re2, re3], im = [im0, im1, im2, im3]
                        for lane in 0..<lanes where block * lanes + lane < width {
                            power[block * lanes + lane] = (re[lane] * re[lane] + im[lane] * im[lane]) / Double(n)
                        }
                    }
                }
            }
        }
        return power
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
