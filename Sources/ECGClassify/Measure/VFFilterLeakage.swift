/// The VF filter of Kuo and Dillman (Computers in Cardiology 1978), as
/// described by Amann et al. (BioMed Eng OnLine 2005;4:60): VF is close to a
/// sine wave, so a notch filter tuned to the signal's own mean period removes
/// most of it; an ECG of narrow QRS complexes and flat baselines "leaks"
/// through. Low leakage means VF-like.
enum VFFilterLeakage {
    /// Leakage of `signal` (baseline removed) through a notch at its mean
    /// period: 0 for a pure sine, near 1 for sharp isolated complexes.
    static func leakage(_ signal: [Float]) -> Double {
        signal.withUnsafeBufferPointer(leakage)
    }

    private static func leakage(_ signal: UnsafeBufferPointer<Float>) -> Double {
        let n = signal.count
        guard n > 4 else { return 1 }
        var sumAbs = 0.0, sumDiff = 0.0
        for i in 0..<n { sumAbs += Double(abs(signal[i])) }
        for i in 1..<n { sumDiff += Double(abs(signal[i] - signal[i - 1])) }
        guard sumDiff > 0 else { return 1 }
        // Mean half-period in samples: for a sine of period T samples, sum|x| / sum|dx| = T / (2 pi).
        let halfPeriod = Int((Double.pi * sumAbs / sumDiff).rounded())
        guard halfPeriod >= 1, halfPeriod < n else { return 1 }
        var through = 0.0, total = 0.0
        for i in halfPeriod..<n {
            through += Double(abs(signal[i] + signal[i - halfPeriod]))
            total += Double(abs(signal[i]) + abs(signal[i - halfPeriod]))
        }
        return total > 0 ? through / total : 1
    }
}
