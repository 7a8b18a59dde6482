import ECGRender
import Foundation

/// Simple deterministic test waveforms (not physiological: the synthesizer makes those).
enum SyntheticSignal {
    /// A square wave between `low` and `high` mV, starting low for `period/2`.
    static func square(frequency: Double = 500, seconds: Double, period: Double, low: Float = 0, high: Float = 1) -> [Float] {
        let count = Int(seconds * frequency)
        return (0..<count).map { index in
            let phase = (Double(index) / frequency).truncatingRemainder(dividingBy: period)
            return phase < period / 2 ? low : high
        }
    }

    /// A sine wave of `amplitude` mV.
    static func sine(frequency: Double = 500, seconds: Double, hertz: Double, amplitude: Float) -> [Float] {
        let count = Int(seconds * frequency)
        return (0..<count).map { Float(Double(amplitude) * sin(2 * .pi * hertz * Double($0) / frequency)) }
    }

    /// A crude PQRST complex repeated every `interval` seconds: Gaussian P, Q, R, S and T waves.
    static func pqrst(frequency: Double = 360, seconds: Double, interval: Double = 0.8, rAmplitude: Double = 1.2) -> [Float] {
        let waves: [(offset: Double, width: Double, amplitude: Double)] = [
            (-0.18, 0.025, 0.15), (-0.03, 0.008, -0.12), (0, 0.010, rAmplitude), (0.03, 0.010, -0.25), (0.25, 0.045, 0.3),
        ]
        let count = Int(seconds * frequency)
        return (0..<count).map { index in
            let t = Double(index) / frequency
            let beat = (t / interval).rounded()
            var value = 0.0
            for candidate in [beat - 1, beat, beat + 1] {
                let centre = candidate * interval + 0.3
                for wave in waves {
                    let d = (t - centre - wave.offset) / wave.width
                    value += wave.amplitude * exp(-0.5 * d * d)
                }
            }
            return Float(value)
        }
    }

    static func signal(_ values: [Float], name: String = "II", frequency: Double) -> StripSignal {
        StripSignal(name: name, samplingFrequency: frequency, millivolts: values)
    }
}
