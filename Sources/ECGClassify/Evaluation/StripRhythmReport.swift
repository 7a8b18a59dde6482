import ECGSignal
import Foundation

/// Strips of real records named by the strip classifier, scored per reference
/// rhythm as the accuracy of the rhythm family: a strip is right when its name
/// is one of the family's library ids (``families``).
///
/// The families: sinus stretches (`(N`) whose beats are all normal must be named
/// a sinus rhythm (nsr, sinus-brady, sinus-tach, sinus-arrhythmia, av-block-1);
/// all bundle branch block beats (`L`, `R`), sinus rhythm with bundle branch block;
/// with other beats, any sinus name with or without ectopy. Paced stretches
/// (`(P`) must be named a paced rhythm. Every other label keeps the ids of
/// ``ReferenceRhythmLabels/mitdb`` (labels with none, such as `(PREX`, are not scored).
public struct StripRhythmReport: Sendable, Codable {
    /// One family: the reference it scores and the library ids that agree with it.
    public struct Family: Sendable, Codable, Hashable {
        /// The category key: the reference label, for `(N` with the beats it holds.
        public var category: String
        public var meaning: String
        public var ids: [String]
    }

    /// One strip and the name it was given.
    public struct Strip: Sendable, Codable, Hashable {
        public var record: String
        /// Seconds from the start of the record.
        public var start: Double
        public var category: String
        /// Library id, or `indeterminate`.
        public var named: String
        /// QRS width the strip classifier reported, seconds.
        public var qrsWidth: Double?
    }

    /// One line of the table.
    public struct Row: Sendable, Codable, Hashable {
        public var category: String
        public var meaning: String
        public var family: [String]
        public var strips: Int
        public var right: Int
        public var accuracy: Double?
        /// What the strips were named, and how often.
        public var namedAs: [String: Int]
        /// Strips whose QRS was reported 0.12 s or wider.
        public var wideQRS: Int
        public var medianQRS: Double?
    }

    /// Strips of one paced record.
    public struct PacedRecord: Sendable, Codable, Hashable {
        public var record: String
        /// Strips inside `(P` stretches and how many were named paced.
        public var pacedStrips: Int
        public var namedPaced: Int
        /// Of those, with a QRS reported 0.12 s or wider.
        public var wideQRS: Int
    }

    public static let sinusIDs = ["nsr", "sinus-brady", "sinus-tach", "sinus-arrhythmia", "av-block-1"]
    public static let pacedIDs = ["paced-ventricular", "paced-av", "paced-atrial"]
    static let allNormal = "(N, every beat N"
    static let allBundleBranchBlock = "(N, every beat L or R"
    static let otherBeats = "(N, other beats too"

    /// The families in table order.
    public static let families: [Family] = {
        var list: [Family] = [
            .init(category: allNormal, meaning: "sinus rhythm, every beat normal", ids: sinusIDs),
            .init(category: allBundleBranchBlock, meaning: "sinus rhythm with bundle branch block", ids: ["sinus-bbb"]),
            .init(category: otherBeats, meaning: "sinus rhythm with ectopic, escape or fusion beats",
                  ids: ReferenceRhythmLabels.entry(for: "(N")?.ids ?? sinusIDs),
            .init(category: "(P", meaning: "paced rhythm", ids: pacedIDs),
        ]
        for entry in ReferenceRhythmLabels.mitdb where !entry.ids.isEmpty && !["(N", "(P"].contains(entry.label) {
            list.append(.init(category: entry.label, meaning: entry.meaning, ids: entry.ids))
        }
        return list
    }()

    /// The category of a strip inside a stretch labelled `label` holding beats of these codes (nil: not scored).
    static func category(label: String, beatCodes: Set<AnnotationCode>) -> String? {
        let clean = label.trimmingCharacters(in: .whitespacesAndNewlines.union(.init(charactersIn: "\0")))
        if clean == "(N" {
            guard !beatCodes.isEmpty else { return nil }
            if beatCodes == [.normal] { return allNormal }
            if beatCodes.isSubset(of: [.leftBundleBranchBlock, .rightBundleBranchBlock]) { return allBundleBranchBlock }
            return otherBeats
        }
        return families.contains { $0.category == clean } ? clean : nil
    }

    public var seconds: Double
    public var every: Double
    public var offset: Double
    public var lead: Int
    public var strips: [Strip] = []

    public init(seconds: Double, every: Double, offset: Double, lead: Int) {
        self.seconds = seconds
        self.every = every
        self.offset = offset
        self.lead = lead
    }

    /// One row per family with strips.
    public var rows: [Row] {
        Self.families.compactMap { family in
            let mine = strips.filter { $0.category == family.category }
            guard !mine.isEmpty else { return nil }
            let right = mine.filter { family.ids.contains($0.named) }.count
            var named: [String: Int] = [:]
            for strip in mine { named[strip.named, default: 0] += 1 }
            let widths = mine.compactMap(\.qrsWidth).sorted()
            return Row(category: family.category, meaning: family.meaning, family: family.ids, strips: mine.count, right: right,
                       accuracy: Double(right) / Double(mine.count), namedAs: named,
                       wideQRS: widths.filter { $0 >= 0.12 }.count, medianQRS: widths.isEmpty ? nil : widths[widths.count / 2])
        }
    }

    /// The records with paced stretches, strip by strip.
    public var pacedRecords: [PacedRecord] {
        let names = Array(Set(strips.filter { $0.category == "(P" }.map(\.record))).sorted()
        return names.map { name in
            let mine = strips.filter { $0.record == name && $0.category == "(P" }
            return PacedRecord(record: name, pacedStrips: mine.count, namedPaced: mine.filter { Self.pacedIDs.contains($0.named) }.count,
                               wideQRS: mine.filter { ($0.qrsWidth ?? 0) >= 0.12 }.count)
        }
    }

    /// Strips outside paced stretches that were named paced, by record.
    public var namedPacedOutsidePacing: [String: Int] {
        var counts: [String: Int] = [:]
        for strip in strips where strip.category != "(P" && Self.pacedIDs.contains(strip.named) { counts[strip.record, default: 0] += 1 }
        return counts
    }

    /// Mean of the rows' accuracies (each reference rhythm counts once).
    public var macroAccuracy: Double? {
        let values = rows.compactMap(\.accuracy)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    enum CodingKeys: String, CodingKey { case seconds, every, offset, lead, strips, rows, pacedRecords, namedPacedOutsidePacing, macroAccuracy }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        seconds = try container.decode(Double.self, forKey: .seconds)
        every = try container.decode(Double.self, forKey: .every)
        offset = try container.decode(Double.self, forKey: .offset)
        lead = try container.decode(Int.self, forKey: .lead)
        strips = try container.decode([Strip].self, forKey: .strips)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(every, forKey: .every)
        try container.encode(offset, forKey: .offset)
        try container.encode(lead, forKey: .lead)
        try container.encode(strips, forKey: .strips)
        try container.encode(rows, forKey: .rows)
        try container.encode(pacedRecords, forKey: .pacedRecords)
        try container.encode(namedPacedOutsidePacing, forKey: .namedPacedOutsidePacing)
        try container.encodeIfPresent(macroAccuracy, forKey: .macroAccuracy)
    }

    static func percent(_ v: Double?) -> String { v.map { String(format: "%.1f", $0 * 100) } ?? "-" }

    static func topNames(_ named: [String: Int], except family: [String], count: Int = 4) -> String {
        named.filter { !family.contains($0.key) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(count).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    var title: String {
        "Real strips: \(Self.number(seconds)) s every \(Self.number(every)) s from \(Self.number(offset)) s, lead \(lead), each wholly inside one reference rhythm stretch"
    }

    static func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v) }

    public func terminalText() -> String {
        var lines = [title,
                     "reference                strips  right  accuracy  QRS >= 0.12 s  named instead (most often)"]
        for row in rows {
            lines.append(row.category.rightPad(24) + String(format: " %6d %6d %8@ %%", row.strips, row.right, Self.percent(row.accuracy) as NSString)
                         + String(format: "  %6d of %-4d  ", row.wideQRS, row.strips) + Self.topNames(row.namedAs, except: row.family))
        }
        lines.append("Macro accuracy (each reference row once): \(Self.percent(macroAccuracy)) %")
        let paced = pacedRecords
        if !paced.isEmpty {
            lines.append("Paced strips per record (named paced / strips, QRS >= 0.12 s): "
                         + paced.map { "\($0.record) \($0.namedPaced)/\($0.pacedStrips) (wide \($0.wideQRS))" }.joined(separator: ", "))
        }
        let outside = namedPacedOutsidePacing
        lines.append("Strips outside (P named paced: \(outside.values.reduce(0, +))"
                     + (outside.isEmpty ? "" : " (" + outside.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"))
        lines.append("Families: " + Self.families.filter { f in rows.contains { $0.category == f.category } }
            .map { "\($0.category) = \($0.ids.joined(separator: "/"))" }.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }

    public func markdown() -> String {
        var lines = ["## Real strips by reference rhythm", "",
                     "\(title). A strip is right when its name is in the family of its reference rhythm.", "",
                     "| reference | meaning | family | strips | right | accuracy | QRS >= 0.12 s | named instead |",
                     "|---|---|---|---:|---:|---:|---:|---|"]
        for row in rows {
            lines.append("| \(row.category) | \(row.meaning) | \(row.family.joined(separator: ", ")) | \(row.strips) | \(row.right) | \(Self.percent(row.accuracy)) % | \(row.wideQRS) | \(Self.topNames(row.namedAs, except: row.family, count: 6)) |")
        }
        lines.append("")
        lines.append("Macro accuracy (each reference row once): \(Self.percent(macroAccuracy)) %.")
        let paced = pacedRecords
        if !paced.isEmpty {
            lines += ["", "| paced record | strips in (P | named paced | QRS >= 0.12 s |", "|---|---:|---:|---:|"]
            for r in paced { lines.append("| \(r.record) | \(r.pacedStrips) | \(r.namedPaced) | \(r.wideQRS) |") }
        }
        let outside = namedPacedOutsidePacing
        lines += ["", "Strips outside `(P` named paced: \(outside.values.reduce(0, +))"
                  + (outside.isEmpty ? "." : " (" + outside.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")."), ""]
        return lines.joined(separator: "\n")
    }
}
