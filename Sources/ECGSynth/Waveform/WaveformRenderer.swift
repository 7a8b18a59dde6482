import Foundation

/// Draws a segment's kernels, spikes and continuous waves into a sample buffer.
///
/// Each kernel is evaluated only over its support (±3σ), eight samples at a
/// time by an exact multiplicative recurrence (`GaussianFlank`), which keeps
/// synthesis far above real time.
enum WaveformRenderer {
    static func render(_ events: StripEvents, into buffer: inout [Float], samplingFrequency fs: Double) {
        buffer.withUnsafeMutableBufferPointer { out in
            for kernel in events.kernels { draw(kernel, into: out, fs: fs) }
            for spike in events.spikes { draw(spike, into: out, fs: fs) }
            for wave in events.waves { draw(wave, into: out, fs: fs) }
        }
    }

    /// The smallest whole number at or above `x` (|x| < 2⁶²), without a call to `ceil`.
    @inline(__always)
    static func ceiling(_ x: Double) -> Int {
        let truncated = Int(x)
        return Double(truncated) < x ? truncated + 1 : truncated
    }

    /// The largest whole number at or below `x` (|x| < 2⁶²).
    @inline(__always)
    static func floor(_ x: Double) -> Int {
        let truncated = Int(x)
        return Double(truncated) > x ? truncated - 1 : truncated
    }

    @inline(__always)
    private static func draw(_ kernel: WaveKernel, into out: UnsafeMutableBufferPointer<Float>, fs: Double) {
        let count = out.count
        let first = max(0, ceiling(kernel.start * fs))
        let split = min(count, max(0, ceiling(kernel.center * fs)))
        let last = min(count - 1, floor(kernel.end * fs))
        let base = out.baseAddress!
        let centre = kernel.center * fs
        if first < split, kernel.sigmaLeft > 0 {
            GaussianFlank.add(into: base, from: first, to: split, centre: centre,
                              width: kernel.sigmaLeft * fs, amplitude: kernel.amplitude)
        }
        if split <= last, kernel.sigmaRight > 0 {
            GaussianFlank.add(into: base, from: split, to: last + 1, centre: centre,
                              width: kernel.sigmaRight * fs, amplitude: kernel.amplitude)
        }
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
    /// `oscillationBlock` samples, phases run in 32-bit fixed point, and each
    /// block is evaluated lane-wise (`Sine.cycles`, eight lanes at a time so
    /// the polynomial stays in registers), so the loop vectorises.
    private static func draw(_ oscillation: ContinuousWave.Oscillation, into out: UnsafeMutableBufferPointer<Float>, fs: Double) {
        let first = max(0, ceiling(oscillation.start * fs))
        let last = min(out.count, ceiling(oscillation.end * fs))
        guard first < last else { return }
        let components = oscillation.weights.count
        let totalWeight = oscillation.weights.reduce(0, +)
        let scale = oscillation.amplitude / (2 * totalWeight)
        // Curves 0..<components are the frequencies, then the gains.
        let curves = KnotTable(oscillation.frequencies + oscillation.gains)
        defer { curves.deallocate() }
        let weightList = oscillation.weights.map { scale * $0 }
        let ramp = SIMD8<Float>(0, 1, 2, 3, 4, 5, 6, 7)
        let period = 1 / fs
        let base = out.baseAddress!
        let phaseList = oscillation.phases.map { UInt32(truncatingIfNeeded: Int64($0 / (2 * .pi) * 4_294_967_296)) }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: components) { phases in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: components) { weights in
            _ = phases.initialize(from: phaseList)
            _ = weights.initialize(from: weightList)
            // Tiles small enough to stay in L1; within a tile one component at a
            // time, so each block's frequency and gain are looked up once.
            var tileStart = first
            while tileStart < last {
                let tileEnd = min(last, tileStart + Self.oscillationTile)
                for component in 0..<components {
                    var phase = phases[component]
                    let weight = weights[component]
                    var index = tileStart
                    while index < tileEnd {
                        let blockStart = Double(index) * period
                        // Short blocks where the wave fades in or out, so the fade stays smooth.
                        let fading = oscillation.fade(at: blockStart) < 1
                            || oscillation.fade(at: blockStart + Double(Self.oscillationBlock) * period) < 1
                        let length = min(fading ? 8 : Self.oscillationBlock, tileEnd - index)
                        // Frequency, gain and fade at the block's middle: the phase then follows
                        // the frequency curve's integral to second order, with no lag.
                        let t = blockStart + 0.5 * Double(length - 1) * period
                        let fade = oscillation.fade(at: t)
                        let cycles = curves.value(component, at: t) * period
                        let increment = UInt32(truncatingIfNeeded: Int64(cycles * 4_294_967_296))
                        let gain = Sine.Scaled(gain: Float(fade * weight * curves.value(components + component, at: t)))
                        // Phase of each sample of the block, in cycles: exact start, then the increment in Float.
                        let start = Float(Int32(bitPattern: phase)) * 0x1.0p-32
                        let step = Float(increment) * 0x1.0p-32
                        var x = ramp * step
                        x += start
                        let advance = SIMD8<Float>(repeating: 8 * step)
                        var offset = 0
                        while offset + 8 <= length {
                            let pointer = UnsafeMutableRawPointer(base + index + offset)
                            pointer.storeBytes(of: pointer.loadUnaligned(as: SIMD8<Float>.self) + Sine.cycles(x, times: gain),
                                               as: SIMD8<Float>.self)
                            x += advance
                            offset &+= 8
                        }
                        if offset < length {
                            let tail = Sine.cycles(x, times: gain)
                            for lane in 0..<(length - offset) { base[index + offset + lane] += tail[lane] }
                        }
                        phase = phase &+ increment &* UInt32(truncatingIfNeeded: length)
                        index += length
                    }
                    phases[component] = phase
                }
                tileStart = tileEnd
            }
        }
        }
    }

    /// Samples per block of an oscillation: frequencies and gains are held over a block.
    /// 64 samples is 128 ms at 500 Hz, half the 0.25 s between frequency knots.
    static let oscillationBlock = 64
    /// Samples per tile of an oscillation (32 KB of L1 holds 8192 Floats).
    static let oscillationTile = 2048

    /// Typical (counter-clockwise) flutter in lead II: a slow downslope, a
    /// sharper negative trough and a brisk return - the sawtooth. Each wave
    /// is split where the downslope ends (70 % of the cycle), so every stretch
    /// is one cubic, drawn eight samples at a time, lane-wise.
    private static func drawFlutter(onsets: [Double], amplitudes: [Double], end: Double,
                                    into out: UnsafeMutableBufferPointer<Float>, fs: Double) {
        guard onsets.count > 1 else { return }
        let stop = min(out.count, ceiling(end * fs))
        let base = out.baseAddress!
        for wave in 0..<(onsets.count - 1) {
            let start = onsets[wave], length = onsets[wave + 1] - start
            let first = max(0, ceiling(start * fs))
            let last = min(stop, ceiling(onsets[wave + 1] * fs))
            guard first < last else { continue }
            let amplitude = Float(amplitudes[wave])
            // Phase (0 to 1 over the wave) of sample `first`, and its step per sample.
            let phase0 = (Double(first) / fs - start) / length
            let step = 1 / (length * fs)
            // First sample at or past the trough (phase 0.7).
            let split = min(last, max(first, first + ceiling((0.7 - phase0) / step)))
            // Downslope 0.5 − 0.85x − 0.15x³ in x = phase / 0.7.
            addCubic(into: base, from: first, to: split, start: phase0 / 0.7, step: step / 0.7,
                     coefficients: SIMD4<Float>(0.5, -0.85, 0, -0.15) * amplitude)
            // Return 3y² − 2y³ − 0.5 (smoothstep from the trough to +0.5) in y = (phase − 0.7) / 0.3.
            let splitPhase = phase0 + Double(split - first) * step
            addCubic(into: base, from: split, to: last, start: (splitPhase - 0.7) / 0.3, step: step / 0.3,
                     coefficients: SIMD4<Float>(-0.5, 0, 3, -2) * amplitude)
        }
    }

    /// Adds c₀ + c₁q + c₂q² + c₃q³ to samples `first..<last`, where q is `start`
    /// at `first` and grows by `step` per sample.
    @inline(__always)
    private static func addCubic(into base: UnsafeMutablePointer<Float>, from first: Int, to last: Int,
                                 start: Double, step: Double, coefficients c: SIMD4<Float>) {
        guard first < last else { return }
        let steps = SIMD8<Float>(0, 1, 2, 3, 4, 5, 6, 7) * Float(step)
        let c0 = SIMD8<Float>(repeating: c[0]), c1 = SIMD8<Float>(repeating: c[1])
        let c2 = SIMD8<Float>(repeating: c[2]), c3 = SIMD8<Float>(repeating: c[3])
        var index = first
        while index < last {
            let q = steps + Float(start + Double(index - first) * step)
            var value = c3 * q
            value += c2
            value *= q
            value += c1
            value *= q
            value += c0
            if index + 8 <= last {
                let pointer = UnsafeMutableRawPointer(base + index)
                pointer.storeBytes(of: pointer.loadUnaligned(as: SIMD8<Float>.self) + value, as: SIMD8<Float>.self)
            } else {
                for lane in 0..<(last - index) { base[index + lane] += value[lane] }
            }
            index += 8
        }
    }
}
