import RhythmLibrary

/// What to synthesize besides the rhythm: length, sampling, seed, noise.
public struct SynthesisOptions: Sendable, Hashable {
    /// Seed of the pseudo-random generator: the same seed gives the same strip.
    public var seed: UInt64
    /// Duration in seconds (for a sequence, the sum of its parts).
    public var seconds: Double
    /// Sampling frequency in hertz, 100 to 2000.
    public var samplingFrequency: Double
    /// Ventricular rate per minute to use instead of a random one from the
    /// definition; must lie within the rhythm's criteria.
    public var rate: Double?
    /// Signal-to-noise ratio in dB (signal power over noise power); nil with
    /// no noise kinds means a clean strip.
    public var snr: Double?
    /// Noise kinds to mix; empty with an SNR means wander and muscle.
    public var noise: Set<NoiseKind>
    /// Mains frequency for `.mains`, 50 or 60 Hz.
    public var mainsFrequency: Double
    /// ADC units per mV of the record; 200 as in the MIT-BIH database, or finer.
    public var gain: Double
    /// ADC resolution of the record in bits; samples are clamped to it (12 for format 212).
    public var adcResolution: Int
    /// The record name.
    public var recordName: String
    /// Name of the synthesized lead.
    public var leadName: String

    public init(
        seed: UInt64 = 1,
        seconds: Double = 10,
        samplingFrequency: Double = 500,
        rate: Double? = nil,
        snr: Double? = nil,
        noise: Set<NoiseKind> = [],
        mainsFrequency: Double = 50,
        gain: Double = 200,
        adcResolution: Int = 16,
        recordName: String = "synth",
        leadName: String = "II"
    ) {
        self.seed = seed
        self.seconds = seconds
        self.samplingFrequency = samplingFrequency
        self.rate = rate
        self.snr = snr
        self.noise = noise
        self.mainsFrequency = mainsFrequency
        self.gain = gain
        self.adcResolution = adcResolution
        self.recordName = recordName
        self.leadName = leadName
    }

    /// The SNR actually used: the given one, 20 dB when only kinds are given, nil when clean.
    public var effectiveSNR: Double? { snr ?? (noise.isEmpty ? nil : 20) }

    /// The kinds actually mixed.
    public var effectiveNoise: Set<NoiseKind> { noise.isEmpty && snr != nil ? [.wander, .muscle] : noise }
}

/// One part of a rhythm sequence: a rhythm for some seconds.
public struct SequencePart: Sendable, Hashable {
    public var rhythm: RhythmDefinition
    public var seconds: Double
    public init(rhythm: RhythmDefinition, seconds: Double) {
        self.rhythm = rhythm
        self.seconds = seconds
    }
}
