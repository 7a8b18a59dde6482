import Foundation

/// Muscle noise plus sinusoids, made in eight contiguous segments of
/// the strip side by side in SIMD lanes.
///
/// The muscle filter (two one-pole recursions) is serial in time, so one signal
/// cannot fill vector lanes; eight independent segments can. Each lane has its
/// own random stream, burst levels and filter state, and runs its filters
/// through a warm-up before the samples it keeps (longer than the time the
/// filters take to forget their zero start to 10⁻⁴) on the very input the
/// lane before it ends with, so the noise runs on across a join as one filter
/// would make it. Sinusoids are complex phasors over eight consecutive samples,
/// turned eight samples a step and set exactly every `resync` samples, which
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

    /// `count` samples of the noise (every sample written by the pass, so never zeroed first).
    func make(count: Int, rng: inout SeededGenerator) -> [Float] {
        guard count > 0 else { return [] }
        var generator = rng
        let noise = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            let out = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            generate(into: out, generator: &generator)
            initialized = count
        }
        rng = generator
        return noise
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

    /// Adds the sinusoids, two components at a time over each stretch of
    /// `resync` samples (two phasors still fit in registers, and each pair
    /// costs one pass over memory): eight consecutive samples a step, the
    /// phasors set exactly at the start of the stretch and turned eight
    /// samples per step.
    private func addSinusoids(into out: UnsafeMutableBufferPointer<Float>) {
        guard !sinusoids.isEmpty else { return }
        let fs = samplingFrequency
        let count = out.count
        let base = out.baseAddress!
        for pairStart in stride(from: 0, to: sinusoids.count, by: 2) {
            let first = sinusoids[pairStart]
            // An odd last component pairs with a silent one.
            let second = pairStart + 1 < sinusoids.count ? sinusoids[pairStart + 1] : (first.frequency, 0, 0)
            let (cosine1, sine1) = Self.rotation(first, samplingFrequency: fs)
            let (cosine2, sine2) = Self.rotation(second, samplingFrequency: fs)
            var start = 0
            while start < count {
                var phasor1 = Phasor(first, at: start, samplingFrequency: fs)
                var phasor2 = Phasor(second, at: start, samplingFrequency: fs)
                let end = min(count, start + Self.resync)
                var index = start
                while index + 8 <= end {
                    let raw = UnsafeMutableRawPointer(base + index)
                    var sum = raw.loadUnaligned(as: SIMD8<Float>.self)
                    sum += phasor1.real
                    sum += phasor2.real
                    raw.storeBytes(of: sum, as: SIMD8<Float>.self)
                    phasor1.rotate(cosine: cosine1, sine: sine1)
                    phasor2.rotate(cosine: cosine2, sine: sine2)
                    index &+= 8
                }
                for lane in 0..<(end - index) { base[index + lane] += phasor1.real[lane] + phasor2.real[lane] }
                start = end
            }
        }
    }

    /// Cosine and sine of eight samples' turn of a sinusoid, in every lane.
    private static func rotation(_ component: NoiseGenerator.Sinusoid, samplingFrequency fs: Double) -> (SIMD8<Float>, SIMD8<Float>) {
        let angle = 8 * 2 * Double.pi * component.frequency / fs
        return (SIMD8<Float>(repeating: Float(cos(angle))), SIMD8<Float>(repeating: Float(sin(angle))))
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

/// One sinusoid at eight consecutive samples, as a complex phasor (amplitude included).
private struct Phasor {
    var real = SIMD8<Float>(), imaginary = SIMD8<Float>()

    /// The exact phasor for samples `start` to `start + 7`.
    init(_ component: NoiseGenerator.Sinusoid, at start: Int, samplingFrequency fs: Double) {
        for lane in 0..<8 {
            let cycles = component.frequency * Double(start + lane) / fs
            let angle = component.phase + 2 * Double.pi * (cycles - cycles.rounded(.down))
            real[lane] = Float(component.amplitude * cos(angle))
            imaginary[lane] = Float(component.amplitude * sin(angle))
        }
    }

    /// Turns the phasor by the angle whose cosine and sine are given (eight samples' worth).
    @inline(__always)
    mutating func rotate(cosine: SIMD8<Float>, sine: SIMD8<Float>) {
        var newReal = real * cosine
        newReal -= imaginary * sine
        var newImaginary = real * sine
        newImaginary += imaginary * cosine
        real = newReal
        imaginary = newImaginary
    }
}
