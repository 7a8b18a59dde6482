import Foundation

/// Muscle noise plus up to four sinusoids, made in eight contiguous segments of
/// the strip side by side in SIMD lanes.
///
/// The muscle filter (two one-pole recursions) is serial in time, so one signal
/// cannot fill vector lanes; eight independent segments can. Each lane has its
/// own random stream, burst levels and filter state, and runs its filters
/// through a warm-up before the samples it keeps (longer than the time the
/// filters take to forget their zero start to 10⁻⁴) on the very input the
/// lane before it ends with, so the noise runs on across a join as one filter
/// would make it. Sinusoids are complex phasors over four consecutive samples,
/// turned four samples a step and set exactly every `resync` samples, which
/// bounds the Float drift to about 10⁻⁴ of their amplitude.
struct LaneNoisePass {
    static let lanes = 8
    /// Burst lengths are whole chunks of this many samples.
    static let chunk = 8
    /// Samples between exact phasor settings (a multiple of `chunk`).
    static let resync = 4096

    let samplingFrequency: Double
    let sinusoids: [NoiseGenerator.Sinusoid]
    /// RMS weight of muscle noise in the mix; nil for no muscle noise.
    let muscleWeight: Double?

    /// One-pole high-pass (10 Hz) and low-pass (150 Hz or 0.4 fs) coefficients of the EMG band.
    var filterCoefficients: (highPass: Double, lowPass: Double) {
        let fs = samplingFrequency
        return (exp(-2 * Double.pi * 10 / fs), exp(-2 * Double.pi * min(150, 0.4 * fs) / fs))
    }

    /// Scale from a signed 32-bit draw times a burst level to muscle noise of RMS `weight`.
    private func muscleScale(weight: Double) -> Float {
        let (a, b) = filterCoefficients
        // Power gain of the two one-pole filters, from their impulse response.
        var gain = 0.0
        var hp = 0.0, lp = 0.0, previous = 0.0
        for n in 0..<Int(20 * samplingFrequency) {
            let input = n == 0 ? 1.0 : 0.0
            hp = a * (hp + input - previous)
            previous = input
            lp = hp + b * (lp - hp)
            gain += lp * lp
        }
        // Uniform [-1, 1) has variance 1/3; burst levels are uniform in [0.3, 1], E[level²] = 0.463.
        let rms = (gain * 0.463 / 3).squareRoot()
        return Float(weight / rms) * 0x1.0p-31
    }

    /// Writes the noise over `out` (which it overwrites); `rng` seeds the lanes and draws the bursts.
    func run(into out: inout [Float], rng: inout SeededGenerator) {
        guard !out.isEmpty else { return }
        var generator = rng
        out.withUnsafeMutableBufferPointer { generate(into: $0, generator: &generator) }
        rng = generator
    }

    /// The pass itself, with all state in local structs so it stays in registers.
    private func generate(into out: UnsafeMutableBufferPointer<Float>, generator: inout SeededGenerator) {
        if let muscleWeight {
            generateMuscle(into: out, weight: muscleWeight, generator: &generator)
            addSinusoids(into: out)
        } else {
            out.initialize(repeating: 0)
            addSinusoids(into: out)
        }
    }

    /// Muscle noise over all of `out`, eight segments side by side.
    ///
    /// Joins are seamless: each lane first runs its filters over a warm-up of
    /// white input, and the lane before it ends on that same input, so at the
    /// join both lanes' filters carry the same state to within the warm-up's
    /// decay (10⁻⁴): the noise continues across the join as if one filter had
    /// made it.
    private func generateMuscle(into out: UnsafeMutableBufferPointer<Float>, weight: Double, generator: inout SeededGenerator) {
        let count = out.count
        let fs = samplingFrequency
        let chunk = Self.chunk
        // 0.15 s takes the 10 Hz high-pass's memory of its zero start below 10⁻⁴.
        let warmSteps = Int((0.15 * fs / Double(chunk)).rounded(.up)) * chunk
        // Short strips in one segment (lane 0), so every segment is much longer than its warm-up.
        let laneCount = count >= 4 * Self.lanes * warmSteps ? Self.lanes : 1
        let length = (count + laneCount - 1) / laneCount
        // Steps at which every lane's segment still has a sample.
        let fullSteps = max(0, count - (laneCount - 1) * length)
        // From here each lane ends on the next lane's warm-up input.
        let overlapStart = laneCount > 1 ? length - warmSteps : length
        let base = out.baseAddress!
        let (a, b) = filterCoefficients
        var muscle = MuscleLanes(random: LaneGenerator(seededFrom: &generator), highPass: Float(a), lowPass: Float(b),
                                 scale: muscleScale(weight: weight),
                                 burstChunks: 0.2 * fs / Double(chunk)...0.6 * fs / Double(chunk))
        var warmInputs = [SIMD8<Float>](repeating: .zero, count: warmSteps)
        warmInputs.withUnsafeMutableBufferPointer { warm in
            for start in stride(from: 0, to: warmSteps, by: chunk) {
                muscle.refreshBursts(&generator, chunk: chunk)
                muscle.draw(into: warm.baseAddress! + start, count: chunk)
                for step in start..<(start + chunk) { _ = muscle.filter(warm[step]) }
            }
            // Lane k's successor's warm-up input in lane k (the last lane has none and keeps its own).
            for step in 0..<warmSteps {
                let own = warm[step]
                for lane in 0..<(Self.lanes - 1) { warm[step][lane] = own[lane + 1] }
            }
        }
        let hasSuccessor = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) .< Int32(Self.lanes - 1)
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: chunk) { inputs in
            var chunkStart = 0
            while chunkStart < length {
                muscle.refreshBursts(&generator, chunk: chunk)
                // Random draws and filtering in separate loops keep each loop's state in registers.
                muscle.draw(into: inputs.baseAddress!, count: chunk)
                let steps = min(chunk, length - chunkStart)
                if chunkStart + steps > overlapStart {
                    for offset in max(0, overlapStart - chunkStart)..<steps {
                        inputs[offset].replace(with: warmInputs[chunkStart + offset - overlapStart], where: hasSuccessor)
                    }
                }
                if laneCount == 1 {
                    for offset in 0..<steps { base[chunkStart &+ offset] = muscle.filter(inputs[offset])[0] }
                } else if chunkStart + steps <= fullSteps {
                    for offset in 0..<steps {
                        let value = muscle.filter(inputs[offset])
                        let step = chunkStart &+ offset
                        for lane in 0..<Self.lanes { base[lane &* length &+ step] = value[lane] }
                    }
                } else {
                    for offset in 0..<steps {
                        let value = muscle.filter(inputs[offset])
                        let step = chunkStart + offset
                        for lane in 0..<Self.lanes where lane * length + step < count { base[lane * length + step] = value[lane] }
                    }
                }
                chunkStart += steps
            }
        }
    }

    /// Adds the sinusoids: four consecutive samples at a time, each component a
    /// phasor turned four samples per step and set exactly every `resync` samples.
    private func addSinusoids(into out: UnsafeMutableBufferPointer<Float>) {
        let components = Array(sinusoids.prefix(4))
        guard !components.isEmpty else { return }
        let fs = samplingFrequency
        let count = out.count
        let base = out.baseAddress!
        let phasors = PhasorLanes(components, samplingFrequency: fs)
        // One copy of the loop per component count, so each keeps only its phasors in registers.
        switch components.count {
        case 1: Self.addSinusoids(phasors, count: 1, components: components, into: out, samplingFrequency: fs)
        case 2: Self.addSinusoids(phasors, count: 2, components: components, into: out, samplingFrequency: fs)
        case 3: Self.addSinusoids(phasors, count: 3, components: components, into: out, samplingFrequency: fs)
        default: Self.addSinusoids(phasors, count: 4, components: components, into: out, samplingFrequency: fs)
        }
    }

    @inline(__always)
    private static func addSinusoids(_ phasors: PhasorLanes, count components: Int, components list: [NoiseGenerator.Sinusoid],
                                     into out: UnsafeMutableBufferPointer<Float>, samplingFrequency fs: Double) {
        var phasors = phasors
        let count = out.count
        let base = out.baseAddress!
        var start = 0
        while start < count {
            phasors.set(list, at: start, samplingFrequency: fs)
            let end = min(count, start + Self.resync)
            var index = start
            while index + 4 <= end {
                let raw = UnsafeMutableRawPointer(base + index)
                raw.storeBytes(of: raw.loadUnaligned(as: SIMD4<Float>.self) + phasors.step(components), as: SIMD4<Float>.self)
                index &+= 4
            }
            if index < end {
                let sum = phasors.step(components)
                for lane in 0..<(end - index) { base[index + lane] += sum[lane] }
            }
            start = end
        }
    }
}

/// Muscle-noise state of eight lanes: random streams, burst levels, filters.
private struct MuscleLanes {
    var random: LaneGenerator
    let highPass: Float, lowPass: Float
    /// From a signed 32-bit draw times a burst level to the mix's units.
    let scale: Float
    /// Burst length range, in chunks.
    let burstChunks: ClosedRange<Double>
    var level = SIMD8<Float>(), remaining = SIMD8<Int32>()
    /// The least of `remaining`.
    var soonestEnd = 0
    var highPassed = SIMD8<Float>(), lowPassed = SIMD8<Float>(), previousInput = SIMD8<Float>()

    /// New burst levels for lanes whose burst ended (strength changes every 0.2-0.6 s), then counts a chunk off.
    mutating func refreshBursts(_ generator: inout SeededGenerator, chunk: Int) {
        // Most chunks end no burst: the soonest end, kept as one number, decides.
        if soonestEnd <= 0 {
            newBursts(&generator, chunk: chunk)
            soonestEnd = Int(remaining.min())
        }
        remaining &-= Int32(chunk)
        soonestEnd -= chunk
    }

    private mutating func newBursts(_ generator: inout SeededGenerator, chunk: Int) {
        for lane in 0..<8 where remaining[lane] <= 0 {
            let chunks = max(1, Int(generator.uniform(burstChunks.lowerBound, burstChunks.upperBound).rounded()))
            remaining[lane] = Int32(chunks * chunk)
            level[lane] = Float(generator.uniform(0.3, 1.0)) * scale
        }
    }

    /// `count` steps of white input (uniform, times the burst level).
    @inline(__always)
    mutating func draw(into inputs: UnsafeMutablePointer<SIMD8<Float>>, count: Int) {
        var random = self.random
        let level = self.level
        for step in 0..<count {
            inputs[step] = level * SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: random.next()))
        }
        self.random = random
    }

    /// The EMG band filters, one step.
    @inline(__always)
    mutating func filter(_ input: SIMD8<Float>) -> SIMD8<Float> {
        // Written so each recursion is one multiply-add on its own state.
        highPassed = highPass * highPassed + highPass * (input - previousInput)
        previousInput = input
        lowPassed = lowPass * lowPassed + (1 - lowPass) * highPassed
        return lowPassed
    }
}

/// Up to four sinusoids at four consecutive samples, as complex phasors (amplitude included).
private struct PhasorLanes {
    var r0 = SIMD4<Float>(), r1 = SIMD4<Float>(), r2 = SIMD4<Float>(), r3 = SIMD4<Float>()
    var i0 = SIMD4<Float>(), i1 = SIMD4<Float>(), i2 = SIMD4<Float>(), i3 = SIMD4<Float>()
    /// Rotation by four samples of each component.
    var cosines = SIMD4<Float>(repeating: 1), sines = SIMD4<Float>()

    init(_ components: [NoiseGenerator.Sinusoid], samplingFrequency fs: Double) {
        for (index, component) in components.enumerated() {
            let step = 4 * 2 * Double.pi * component.frequency / fs
            cosines[index] = Float(cos(step))
            sines[index] = Float(sin(step))
        }
    }

    /// Exact phasors for samples `start` to `start + 3`.
    mutating func set(_ components: [NoiseGenerator.Sinusoid], at start: Int, samplingFrequency fs: Double) {
        var real = [SIMD4<Float>](repeating: .zero, count: 4), imaginary = real
        for (index, component) in components.enumerated() {
            for lane in 0..<4 {
                let cycles = component.frequency * Double(start + lane) / fs
                let angle = component.phase + 2 * Double.pi * (cycles - cycles.rounded(.down))
                real[index][lane] = Float(component.amplitude * cos(angle))
                imaginary[index][lane] = Float(component.amplitude * sin(angle))
            }
        }
        (r0, r1, r2, r3) = (real[0], real[1], real[2], real[3])
        (i0, i1, i2, i3) = (imaginary[0], imaginary[1], imaginary[2], imaginary[3])
    }

    @inline(__always)
    private static func rotate(_ real: inout SIMD4<Float>, _ imaginary: inout SIMD4<Float>, _ cosine: Float, _ sine: Float) {
        let newReal = real * cosine - imaginary * sine
        imaginary = real * sine + imaginary * cosine
        real = newReal
    }

    /// The sum of the first `count` components at the current four samples;
    /// then each of them turns four samples on.
    @inline(__always)
    mutating func step(_ count: Int) -> SIMD4<Float> {
        var sum = r0
        Self.rotate(&r0, &i0, cosines[0], sines[0])
        if count > 1 { sum += r1; Self.rotate(&r1, &i1, cosines[1], sines[1]) }
        if count > 2 { sum += r2; Self.rotate(&r2, &i2, cosines[2], sines[2]) }
        if count > 3 { sum += r3; Self.rotate(&r3, &i3, cosines[3], sines[3]) }
        return sum
    }
}
