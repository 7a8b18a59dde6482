import ECGSignal

/// One asymmetric Gaussian bump of the waveform (P, Q, R, S or T), in seconds
/// and millivolts. It is drawn over ±3σ, shifted so it is exactly zero there.
struct WaveKernel {
    var center: Double
    var sigmaLeft: Double
    var sigmaRight: Double
    var amplitude: Double

    init(center: Double, sigmaLeft: Double, sigmaRight: Double, amplitude: Double) {
        self.center = center
        self.sigmaLeft = sigmaLeft
        self.sigmaRight = sigmaRight
        self.amplitude = amplitude
    }

    /// A kernel spanning exactly `start...end`, peaking at `start + peakFraction × (end − start)`.
    init(from start: Double, to end: Double, peakAt peakFraction: Double = 0.5, amplitude: Double) {
        let peak = start + peakFraction * (end - start)
        self.init(center: peak, sigmaLeft: (peak - start) / 3, sigmaRight: (end - peak) / 3, amplitude: amplitude)
    }

    var start: Double { center - 3 * sigmaLeft }
    var end: Double { center + 3 * sigmaRight }
}

/// A pacemaker stimulus: a one-sample spike with a short recovery.
struct PacingSpike {
    var time: Double
    var amplitude: Double
}

/// A value that varies smoothly in time, given at evenly spaced knots.
struct KnotCurve {
    var start: Double
    var step: Double
    var values: [Double]

    /// Cosine-interpolated value at time `t` (held constant outside the knots).
    func value(at t: Double) -> Double {
        let position = (t - start) / step
        if position <= 0 { return values[0] }
        let index = Int(position)
        if index >= values.count - 1 { return values[values.count - 1] }
        let fraction = position - Double(index)
        let smooth = fraction * fraction * (3 - 2 * fraction)
        return values[index] + (values[index + 1] - values[index]) * smooth
    }
}

/// Activity not made of discrete beats, drawn sample by sample.
enum ContinuousWave {
    /// Atrial fibrillatory waves: two wandering oscillators.
    case atrialFibrillation(Oscillation)
    /// Atrial flutter sawtooth between consecutive flutter-wave onsets.
    case flutter(onsets: [Double], amplitudes: [Double], end: Double)
    /// Ventricular fibrillation.
    case ventricularFibrillation(Oscillation)
    /// Slow wandering of the baseline (asystole).
    case drift(start: Double, end: Double, curve: KnotCurve)

    /// Wandering oscillators summed: frequency and amplitude curves per component.
    struct Oscillation {
        var start: Double
        var end: Double
        /// Peak-to-peak scale, mV.
        var amplitude: Double
        var frequencies: [KnotCurve]
        var gains: [KnotCurve]
        var weights: [Double]
        var phases: [Double]
        /// Fade in or out over this many seconds at segment joins.
        var fadeIn: Double
        var fadeOut: Double

        /// The fade factor (0 to 1) at time `t`.
        @inline(__always)
        func fade(at t: Double) -> Double {
            guard fadeIn > 0 || fadeOut > 0 else { return 1 }
            var fade = 1.0
            if fadeIn > 0 { fade = min(fade, (t - start) / fadeIn) }
            if fadeOut > 0 { fade = min(fade, (end - t) / fadeOut) }
            return max(0, min(1, fade))
        }
    }
}

/// An annotation at a time in seconds, before conversion to samples.
struct TimedAnnotation {
    var time: Double
    var code: AnnotationCode
    var aux: String?
}

/// Everything one rhythm segment contributes to a strip.
struct StripEvents {
    var kernels: [WaveKernel] = []
    var spikes: [PacingSpike] = []
    var waves: [ContinuousWave] = []
    var annotations: [TimedAnnotation] = []
    /// Onset of the last ventricular depolarisation, for clean joins.
    var lastVentricularOnset: Double = -.infinity
}
