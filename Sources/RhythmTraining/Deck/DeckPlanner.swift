import ECGSynth
import RhythmLibrary

/// Chooses the strips of a deck: rhythms spread evenly, no rhythm twice in a
/// row where avoidable, rate, noise and ectopy varied with the difficulty,
/// every strip with its own seed so no two strips are the same.
public struct DeckPlanner: Sendable {
    /// Most strips one deck may hold.
    public static let maximumCount = 500

    public var selection: RhythmSelection
    public var count: Int
    public var difficulty: Difficulty
    public var seed: UInt64
    /// Relative weights by rhythm id (missing ids weigh 1); the drill weights
    /// rhythms a learner misses more heavily.
    public var weights: [String: Double]

    public init(selection: RhythmSelection, count: Int, difficulty: Difficulty, seed: UInt64, weights: [String: Double] = [:]) {
        self.selection = selection
        self.count = count
        self.difficulty = difficulty
        self.seed = seed
        self.weights = weights
    }

    /// Checks the count and the selection.
    public func validate() throws {
        guard count >= 1 else { throw TrainingError("--count must be at least 1, not \(count)") }
        guard count <= Self.maximumCount else {
            throw TrainingError("--count \(count) is more than the \(Self.maximumCount) strips one set may hold")
        }
        guard !selection.rhythms.isEmpty else { throw TrainingError("no rhythms to draw strips from") }
    }

    /// The strips, numbered from 1.
    public func plan() throws -> [StripPlan] {
        try validate()
        var random = TrainingRandom(seed: seed)
        let order = rhythmOrder(using: &random)
        var usedSeeds = Set<UInt64>()
        return order.enumerated().map { offset, rhythm in
            var stripSeed = random.next()
            while !usedSeeds.insert(stripSeed).inserted { stripSeed = random.next() }
            return Self.plan(number: offset + 1, rhythm: rhythm, seed: stripSeed, difficulty: difficulty, random: &random)
        }
    }

    /// One more strip of every rhythm in `plans`, in the order the rhythms
    /// first come up: what the browser drill shows when a missed rhythm comes
    /// back, so the learner meets the rhythm again on a strip not yet seen.
    /// Seeds never repeat one of `plans`.
    func comebackPlans(for plans: [StripPlan]) -> [StripPlan] {
        var random = TrainingRandom(seed: seed ^ 0x5350_4152_45)
        var usedSeeds = Set(plans.map(\.seed))
        var seen = Set<String>()
        return plans.compactMap { plan in
            guard seen.insert(plan.rhythm.id).inserted else { return nil }
            var stripSeed = random.next()
            while !usedSeeds.insert(stripSeed).inserted { stripSeed = random.next() }
            return Self.plan(number: 0, rhythm: plan.rhythm, seed: stripSeed, difficulty: difficulty, random: &random)
        }
    }

    /// One strip of `rhythm` at a difficulty (used by the drill for repeats).
    static func plan(number: Int, rhythm: RhythmDefinition, seed: UInt64, difficulty: Difficulty, random: inout TrainingRandom) -> StripPlan {
        let variation = difficulty.variation(using: &random)
        var synthesisRhythm = rhythm
        if var ectopy = rhythm.synthesis.ectopy, let probability = ectopy.probability {
            let span = probability.upperBound - probability.lowerBound
            ectopy.probability = ValueRange(
                probability.lowerBound + span * variation.ectopyBand.lowerBound,
                probability.lowerBound + span * variation.ectopyBand.upperBound)
            synthesisRhythm.synthesis.ectopy = ectopy
        }
        var rate: Double?
        if let range = rateRange(of: rhythm) {
            let band = variation.rateBand[random.index(below: variation.rateBand.count)]
            let low = range.lowerBound + (range.upperBound - range.lowerBound) * band.lowerBound
            let high = range.lowerBound + (range.upperBound - range.lowerBound) * band.upperBound
            rate = random.uniform(low, high).rounded()
        }
        return StripPlan(
            number: number, rhythm: rhythm, synthesisRhythm: synthesisRhythm, seed: seed,
            rate: rate, snr: variation.snr, noise: variation.noise)
    }

    /// The ventricular rates a strip of `rhythm` may be asked for: what the
    /// synthesizer draws from, inside the rhythm's criteria.
    static func rateRange(of rhythm: RhythmDefinition) -> ClosedRange<Double>? {
        guard let criteria = rhythm.criteria.rate.ventricular else { return nil }
        let s = rhythm.synthesis
        var own: ValueRange?
        if let pacing = s.pacing { own = pacing.rate }
        else if let rate = s.ventricles.rate { own = rate }
        else if s.conduction?.mode == .normal || s.conduction == nil, s.atria.mechanism == .sinus { own = s.atria.rate }
        guard let own else { return nil }
        let low = max(own.lowerBound, criteria.lowerBound), high = min(own.upperBound, criteria.upperBound)
        return low < high ? low...high : nil
    }

    /// Rhythms in deck order: each rhythm `count / n` times (weighted when
    /// weights are given), the remainder drawn at random, shuffled so the same
    /// rhythm does not come twice in a row where that can be avoided.
    func rhythmOrder(using random: inout TrainingRandom) -> [RhythmDefinition] {
        let rhythms = selection.rhythms
        let weightOf = rhythms.map { max(0.05, weights[$0.id] ?? 1) }
        let total = weightOf.reduce(0, +)
        // Largest-remainder apportionment of `count` by weight.
        let exact = weightOf.map { Double(count) * $0 / total }
        var shares = exact.map { Int($0) }
        var remainders = exact.enumerated().map { ($0.offset, $0.element - Double(shares[$0.offset]), random.unit()) }
        remainders.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }
        for index in 0..<(count - shares.reduce(0, +)) { shares[remainders[index % remainders.count].0] += 1 }
        var pool: [RhythmDefinition] = []
        for (index, share) in shares.enumerated() { pool += Array(repeating: rhythms[index], count: share) }
        pool = random.shuffled(pool)
        // Break up neighbours: swap a repeat with the first later strip that differs from both sides.
        if pool.count > 2 {
            for i in 1..<pool.count where pool[i].id == pool[i - 1].id {
                if let j = ((i + 1)..<pool.count).first(where: { j in
                    pool[j].id != pool[i - 1].id && (i + 1 >= pool.count || pool[i + 1].id != pool[j].id || j == i + 1)
                }) {
                    pool.swapAt(i, j)
                }
            }
        }
        return pool
    }
}
