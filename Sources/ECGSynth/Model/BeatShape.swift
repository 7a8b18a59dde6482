import RhythmLibrary

/// The waveform of one ventricular depolarisation and its repolarisation, as
/// kernels in lead II.
struct BeatShape {
    typealias Morphology = SynthesisParameters.Morphology

    var onset: Double
    var morphology: Morphology
    /// QRS duration, s.
    var duration: Double
    /// Main deflection size, mV (always positive; `polarity` gives the sign).
    var amplitude: Double
    /// +1 upright, −1 inverted main deflection (ventricular foci).
    var polarity: Double
    /// T-wave amplitude as a fraction of `amplitude`.
    var tFraction: Double
    /// QT interval, s, from QRS onset to T end.
    var qt: Double
    /// Size of the q and s waves of a narrow complex, fractions of the R wave.
    var qFraction: Double = 0.1
    var sFraction: Double = 0.2

    /// The kernels of the complex and the time of its main peak (where the beat is annotated).
    func kernels() -> (kernels: [WaveKernel], peak: Double) {
        // The kernels' outer tails are too shallow to see; stretch the support
        // so the visible QRS (where a reader puts onset and end) lasts `duration`.
        let d = duration * (morphology == .normal ? 1.28 : 1.3), t0 = onset, a = amplitude
        var kernels: [WaveKernel] = []
        let peak: Double
        let tAmplitude: Double
        // Wide complexes have no isoelectric ST segment: the T wave leaves from the J point.
        var stSegment = 0.02
        switch morphology {
        case .normal:
            kernels.append(WaveKernel(from: t0, to: t0 + 0.30 * d, amplitude: -qFraction * a))
            kernels.append(WaveKernel(from: t0 + 0.15 * d, to: t0 + 0.80 * d, amplitude: a))
            kernels.append(WaveKernel(from: t0 + 0.55 * d, to: t0 + d, peakAt: 0.45, amplitude: -sFraction * a))
            peak = t0 + 0.475 * d
            tAmplitude = tFraction * a
            stSegment = 0.04
        case .lbbb:
            // Broad, notched R with no septal q; T discordant.
            kernels.append(WaveKernel(from: t0, to: t0 + 0.72 * d, peakAt: 0.5, amplitude: 0.78 * a))
            kernels.append(WaveKernel(from: t0 + 0.30 * d, to: t0 + d, peakAt: 0.5, amplitude: 0.82 * a))
            peak = t0 + 0.62 * d
            tAmplitude = -tFraction * a
        case .rbbb:
            // qR followed by a broad, slurred terminal S; T opposite to the terminal S.
            kernels.append(WaveKernel(from: t0, to: t0 + 0.22 * d, amplitude: -0.08 * a))
            kernels.append(WaveKernel(from: t0 + 0.08 * d, to: t0 + 0.55 * d, amplitude: a))
            kernels.append(WaveKernel(from: t0 + 0.42 * d, to: t0 + d, peakAt: 0.45, amplitude: -0.38 * a))
            peak = t0 + 0.315 * d
            tAmplitude = 0.7 * tFraction * a
        case .ventricular, .paced:
            // A small initial deflection, then a broad main one with a slow return; T opposite.
            let sign = morphology == .paced ? -1.0 : polarity
            kernels.append(WaveKernel(from: t0, to: t0 + 0.22 * d, amplitude: -sign * 0.06 * a))
            kernels.append(WaveKernel(from: t0 + 0.06 * d, to: t0 + d, peakAt: 0.38, amplitude: sign * a))
            peak = t0 + 0.06 * d + 0.38 * 0.94 * d
            tAmplitude = -sign * tFraction * a
            // No isoelectric ST segment: the T wave leaves straight from the J point.
            stSegment = 0
        }
        let tStart = t0 + d + stSegment
        let tEnd = max(t0 + qt, tStart + 0.12)
        // At fast rates there is little room between the QRS and the next beat:
        // the T wave shrinks into the complex, as in fast VT, instead of peaking.
        let room = qt - d
        let tScale = min(1, max(0.3, room / 0.2))
        kernels.append(WaveKernel(from: tStart, to: tEnd, peakAt: 0.62, amplitude: tAmplitude * tScale))
        return (kernels, peak)
    }

    /// QT for a preceding R–R interval: Bazett's QTc·√RR, lengthened by a wide QRS,
    /// kept inside the cycle.
    static func qt(qtc: Double, rr: Double, duration: Double) -> Double {
        let rr = min(max(rr, 0.25), 2.4)
        let qt = qtc * rr.squareRoot() + max(0, duration - 0.10)
        return min(max(qt, duration + 0.12), max(0.85 * rr, duration + 0.14), 0.62)
    }
}
