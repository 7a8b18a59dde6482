import ECGSignal
import Foundation
import RhythmLibrary

/// Makes labelled ECG strips of any rhythm in the library.
///
/// ```swift
/// let afib = try RhythmLibrary.builtIn.resolve("afib")
/// let strip = try ECGSynthesizer().synthesize(afib, options: .init(seed: 7, seconds: 30, samplingFrequency: 360))
/// strip.record        // lead II, gain 200
/// strip.annotations   // N beats, `+` with aux "(afib"
/// ```
public struct ECGSynthesizer: Sendable {
    /// Sampling frequencies the synthesizer supports, Hz.
    public static let samplingFrequencies: ClosedRange<Double> = 100...2000
    /// The longest strip, in samples (about 12 hours at 500 Hz).
    public static let maximumSamples = 24_000_000

    /// Reference signal power (mV²) below which the SNR is taken relative to
    /// this instead: a flat line (asystole) still gets visible noise.
    static let minimumSignalPower = 0.02

    public init() {}

    /// A strip of one rhythm.
    public func synthesize(_ rhythm: RhythmDefinition, options: SynthesisOptions) throws -> SyntheticECG {
        try synthesize(sequence: [SequencePart(rhythm: rhythm, seconds: options.seconds)], options: options)
    }

    /// A strip of several rhythms one after the other (`options.seconds` is ignored).
    public func synthesize(sequence: [SequencePart], options: SynthesisOptions) throws -> SyntheticECG {
        let fs = options.samplingFrequency
        guard Self.samplingFrequencies.contains(fs) else {
            throw SynthesisError("sampling frequency \(fs) Hz is outside 100-2000 Hz")
        }
        guard !sequence.isEmpty else { throw SynthesisError("nothing to synthesize: the sequence is empty") }
        for part in sequence where !(part.seconds > 0 && part.seconds.isFinite) {
            throw SynthesisError("duration of \(part.rhythm.id) must be a positive number of seconds")
        }
        let total = sequence.reduce(0) { $0 + $1.seconds }
        let count = Int((total * fs).rounded())
        guard count <= Self.maximumSamples else {
            throw SynthesisError("\(count) samples is more than the \(Self.maximumSamples) one strip may hold")
        }
        guard count > 0 else { throw SynthesisError("the strip would have no samples") }
        if let snr = options.snr, !(snr.isFinite && snr >= -20 && snr <= 80) {
            throw SynthesisError("SNR \(snr) dB is outside -20...80 dB")
        }
        guard (8...16).contains(options.adcResolution) else { throw SynthesisError("ADC resolution must be 8 to 16 bits") }
        guard options.gain >= 1, options.gain <= 100_000 else { throw SynthesisError("gain \(options.gain) is outside 1...100000 units/mV") }
        guard options.mainsFrequency == 50 || options.mainsFrequency == 60 else {
            throw SynthesisError("mains frequency must be 50 or 60 Hz")
        }
        if let rate = options.rate {
            for part in sequence { try Self.check(rate: rate, for: part.rhythm) }
        }

        var clean = [Float](repeating: 0, count: count)
        var annotations: [TimedAnnotation] = []
        var segments: [(id: String, start: Int)] = []
        var cursor = 0.0
        var lastVentricular = -Double.infinity
        for (index, part) in sequence.enumerated() {
            let end = index == sequence.count - 1 ? Double(count) / fs : cursor + part.seconds
            var process = try RhythmProcess(
                definition: part.rhythm, start: cursor, end: end, seed: options.seed, segment: index,
                rate: options.rate, previousVentricularOnset: lastVentricular,
                joinsPrevious: index > 0, joinsNext: index < sequence.count - 1)
            let events = process.run()
            WaveformRenderer.render(events, into: &clean, samplingFrequency: fs)
            annotations.append(TimedAnnotation(time: cursor, code: .rhythmChange, aux: "(" + part.rhythm.id))
            annotations.append(contentsOf: events.annotations)
            segments.append((part.rhythm.id, Int((cursor * fs).rounded())))
            lastVentricular = events.lastVentricularOnset
            cursor = end
        }

        var noise: [Float]?
        var noiseGain: Float = 0
        if let snr = options.effectiveSNR {
            var generator = NoiseGenerator(rng: SeededGenerator(seed: options.seed, stream: 0x4E4F_4953),
                                           samplingFrequency: fs, mainsFrequency: options.mainsFrequency)
            let (mix, motion) = generator.mix(options.effectiveNoise, count: count)
            let signalPower = max(Quantizer.power(clean), Self.minimumSignalPower)
            let noisePower = Quantizer.power(mix)
            if noisePower > 0 {
                noise = mix
                noiseGain = Float((signalPower / pow(10, snr / 10) / noisePower).squareRoot())
            }
            annotations += motion.map { TimedAnnotation(time: $0, code: .artifact) }
        }

        let lead = Lead(name: options.leadName, units: "mV", gain: options.gain, baseline: 0, adcResolution: options.adcResolution)
        let digital = Quantizer.digitize(clean, noise: noise, noiseGain: noiseGain, gain: options.gain, adcResolution: options.adcResolution)
        let record = ECGRecord(name: options.recordName, samplingFrequency: fs, leads: [lead], samples: [digital])
        return SyntheticECG(
            record: record, annotations: Self.samples(of: annotations, fs: fs, count: count),
            cleanMillivolts: clean, segments: segments)
    }

    /// Rejects a rate override outside the rhythm's ventricular-rate criteria.
    static func check(rate: Double, for rhythm: RhythmDefinition) throws {
        guard rate.isFinite, rate > 0 else { throw SynthesisError("rate must be a positive number of beats per minute") }
        guard let allowed = rhythm.criteria.rate.ventricular else {
            throw SynthesisError("\(rhythm.id) has no ventricular rate to set")
        }
        guard allowed.contains(rate) else {
            throw SynthesisError("rate \(ValueRange.format(rate))/min is outside \(rhythm.id)'s \(ValueRange.format(allowed.lowerBound))-\(ValueRange.format(allowed.upperBound))/min")
        }
    }

    /// Annotations in samples, inside the strip, sorted (rhythm changes first at a tie).
    static func samples(of timed: [TimedAnnotation], fs: Double, count: Int) -> [Annotation] {
        var result: [(order: Int, annotation: Annotation)] = []
        result.reserveCapacity(timed.count)
        for (order, item) in timed.enumerated() {
            let sample = Int((item.time * fs).rounded())
            guard sample >= 0, sample < count else { continue }
            let annotation = item.aux.map { Annotation(sample: sample, code: item.code, auxText: $0) }
                ?? Annotation(sample: sample, code: item.code)
            result.append((order, annotation))
        }
        result.sort {
            if $0.annotation.sample != $1.annotation.sample { return $0.annotation.sample < $1.annotation.sample }
            let left = $0.annotation.code == .rhythmChange ? 0 : 1, right = $1.annotation.code == .rhythmChange ? 0 : 1
            return left != right ? left < right : $0.order < $1.order
        }
        return result.map(\.annotation)
    }
}
