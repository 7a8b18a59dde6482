/// How the synthesizer makes strips of one rhythm. Every number is a range;
/// each strip draws its own values from it.
public struct SynthesisParameters: Sendable, Hashable, Codable {
    public var atria: Atria
    public var conduction: Conduction?
    public var ventricles: Ventricles
    public var ectopy: Ectopy?
    public var pacing: Pacing?
    /// The chaotic ventricular wave of ventricular fibrillation.
    public var fibrillation: Fibrillation?
    /// Slow baseline drift of the rhythm itself (asystole), in mV.
    public var drift: ValueRange?

    /// What drives the atria.
    public enum AtrialMechanism: String, Sendable, Hashable, Codable {
        case sinus, multifocal, fibrillation, flutter, paced, none
    }

    public struct Atria: Sendable, Hashable, Codable {
        public var mechanism: AtrialMechanism
        /// P, flutter-wave or fibrillatory-wave rate, per minute.
        public var rate: ValueRange?
        /// Sinus cycle modulation by respiration and low-frequency variability, as a fraction of the cycle.
        public var variability: ValueRange?
        public var pWave: PWave?
        /// Flutter or fibrillatory wave amplitude, peak to peak, mV.
        public var waveAmplitude: ValueRange?
        /// Sinus pauses (sinus arrest): how often and how long.
        public var pauses: Pauses?
        /// Number of distinct ectopic atrial foci (multifocal atrial tachycardia).
        public var foci: ValueRange?
    }

    public struct PWave: Sendable, Hashable, Codable {
        /// mV in lead II; negative values are inverted P waves.
        public var amplitude: ValueRange
        /// Seconds from onset to end.
        public var duration: ValueRange
    }

    public struct Pauses: Sendable, Hashable, Codable {
        /// Seconds of rhythm between pauses.
        public var interval: ValueRange
        /// Seconds from the last P wave before the pause to the next one.
        public var length: ValueRange
    }

    /// How atrial impulses reach the ventricles.
    public enum ConductionMode: String, Sendable, Hashable, Codable {
        /// Every atrial impulse conducts.
        case normal
        /// PR lengthens beat by beat until a P wave is blocked (Mobitz I).
        case wenckebach
        /// Constant PR; now and then a P wave is blocked (Mobitz II).
        case mobitz2
        /// One of every `ratio` atrial impulses conducts.
        case ratio
        /// No atrial impulse conducts (complete block).
        case none
    }

    public struct Conduction: Sendable, Hashable, Codable {
        public var mode: ConductionMode
        /// Seconds, P onset to QRS onset (flutter: flutter-wave onset to QRS onset).
        public var pr: ValueRange?
        /// Wenckebach: PR increase from the first to the second beat of a cycle, seconds.
        public var prIncrement: ValueRange?
        /// Wenckebach and Mobitz II: P waves per cycle, the last one blocked.
        public var group: ValueRange?
        /// Atrial impulses per conducted one (2 for 2:1; a range gives variable block).
        public var ratio: ValueRange?
    }

    /// What depolarises the ventricles.
    public enum VentricularOrigin: String, Sendable, Hashable, Codable {
        /// Atrial impulses through the AV node (sinus, atrial, AF, flutter).
        case conducted
        /// AV-junctional pacemaker, narrow QRS, retrograde or no P waves.
        case junctional
        /// A ventricular focus, wide QRS, no related P waves.
        case ventricular
        /// Polymorphic ventricular tachycardia with a twisting axis.
        case torsades
        /// Chaotic ventricular wave, no QRS complexes.
        case fibrillation
        /// Ventricular pacemaker.
        case paced
        /// No ventricular activity.
        case none
    }

    /// The QRS shape in lead II.
    public enum Morphology: String, Sendable, Hashable, Codable {
        case normal, lbbb, rbbb, ventricular, paced
    }

    /// Where a junctional beat's retrograde P wave falls.
    public enum RetrogradeP: String, Sendable, Hashable, Codable {
        case before, hidden, after
    }

    public struct QRS: Sendable, Hashable, Codable {
        public var morphology: OneOrMany<Morphology>
        /// Seconds, onset to end.
        public var duration: ValueRange
        /// Main deflection, mV.
        public var amplitude: ValueRange
    }

    public struct Ventricles: Sendable, Hashable, Codable {
        public var origin: VentricularOrigin
        /// Own rate of a junctional, ventricular, paced or torsades rhythm; the
        /// mean ventricular response of atrial fibrillation. Per minute.
        public var rate: ValueRange?
        /// Beat-to-beat R–R variation as a fraction of the cycle (atrial
        /// fibrillation: the spread of its irregularly irregular response).
        public var irregularity: ValueRange?
        public var qrs: QRS?
        /// T-wave amplitude as a fraction of the QRS amplitude.
        public var tWave: ValueRange?
        /// Rate-corrected QT (Bazett), seconds.
        public var qtc: ValueRange?
        /// Junctional rhythms: where the retrograde P wave falls, one chosen per strip.
        public var retrogradeP: OneOrMany<RetrogradeP>?
        /// Torsades: seconds for the axis to turn through one full twist.
        public var twistPeriod: ValueRange?
        /// MIT annotation mnemonic for the beats (default from the origin and morphology).
        public var beatCode: String?
    }

    public enum EctopyKind: String, Sendable, Hashable, Codable {
        case pac, pvc
    }

    public enum EctopyPattern: String, Sendable, Hashable, Codable {
        case random, bigeminy, trigeminy, couplets
    }

    /// Premature beats on top of the underlying rhythm.
    public struct Ectopy: Sendable, Hashable, Codable {
        public var kind: EctopyKind
        public var pattern: EctopyPattern
        /// Random and couplet patterns: chance after each normal beat.
        public var probability: ValueRange?
        /// Coupling interval as a fraction of the underlying R–R interval.
        public var coupling: ValueRange
    }

    public struct Pacing: Sendable, Hashable, Codable {
        /// Pacing rate per minute (the lower rate limit).
        public var rate: ValueRange
        /// Spike amplitude, mV.
        public var spikeAmplitude: ValueRange
        /// AV sequential pacing: atrial spike to ventricular spike, seconds.
        public var avDelay: ValueRange?
    }

    public struct Fibrillation: Sendable, Hashable, Codable {
        /// Peak-to-peak amplitude, mV.
        public var amplitude: ValueRange
        /// Dominant frequency, Hz.
        public var frequency: ValueRange
    }
}

extension SynthesisParameters.AtrialMechanism {
    /// The atrial (P, F or f wave) rates the synthesizer can make with this mechanism.
    public var rateLimits: ValueRange { RhythmValidator.Limits.atrialRate(self) }
}
