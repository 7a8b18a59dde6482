import Foundation

/// Draws a segment's kernels, spikes and continuous waves into a sample buffer.
///
/// Each kernel is evaluated only over its support (±3σ) from a precomputed
/// table, which keeps synthesis far above real time.
enum WaveformRenderer {
    /// Gaussian exp(−x²/2) for x in [0, 3], shifted and scaled to reach exactly 0 at 3.
    static let gaussianResolution = 2048
    static let gaussian: [Float] = {
        let floor = exp(-4.5)
        return (0...gaussianResolution + 1).map { index in
            let x = 3 * Double(min(index, gaussianResolution)) / Double(gaussianResolution)
            return Float((exp(-x * x / 2) - floor) / (1 - floor))
        }
    }()

    /// One period of sin, for the oscillators.
    static let sineResolution = 4096
    static let sine: [Float] = (0...sineResolution).map { Float(sin(2 * Double.pi * Double($0) / Double(sineResolution))) }

    static func render(_ events: StripEvents, into buffer: inout [Float], samplingFrequency fs: Double) {
        buffer.withUnsafeMutableBufferPointer { out in
            gaussian.withUnsafeBufferPointer { table in
                for kernel in events.kernels { draw(kernel, into: out, table: table, fs: fs) }
            }
            for spike in events.spikes { draw(spike, into: out, fs: fs) }
            for wave in events.waves { draw(wave, into: out, fs: fs) }
        }
    }

    @inline(__always)
    private static func draw(_ kernel: WaveKernel, into out: UnsafeMutableBufferPointer<Float>,
                             table: UnsafeBufferPointer<Float>, fs: Double) {
        let count = out.count
        let scale = Double(gaussianResolution) / 3
        let amplitude = Float(kernel.amplitude)
        let first = max(0, Int((kernel.start * fs).rounded(.up)))
        let split = min(count, max(0, Int((kernel.center * fs).rounded(.up))))
        let last = min(count - 1, Int((kernel.end * fs).rounded(.down)))
        if first < split, kernel.sigmaLeft > 0 {
            // Left flank: table position falls from the support edge to the peak.
            let step = scale / (kernel.sigmaLeft * fs)
            let position = (kernel.center - Double(first) / fs) / kernel.sigmaLeft * scale
            for offset in 0..<(split - first) {
                let index = tableIndex(position - step * Double(offset))
                out[first &+ offset] += amplitude * table[index]
            }
        }
        if split <= last, kernel.sigmaRight > 0 {
            let step = scale / (kernel.sigmaRight * fs)
            let position = (Double(split) / fs - kernel.center) / kernel.sigmaRight * scale
            for offset in 0...(last - split) {
                let index = tableIndex(position + step * Double(offset))
                out[split &+ offset] += amplitude * table[index]
            }
        }
    }

    /// `min(max(Int(position), 0), gaussianResolution)`, clamped in Double
    /// first (the same index, as truncation and clamping commute here), so the
    /// conversion needs no range check.
    @inline(__always)
    private static func tableIndex(_ position: Double) -> Int {
        let clamped = min(max(position, 0), Double(gaussianResolution))
        return Int(Int32(truncatingIfNeeded: Int64(clamped)))
    }

    private static func draw(_ spike: PacingSpike, into out: UnsafeMutableBufferPointer<Float>, fs: Double) {
        let index = Int((spike.time * fs).rounded())
        guard index >= 0, index < out.count else { return }
        out[index] += Float(spike.amplitude)
        // Brief recovery of opposite polarity (output capacitor discharge), about 8 ms.
        let recovery = max(1, Int(0.008 * fs))
        for offset in 1...recovery where index + offset < out.count {
            out[index + offset] -= Float(spike.amplitude * 0.06 * exp(-Double(offset) / (0.003 * fs)))
        }
    }

    private static func draw(_ wave: ContinuousWave, into out: UnsafeMutableBufferPointer<Float>, fs: Double) {
        switch wave {
        case .atrialFibrillation(let oscillation), .ventricularFibrillation(let oscillation):
            draw(oscillation, into: out, fs: fs)
        case .flutter(let onsets, let amplitudes, let end):
            drawFlutter(onsets: onsets, amplitudes: amplitudes, end: end, into: out, fs: fs)
        case .drift(let start, let end, let curve):
            let first = max(0, Int((start * fs).rounded(.up))), last = min(out.count, Int((end * fs).rounded(.up)))
            guard first < last else { return }
            for index in first..<last { out[index] += Float(curve.value(at: Double(index) / fs)) }
        }
    }

    /// Sum of wandering oscillators; frequencies and gains are refreshed every
    /// 16 samples, phases run in 32-bit fixed point.
    private static func draw(_ oscillation: ContinuousWave.Oscillation, into out: UnsafeMutableBufferPointer<Float>, fs: Double) {
        let first = max(0, Int((oscillation.start * fs).rounded(.up)))
        let last = min(out.count, Int((oscillation.end * fs).rounded(.up)))
        guard first < last else { return }
        let components = oscillation.weights.count
        let totalWeight = oscillation.weights.reduce(0, +)
        let scale = oscillation.amplitude / (2 * totalWeight)
        var phases = oscillation.phases.map { UInt32(truncatingIfNeeded: Int64($0 / (2 * .pi) * 4_294_967_296)) }
        let shift = UInt32(32 - 12)  // 4096-entry table
        sine.withUnsafeBufferPointer { table in
            var index = first
            while index < last {
                let blockEnd = min(last, index + 16)
                let t = Double(index) / fs
                var fade = 1.0
                if oscillation.fadeIn > 0 { fade = min(fade, (t - oscillation.start) / oscillation.fadeIn) }
                if oscillation.fadeOut > 0 { fade = min(fade, (oscillation.end - t) / oscillation.fadeOut) }
                fade = max(0, min(1, fade))
                for component in 0..<components {
                    let cycles = oscillation.frequencies[component].value(at: t) / fs
                    let increment = UInt32(truncatingIfNeeded: Int64(cycles * 4_294_967_296))
                    let gain = Float(scale * fade * oscillation.weights[component] * oscillation.gains[component].value(at: t))
                    var phase = phases[component]
                    for sample in index..<blockEnd {
                        out[sample] += gain * table[Int(phase >> shift)]
                        phase &+= increment
                    }
                    phases[component] = phase
                }
                index = blockEnd
            }
        }
    }

    /// Typical (counter-clockwise) flutter in lead II: a slow downslope, a
    /// sharper negative trough and a brisk return - the sawtooth.
    private static func drawFlutter(onsets: [Double], amplitudes: [Double], end: Double,
                                    into out: UnsafeMutableBufferPointer<Float>, fs: Double) {
        guard onsets.count > 1 else { return }
        let stop = min(out.count, Int((end * fs).rounded(.up)))
        for wave in 0..<(onsets.count - 1) {
            let start = onsets[wave], length = onsets[wave + 1] - start
            let first = max(0, Int((start * fs).rounded(.up)))
            let last = min(stop, Int((onsets[wave + 1] * fs).rounded(.up)))
            guard first < last else { continue }
            let amplitude = amplitudes[wave]
            for index in first..<last {
                let phase = (Double(index) / fs - start) / length
                let shape: Double
                if phase < 0.7 {
                    let x = phase / 0.7
                    shape = 0.5 - 0.85 * x - 0.15 * x * x * x   // nearly straight downslope, steepening into the trough
                } else {
                    let x = (phase - 0.7) / 0.3
                    shape = -0.5 + x * x * (3 - 2 * x)          // brisk return to +0.5
                }
                out[index] += Float(amplitude * shape)
            }
        }
    }
}
