import Foundation
import RhythmLibrary

/// The answer key of a deck, as `answers.csv` and `answers.json`.
struct AnswerKey: Encodable, Sendable {
    struct Deck: Codable, Sendable {
        var seed: String
        var count: Int
        var seconds: Double
        var difficulty: String
        var rhythms: String
        var dpi: Double
        var theme: String
        var samplingFrequency: Double
        var generator: String
    }

    struct Entry: Codable, Sendable {
        var number: Int
        var question: String
        var answer: String
        var record: String
        var rhythmID: String
        var rhythmName: String
        var aclsGroup: String
        var rateBPM: Int?
        var atrialRateBPM: Int?
        var regularity: String
        var pWaves: String
        var prSeconds: Double?
        var prPattern: String?
        var qrsSeconds: Double?
        var qrsNote: String?
        var keyFeatures: [String]
        var stripSeed: String
        var measuredBy: String
        /// Measured figures outside the rhythm's documented ranges: check the strip before class.
        var review: [String]
    }

    var deck: Deck
    var strips: [Entry]

    init(deck: Deck, strips: [MadeStrip], names: [String]) {
        self.deck = deck
        self.strips = zip(strips, names).map { strip, name in
            let rhythm = strip.plan.rhythm
            return Entry(
                number: strip.plan.number, question: "\(name).png", answer: "\(name)-answer.png",
                record: "records/\(name)", rhythmID: rhythm.id, rhythmName: rhythm.name,
                aclsGroup: rhythm.group.title, rateBPM: strip.figures.rate, atrialRateBPM: strip.figures.atrialRate,
                regularity: strip.figures.regularity, pWaves: strip.figures.pWaves,
                prSeconds: strip.figures.pr.map(Self.rounded), prPattern: strip.figures.prPattern,
                qrsSeconds: strip.figures.qrs.map(Self.rounded), qrsNote: strip.figures.qrsNote,
                keyFeatures: TeachingPoints.keyFeatures(of: rhythm), stripSeed: String(strip.plan.seed),
                measuredBy: strip.figures.source,
                review: strip.review)
        }
    }

    static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    func csv() -> Data {
        let header = [
            "number", "question_png", "answer_png", "record", "rhythm_id", "rhythm_name", "acls_group",
            "rate_bpm", "atrial_rate_bpm", "regularity", "p_waves", "pr_s", "pr_pattern", "qrs_s", "qrs_note", "key_features",
            "strip_seed", "deck_seed", "review",
        ]
        var lines = [header.joined(separator: ",")]
        for entry in strips {
            let fields: [String] = [
                String(entry.number), entry.question, entry.answer, entry.record, entry.rhythmID, entry.rhythmName,
                entry.aclsGroup, entry.rateBPM.map(String.init) ?? "", entry.atrialRateBPM.map(String.init) ?? "",
                entry.regularity, entry.pWaves, entry.prSeconds.map { String(format: "%.3f", $0) } ?? "", entry.prPattern ?? "",
                entry.qrsSeconds.map { String(format: "%.3f", $0) } ?? "", entry.qrsNote ?? "", entry.keyFeatures.joined(separator: "; "),
                entry.stripSeed, deck.seed, entry.review.joined(separator: "; "),
            ]
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// RFC 4180: quote fields holding commas, quotes or line breaks; double the quotes.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
