import Foundation

/// A learner's record across drill sessions, kept as JSON in the user's data
/// folder. Each rhythm sits in a Leitner box (1-5): a miss sends it back to
/// box 1, a right answer moves it up one (in a timed drill only a right answer
/// inside the time target does); low boxes come up more often.
public struct DrillProgress: Codable, Sendable, Equatable {
    public struct RhythmRecord: Codable, Sendable, Equatable {
        public var seen = 0
        public var correct = 0
        public var box = 1
        /// What the learner answered instead, by rhythm id, with counts.
        public var confusedWith: [String: Int] = [:]
        public var secondsAnswering = 0.0
        /// Right answers slower than the time target (timed drills).
        public var slow: Int?
        /// Seconds of the latest timed answers, oldest first (at most `recentLimit`).
        public var recentSeconds: [Double]?
        public init() {}

        /// Median of the latest timed answers.
        public var medianSeconds: Double? { DrillTiming.median(recentSeconds ?? []) }
    }

    /// One timed session, for the trend `drill --stats` shows.
    public struct TimedSession: Codable, Sendable, Equatable {
        public var answered: Int
        public var correct: Int
        /// Right answers over the time target.
        public var slow: Int
        public var medianSeconds: Double
        public var timeLimit: Double
        public init(answered: Int, correct: Int, slow: Int, medianSeconds: Double, timeLimit: Double) {
            self.answered = answered
            self.correct = correct
            self.slow = slow
            self.medianSeconds = medianSeconds
            self.timeLimit = timeLimit
        }
    }

    /// How many timed answers per rhythm are kept for its median time.
    public static let recentLimit = 20

    public var version = 1
    public var sessions = 0
    public var rhythms: [String: RhythmRecord] = [:]
    /// Timed sessions, oldest first (absent in files written before timing was scored).
    public var timedSessions: [TimedSession]?

    public init() {}

    /// Where the progress file lives: `$RHYTHMSTRIP_PROGRESS_DIR`, else
    /// `$XDG_DATA_HOME/rhythmstrip`, else `~/.local/share/rhythmstrip`.
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let custom = environment["RHYTHMSTRIP_PROGRESS_DIR"], !custom.isEmpty {
            return URL(fileURLWithPath: custom, isDirectory: true)
        }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("rhythmstrip", isDirectory: true)
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".local/share/rhythmstrip", isDirectory: true)
    }

    public static func file(in folder: URL) -> URL { folder.appendingPathComponent("progress.json") }

    /// The saved progress, or a fresh one when there is none yet.
    public static func load(from file: URL) throws -> DrillProgress {
        guard FileManager.default.fileExists(atPath: file.path) else { return DrillProgress() }
        do {
            return try JSONDecoder().decode(DrillProgress.self, from: Data(contentsOf: file))
        } catch {
            throw TrainingError("\(file.path): cannot read the drill progress (\(error.localizedDescription)); move the file away to start afresh")
        }
    }

    /// Writes through a temporary file and a rename.
    public func save(to file: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try encoder.encode(self).write(to: file, options: .atomic)
        } catch {
            throw TrainingError("\(file.path): cannot save the drill progress (\(error.localizedDescription))")
        }
    }

    /// Records one answer. `timeLimit` is the timed drill's target: a right
    /// answer slower than it leaves the rhythm in its box, so it keeps coming up
    /// as often as before.
    public mutating func record(rhythm: String, answered: String, seconds: Double, timeLimit: Double? = nil) {
        var entry = rhythms[rhythm] ?? RhythmRecord()
        entry.seen += 1
        entry.secondsAnswering += seconds
        if timeLimit != nil {
            entry.recentSeconds = Array(((entry.recentSeconds ?? []) + [seconds]).suffix(Self.recentLimit))
        }
        if answered == rhythm {
            entry.correct += 1
            if let timeLimit, seconds > timeLimit {
                entry.slow = (entry.slow ?? 0) + 1
            } else {
                entry.box = min(5, entry.box + 1)
            }
        } else {
            entry.box = 1
            entry.confusedWith[answered, default: 0] += 1
        }
        rhythms[rhythm] = entry
    }

    /// How often each rhythm should come up: rhythms in box 1 four times as
    /// often as mastered ones; unseen rhythms a little more than average.
    public func weights(for ids: [String]) -> [String: Double] {
        let byBox: [Int: Double] = [1: 3, 2: 2, 3: 1.4, 4: 1, 5: 0.75]
        var result: [String: Double] = [:]
        for id in ids {
            guard let entry = rhythms[id] else { result[id] = 1.5; continue }
            result[id] = byBox[entry.box] ?? 1
        }
        return result
    }
}
