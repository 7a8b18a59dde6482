import RhythmLibrary

/// The order of a drill's strips and its score. A missed rhythm comes back
/// three strips later on a fresh strip, one named right but slower than a timed
/// drill's target five strips later (spaced repetition within the session);
/// the session keeps its length.
public struct DrillSession: Sendable {
    public struct Answer: Sendable {
        public var plan: StripPlan
        public var answeredID: String
        public var seconds: Double
        /// Right, but over the time target of a timed drill.
        public var isSlow = false
        public var isCorrect: Bool { plan.rhythm.id == answeredID }
    }

    /// How many strips later a missed rhythm comes back.
    public static let repeatGap = 3
    /// How many strips later a rhythm named right but too slowly comes back.
    public static let slowRepeatGap = 5
    public static let maximumCount = 200

    public private(set) var queue: [StripPlan]
    public private(set) var position = 0
    public private(set) var answers: [Answer] = []
    public let difficulty: Difficulty
    private var random: TrainingRandom

    public init(selection: RhythmSelection, count: Int, seed: UInt64, difficulty: Difficulty, weights: [String: Double] = [:]) throws {
        guard count <= Self.maximumCount else {
            throw TrainingError("--count \(count) is more than the \(Self.maximumCount) strips one drill may hold")
        }
        let planner = DeckPlanner(selection: selection, count: count, difficulty: difficulty, seed: seed, weights: weights)
        queue = try planner.plan()
        self.difficulty = difficulty
        random = TrainingRandom(seed: seed ^ 0x4452_494C_4C)
    }

    public var current: StripPlan? { position < queue.count ? queue[position] : nil }
    public var isFinished: Bool { position >= queue.count }
    public var score: Int { answers.filter(\.isCorrect).count }
    /// Right answers over the time target.
    public var slowCount: Int { answers.filter(\.isSlow).count }

    /// Records the answer to the current strip and moves on. Returns whether
    /// the rhythm was scheduled to come back (missed, or right but `slow`).
    @discardableResult
    public mutating func answer(_ id: String, seconds: Double = 0, slow: Bool = false) -> Bool {
        guard let plan = current else { return false }
        let right = id == plan.rhythm.id
        answers.append(Answer(plan: plan, answeredID: id, seconds: seconds, isSlow: right && slow))
        position += 1
        guard !right || slow else { return false }
        let slot = position + (right ? Self.slowRepeatGap : Self.repeatGap) - 1
        guard slot < queue.count else { return false }
        let comeback = DeckPlanner.plan(
            number: 0, rhythm: plan.rhythm, seed: random.next(), difficulty: difficulty, random: &random)
        queue.insert(comeback, at: slot)
        queue.removeLast()
        for index in queue.indices { queue[index].number = index + 1 }
        return true
    }

    /// Right and total per rhythm id, in the order rhythms first came up.
    public var scoreByRhythm: [(rhythm: RhythmDefinition, right: Int, total: Int)] {
        var order: [String] = []
        var table: [String: (RhythmDefinition, Int, Int)] = [:]
        for answer in answers {
            let id = answer.plan.rhythm.id
            if table[id] == nil { order.append(id); table[id] = (answer.plan.rhythm, 0, 0) }
            table[id]!.1 += answer.isCorrect ? 1 : 0
            table[id]!.2 += 1
        }
        return order.map { (table[$0]!.0, table[$0]!.1, table[$0]!.2) }
    }

    /// Median seconds to answer, by rhythm id.
    public var medianSecondsByRhythm: [String: Double] {
        Dictionary(grouping: answers, by: \.plan.rhythm.id).compactMapValues { DrillTiming.median($0.map(\.seconds)) }
    }

    /// (correct rhythm id, answered id) → times.
    public var confusions: [(rhythm: String, answered: String, count: Int)] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for answer in answers where !answer.isCorrect {
            let key = answer.plan.rhythm.id + "\u{0}" + answer.answeredID
            if counts[key] == nil { order.append(key) }
            counts[key, default: 0] += 1
        }
        return order.map { key in
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            return (parts[0], parts[1], counts[key]!)
        }
    }
}
