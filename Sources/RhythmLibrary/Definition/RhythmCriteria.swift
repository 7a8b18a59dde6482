/// The identification criteria a learner is taught for one rhythm.
///
/// Each item has the text a learner reads; items that can be measured on a
/// strip also carry numbers, which the fidelity tests check synthetic strips
/// against.
public struct RhythmCriteria: Sendable, Hashable, Codable {
    /// Rate, in beats (or waves) per minute.
    public struct Rate: Sendable, Hashable, Codable {
        public var text: String
        /// Ventricular (QRS) rate over the strip; absent when there are no QRS complexes.
        public var ventricular: ValueRange?
        /// Atrial rate (P, flutter or fibrillatory waves) where it is defined.
        public var atrial: ValueRange?
    }

    /// The regularity of the ventricular rhythm.
    public enum RegularityKind: String, Sendable, Hashable, Codable {
        /// R–R intervals constant.
        case regular
        /// Regular underlying rhythm interrupted by premature beats or pauses.
        case irregular
        /// Irregular in a repeating, grouped pattern (Wenckebach, bigeminy).
        case patterned
        /// No pattern at all (atrial fibrillation, multifocal atrial tachycardia).
        case irregularlyIrregular = "irregularly-irregular"
        /// Varies with respiration (sinus arrhythmia).
        case phasic
        /// No organised complexes to measure (VF, asystole).
        case none
    }

    public struct Regularity: Sendable, Hashable, Codable {
        public var text: String
        public var kind: RegularityKind
    }

    public struct Item: Sendable, Hashable, Codable {
        public var text: String
        /// Seconds, where the item is an interval or a duration.
        public var seconds: ValueRange?
    }

    /// A rhythm this one is commonly confused with, and how to tell them apart.
    public struct Confusion: Sendable, Hashable, Codable {
        public var id: String
        public var how: String
    }

    public var rate: Rate
    public var regularity: Regularity
    public var pWaves: Item
    public var prInterval: Item
    public var qrs: Item
    /// What sets this rhythm apart, one point per line.
    public var features: [String]
    public var confusions: [Confusion]
}
