/// What a clinician measures on a rhythm strip, in the order a learner is
/// taught to look (AHA ACLS systematic approach): rate, regularity, P waves,
/// PR interval, QRS width, then anything extra (ectopy, pacing, quality).
///
/// Times are in seconds, rates per minute. A value is nil when it cannot be
/// measured on the strip (no P waves, no QRS complexes, too few beats).
public struct StripMeasurements: Sendable, Hashable, Codable {
    /// Length of the strip analysed, seconds.
    public var duration: Double
    /// QRS complexes found.
    public var beatCount: Int
    /// Ventricular (QRS) rate per minute, from the mean R-R interval.
    public var ventricularRate: Double?
    /// How regular the R-R intervals are.
    public var regularity: Regularity
    /// R-R interval statistics; nil with fewer than two beats.
    public var rr: RRStatistics?
    /// Atrial activity: P waves, flutter waves, fibrillatory baseline.
    public var atrial: AtrialActivity
    /// PR interval and how it behaves beat to beat.
    public var pr: PRMeasurement
    /// P waves per QRS complex (1 = one P before every QRS; 2 = 2:1; 0 = none).
    public var pToQRSRatio: Double?
    /// Median QRS duration of the dominant beats, seconds.
    public var qrsWidth: Double?
    /// Premature and escape beats and their pattern.
    public var ectopy: Ectopy
    /// Pacemaker spikes.
    public var pacing: Pacing
    /// Whether the strip is clean enough to call.
    public var signalQuality: SignalQuality
    /// Features of the whole window used for the arrest rhythms (no R peaks needed).
    public var arrest: ArrestFeatures

    public init(
        duration: Double, beatCount: Int, ventricularRate: Double?, regularity: Regularity,
        rr: RRStatistics?, atrial: AtrialActivity, pr: PRMeasurement, pToQRSRatio: Double?,
        qrsWidth: Double?, ectopy: Ectopy, pacing: Pacing, signalQuality: SignalQuality,
        arrest: ArrestFeatures
    ) {
        self.duration = duration
        self.beatCount = beatCount
        self.ventricularRate = ventricularRate
        self.regularity = regularity
        self.rr = rr
        self.atrial = atrial
        self.pr = pr
        self.pToQRSRatio = pToQRSRatio
        self.qrsWidth = qrsWidth
        self.ectopy = ectopy
        self.pacing = pacing
        self.signalQuality = signalQuality
        self.arrest = arrest
    }

    /// Regularity of the ventricular rhythm, as a learner names it.
    public enum Regularity: String, Sendable, Hashable, Codable, CaseIterable {
        /// R-R intervals essentially equal.
        case regular
        /// Regular with a respiratory (phasic) variation, as in sinus arrhythmia.
        case phasic
        /// Irregular in a repeating pattern (grouped beating, bigeminy).
        case patterned
        /// Basically regular, interrupted by premature beats or pauses.
        case irregular
        /// No pattern at all, as in atrial fibrillation.
        case irregularlyIrregular = "irregularly-irregular"
        /// No QRS complexes to judge.
        case none
    }

    /// R-R interval statistics in seconds.
    public struct RRStatistics: Sendable, Hashable, Codable {
        public var count: Int
        public var mean: Double
        public var median: Double
        public var minimum: Double
        public var maximum: Double
        public var standardDeviation: Double
        /// Root mean square of successive differences.
        public var rmssd: Double
        public init(count: Int, mean: Double, median: Double, minimum: Double, maximum: Double,
                    standardDeviation: Double, rmssd: Double) {
            self.count = count
            self.mean = mean
            self.median = median
            self.minimum = minimum
            self.maximum = maximum
            self.standardDeviation = standardDeviation
            self.rmssd = rmssd
        }
        /// Standard deviation over mean.
        public var coefficientOfVariation: Double { mean > 0 ? standardDeviation / mean : 0 }
    }

    /// Atrial activity seen between and before the QRS complexes.
    public struct AtrialActivity: Sendable, Hashable, Codable {
        /// The kind of atrial activity that dominates the strip.
        public var kind: Kind
        /// P waves found (one per detected P wave, conducted or not).
        public var pWaveCount: Int
        /// Whether P waves were found before most QRS complexes.
        public var pWavesFound: Bool
        /// P-wave polarity in this lead: +1 upright, -1 inverted, 0 unknown.
        public var pWavePolarity: Int
        /// Atrial rate per minute (P, flutter or fibrillatory waves); nil when none.
        public var atrialRate: Double?
        /// Dominant frequency of the baseline between QRS-T complexes, Hz.
        public var dominantAtrialFrequency: Double?
        /// Sawtooth flutter waves (about 4-6 Hz, 250-350/min).
        public var flutterWaves: Bool
        /// Chaotic fibrillatory baseline with no distinct P waves.
        public var fibrillatoryBaseline: Bool
        public init(kind: Kind, pWaveCount: Int, pWavesFound: Bool, pWavePolarity: Int, atrialRate: Double?,
                    dominantAtrialFrequency: Double?, flutterWaves: Bool, fibrillatoryBaseline: Bool) {
            self.kind = kind
            self.pWaveCount = pWaveCount
            self.pWavesFound = pWavesFound
            self.pWavePolarity = pWavePolarity
            self.atrialRate = atrialRate
            self.dominantAtrialFrequency = dominantAtrialFrequency
            self.flutterWaves = flutterWaves
            self.fibrillatoryBaseline = fibrillatoryBaseline
        }
        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            /// Uniform upright P waves.
            case pWaves = "p-waves"
            /// P waves of changing shape (three or more), as in MAT.
            case multiformPWaves = "multiform-p-waves"
            /// Inverted (retrograde) P waves close to the QRS.
            case retrogradePWaves = "retrograde-p-waves"
            case flutter
            case fibrillation
            /// Pacemaker-driven atria (spike then P wave).
            case paced
            /// No atrial activity visible.
            case none
            /// Too noisy or too little to tell.
            case indeterminate
        }
    }

    /// The PR interval (P onset to QRS onset) and its pattern beat to beat.
    public struct PRMeasurement: Sendable, Hashable, Codable {
        /// Median PR interval of conducted beats, seconds.
        public var seconds: Double?
        /// Shortest and longest PR measured.
        public var minimum: Double?
        public var maximum: Double?
        /// PR of each QRS (nil where no P wave precedes it), in beat order.
        public var perBeat: [Double?]
        public var pattern: Pattern
        /// P waves not followed by a QRS complex.
        public var droppedBeats: Int
        public init(seconds: Double?, minimum: Double?, maximum: Double?, perBeat: [Double?], pattern: Pattern, droppedBeats: Int) {
            self.seconds = seconds
            self.minimum = minimum
            self.maximum = maximum
            self.perBeat = perBeat
            self.pattern = pattern
            self.droppedBeats = droppedBeats
        }
        public enum Pattern: String, Sendable, Hashable, Codable, CaseIterable {
            /// Same PR every beat.
            case constant
            /// Same PR for conducted beats, some P waves not conducted (Mobitz II, 2:1).
            case constantWithDroppedBeats = "constant-with-dropped-beats"
            /// PR lengthens beat to beat until a P wave is dropped (Wenckebach).
            case progressiveLengthening = "progressive-lengthening"
            /// PR varies without pattern: P waves and QRS complexes unrelated (AV dissociation).
            case variableDissociated = "variable-dissociated"
            /// Varies (e.g. multifocal atrial rhythm) but every P is conducted.
            case variable
            /// No P waves to measure from.
            case notMeasurable = "not-measurable"
        }
    }

    /// Ectopic (premature or escape) beats and their grouping.
    public struct Ectopy: Sendable, Hashable, Codable {
        /// Premature wide beats of a shape unlike the dominant one.
        public var ventricularPremature: Int
        /// Premature narrow beats like the dominant one (PAC, PJC).
        public var supraventricularPremature: Int
        /// Longest run of consecutive ventricular beats.
        public var longestVentricularRun: Int
        public var pattern: Pattern
        /// Beat index (into the R peaks of the strip) of each ectopic beat.
        public var beatIndices: [Int]
        public init(ventricularPremature: Int, supraventricularPremature: Int, longestVentricularRun: Int,
                    pattern: Pattern, beatIndices: [Int]) {
            self.ventricularPremature = ventricularPremature
            self.supraventricularPremature = supraventricularPremature
            self.longestVentricularRun = longestVentricularRun
            self.pattern = pattern
            self.beatIndices = beatIndices
        }
        public enum Pattern: String, Sendable, Hashable, Codable, CaseIterable {
            case none
            /// Occasional single premature beats.
            case isolated
            /// Every other beat premature.
            case bigeminy
            /// Every third beat premature.
            case trigeminy
            /// Two ventricular beats in a row.
            case couplets
            /// Three or more ventricular beats in a row (a run of VT).
            case run
        }
    }

    /// Pacemaker spikes.
    public struct Pacing: Sendable, Hashable, Codable {
        public var spikeCount: Int
        /// Spikes followed within 0.3 s by a P wave / narrow QRS (atrial pacing).
        public var atrialSpikes: Int
        /// Spikes immediately followed by a wide QRS (ventricular pacing).
        public var ventricularSpikes: Int
        /// Sample index of each spike within the strip.
        public var spikeSamples: [Int]
        /// Of the spikes, those the recorder's low-pass filter smoothed into a
        /// narrow deflection a few samples wide (found at the onset of the QRS
        /// complexes rather than as single-sample spikes).
        public var filteredSpikes: Int
        public init(spikeCount: Int, atrialSpikes: Int, ventricularSpikes: Int, spikeSamples: [Int], filteredSpikes: Int = 0) {
            self.spikeCount = spikeCount
            self.atrialSpikes = atrialSpikes
            self.ventricularSpikes = ventricularSpikes
            self.spikeSamples = spikeSamples
            self.filteredSpikes = filteredSpikes
        }
        public var spikesFound: Bool { spikeCount > 0 }
    }

    /// How clean the strip is.
    public struct SignalQuality: Sendable, Hashable, Codable {
        /// 0 (unreadable) to 1 (clean).
        public var score: Double
        /// Estimated RMS noise outside the QRS complexes, mV.
        public var noiseRMS: Double
        /// Median QRS amplitude, mV.
        public var qrsAmplitude: Double
        /// Too noisy, saturated or flat-lined by a loose lead to call a rhythm.
        public var tooNoisyToCall: Bool
        public init(score: Double, noiseRMS: Double, qrsAmplitude: Double, tooNoisyToCall: Bool) {
            self.score = score
            self.noiseRMS = noiseRMS
            self.qrsAmplitude = qrsAmplitude
            self.tooNoisyToCall = tooNoisyToCall
        }
    }

    /// Whole-window features that need no R peaks: used to recognise VF,
    /// polymorphic VT and asystole.
    public struct ArrestFeatures: Sendable, Hashable, Codable {
        /// Peak-to-peak amplitude: median over 1 s blocks of the highest minus lowest point, mV.
        public var peakToPeak: Double
        /// Dominant frequency of the band-passed signal, Hz.
        public var dominantFrequency: Double
        /// Fraction of spectral power within ±1 Hz of the dominant frequency and its harmonic.
        public var spectralConcentration: Double
        /// Fraction of time the signal's slope is steep (QRS-like); low in VF.
        public var steepFraction: Double
        /// Fraction of 2 s blocks with the signal within a ±0.1 mV band (flat line).
        public var flatFraction: Double
        /// Variation of the beat-to-beat peak amplitude (twisting in torsades).
        public var amplitudeModulation: Double
        /// RMS in the 3-10 Hz band where fibrillation lives (muscle noise and wander removed), mV.
        public var bandRMS: Double
        /// Fraction of the time the trace sits near its baseline (TP segments); low in VF.
        public var isoelectricFraction: Double
        /// The size of a typical wave, as a reader judges coarse against fine VF:
        /// the median rise or fall between successive turning points, mV.
        public var waveSize: Double
        /// Fraction of the detected beats with at least two others of near-identical shape (correlation >= 0.95); 0 below four beats.
        public var beatRecurrence: Double
        /// Rate of the detected beats from their median R-R, per minute (nil below four beats).
        public var detectedBeatRate: Double?
        /// Rate at which the whole trace repeats, from its autocorrelation, per minute (nil: it does not repeat).
        public var cycleRate: Double?
        /// Leakage through the VF filter of Kuo and Dillman (1978): low for sine-like VF, high for sharp complexes.
        public var vfFilterLeakage: Double
        public init(peakToPeak: Double, dominantFrequency: Double, spectralConcentration: Double,
                    steepFraction: Double, flatFraction: Double, amplitudeModulation: Double,
                    bandRMS: Double = 0, isoelectricFraction: Double = 0, waveSize: Double = 0,
                    beatRecurrence: Double = 0, detectedBeatRate: Double? = nil,
                    cycleRate: Double? = nil, vfFilterLeakage: Double = 1) {
            self.cycleRate = cycleRate
            self.beatRecurrence = beatRecurrence
            self.detectedBeatRate = detectedBeatRate
            self.vfFilterLeakage = vfFilterLeakage
            self.waveSize = waveSize
            self.bandRMS = bandRMS
            self.isoelectricFraction = isoelectricFraction
            self.peakToPeak = peakToPeak
            self.dominantFrequency = dominantFrequency
            self.spectralConcentration = spectralConcentration
            self.steepFraction = steepFraction
            self.flatFraction = flatFraction
            self.amplitudeModulation = amplitudeModulation
        }
    }
}
