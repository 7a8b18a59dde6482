/// Features of a whole window that need no R peaks, for VF, polymorphic VT
/// and asystole: amplitude, dominant frequency and how concentrated the
/// spectrum is (organisation), how much of the time the trace is steep
/// (QRS-like), flat, or changing in amplitude.
struct ArrestFeatureExtractor: Sendable {
    let fs: Double

    init(samplingFrequency: Double) { fs = samplingFrequency }

    /// `hp`: the strip, lightly smoothed and with the baseline removed, mV;
    /// `rPeaks`: the detector's beats on it (sample indices), for how often their shapes recur.
    func features(_ hp: [Float], rPeaks: [Int] = []) -> StripMeasurements.ArrestFeatures {
        let n = hp.count
        guard n > Int(fs) else {
            return .init(peakToPeak: 0, dominantFrequency: 0, spectralConcentration: 0, steepFraction: 0, flatFraction: 1, amplitudeModulation: 0)
        }
        let p2p = Double(SignalMath.percentile(hp, 0.985) - SignalMath.percentile(hp, 0.015))
        let frequencies = stride(from: 1.0, through: 12.0, by: 0.25).map { $0 }
        let power = SignalMath.spectrum(hp, samplingFrequency: fs, frequencies: frequencies)
        let total = power.reduce(0, +)
        var peakIndex = 0
        for i in power.indices where power[i] > power[peakIndex] { peakIndex = i }
        let dominant = frequencies[peakIndex]
        var near = 0.0
        for (f, p) in zip(frequencies, power) where abs(f - dominant) <= 0.5 || abs(f - 2 * dominant) <= 0.5 { near += p }
        let concentration = total > 0 ? near / total : 0
        // Steep: faster than a sine of the same peak-to-peak at 9 Hz could be.
        // Judged after a further 20 ms smoothing: a QRS keeps most of its slope,
        // broadband muscle noise (which made fine VF at 12 dB look steep) does not.
        let steepLimit = Float(Double.pi * 9 * max(p2p, 0.05) / fs)
        // Three moving averages of the strip read from one set of running sums.
        let sums = RunningSums(hp)
        let smoothed = sums.movingAverage(width: max(1, Int((0.02 * fs).rounded())))
        var steep = 0
        for i in 1..<n where abs(smoothed[i] - smoothed[i - 1]) > steepLimit { steep += 1 }
        // Peak-to-peak of each whole second (flat seconds, and their median).
        let block = Int(fs)
        let blockRanges = stride(from: 0, to: max(0, n - block + 1), by: block).map { start -> Double in
            Self.peakToPeak(hp, start..<(start + block))
        }
        let flat = blockRanges.filter { $0 < 0.12 }.count, blocks = blockRanges.count
        let half = max(1, Int(0.5 * fs))
        let blockAmplitudes = stride(from: 0, to: max(0, n - half + 1), by: half).map { start -> Double in
            Self.peakToPeak(hp, start..<(start + half))
        }
        let blockPeakToPeak = SignalMath.median(blockRanges) ?? p2p
        let meanAmplitude = SignalMath.mean(blockAmplitudes)
        let modulation = meanAmplitude > 0 ? SignalMath.standardDeviation(blockAmplitudes) / meanAmplitude : 0
        // 3-10 Hz band: difference of two moving averages (about 50 ms and 300 ms).
        let fast = sums.movingAverage(width: max(1, Int(0.05 * fs)))
        let slow = sums.movingAverage(width: max(1, Int(0.3 * fs)))
        var bandPower = 0.0
        for i in 0..<n { let v = Double(fast[i] - slow[i]); bandPower += v * v }
        let bandRMS = (bandPower / Double(n)).squareRoot()
        let shapes = BeatRecurrence.measure(hp, rPeaks: rPeaks, samplingFrequency: fs)
        let baselineBand = Float(0.08 * p2p)
        var quiet = 0
        for v in fast where abs(v) < baselineBand { quiet += 1 }
        return .init(peakToPeak: blockPeakToPeak, dominantFrequency: dominant, spectralConcentration: concentration,
                     steepFraction: Double(steep) / Double(n), flatFraction: blocks > 0 ? Double(flat) / Double(blocks) : 1,
                     amplitudeModulation: modulation, bandRMS: bandRMS, isoelectricFraction: Double(quiet) / Double(n),
                     waveSize: Self.typicalWaveSize(smoothed),
                     beatRecurrence: shapes.recurrence, detectedBeatRate: shapes.rate,
                     cycleRate: CycleLength.seconds(hp, samplingFrequency: fs).map { 60 / $0 },
                     vfFilterLeakage: VFFilterLeakage.leakage(hp))
    }

    /// Largest minus smallest sample of `x` in `range` (non-empty, inside `x`).
    static func peakToPeak(_ x: [Float], _ range: Range<Int>) -> Double {
        x.withUnsafeBufferPointer { x in
            var low = x[range.lowerBound], high = low
            for i in range.dropFirst() {
                let v = x[i]
                if v > high { high = v }
                if v < low { low = v }
            }
            return Double(high - low)
        }
    }

    /// The median rise or fall between successive turning points of `signal`
    /// (mV); reversals smaller than 0.01 mV (noise on a wave) are not turning points.
    static func typicalWaveSize(_ signal: [Float]) -> Double {
        guard var extreme = signal.first else { return 0 }
        let hysteresis: Float = 0.01
        var rising = true, started = false
        var lastTurn = extreme
        var swings: [Double] = []
        for value in signal.dropFirst() {
            if !started {
                if abs(value - extreme) > hysteresis { rising = value > extreme; started = true; lastTurn = extreme; extreme = value }
                continue
            }
            if rising ? value > extreme : value < extreme {
                extreme = value
            } else if abs(value - extreme) > hysteresis {
                swings.append(Double(abs(extreme - lastTurn)))
                lastTurn = extreme
                extreme = value
                rising.toggle()
            }
        }
        return SignalMath.median(swings) ?? 0
    }
}
