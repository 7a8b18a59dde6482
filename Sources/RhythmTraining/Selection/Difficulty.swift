import ECGSynth

/// How hard the strips of a deck or drill are to read.
public enum Difficulty: String, Sendable, CaseIterable, Codable {
    /// Textbook strips: clean baseline, rates in the middle of the rhythm's range, obvious ectopy.
    case easy
    /// Half textbook, half with recording noise and rates anywhere in the range.
    case mixed
    /// Noisy strips (wander, muscle, mains, electrode motion), rates near the
    /// edges of the range, sparse ectopy.
    case hard

    /// What one strip looks like at this difficulty.
    struct Variation: Sendable, Hashable {
        /// Where in the rhythm's ventricular-rate range to draw (fractions of it).
        var rateBand: [ClosedRange<Double>]
        var snr: Double?
        var noise: Set<NoiseKind>
        /// Where in the ectopy probability range to draw (0 = the rarest).
        var ectopyBand: ClosedRange<Double>
    }

    func variation(using random: inout TrainingRandom) -> Variation {
        switch self {
        case .easy:
            return Variation(rateBand: [0.25...0.75], snr: nil, noise: [], ectopyBand: 0.7...1)
        case .mixed:
            if random.chance(0.5) {
                return Difficulty.easy.variation(using: &random)
            }
            let snr = random.uniform(20, 28)
            return Variation(rateBand: [0...1], snr: snr, noise: [.wander, .muscle], ectopyBand: 0...1)
        case .hard:
            var noise: Set<NoiseKind> = [.wander, .muscle]
            if random.chance(0.4) { noise.insert(.mains) }
            if random.chance(0.25) { noise.insert(.motion) }
            return Variation(rateBand: [0...0.2, 0.8...1], snr: random.uniform(12, 18), noise: noise, ectopyBand: 0...0.4)
        }
    }
}
