import Foundation

/// Per-record scores with their gross and average lines, and their renderings
/// as a terminal table, JSON, CSV and Markdown.
public struct EvaluationReport: Sendable, Codable, Equatable {
    /// One line of summary figures.
    public struct Summary: Sendable, Codable, Equatable {
        public var truePositives: Int
        public var falseNegatives: Int
        public var falsePositives: Int
        public var sensitivity: Double?
        public var positivePredictivity: Double?
        public var f1: Double?
        /// Mean and standard deviation of the matched beats' offsets, seconds.
        public var meanOffset: Double?
        public var offsetStandardDeviation: Double?
    }

    public var referenceAnnotator: String
    public var testAnnotator: String
    /// Match window in seconds.
    public var window: Double
    /// Learning period in seconds (not scored).
    public var learningPeriod: Double
    public var records: [RecordScore]

    public init(referenceAnnotator: String, testAnnotator: String, window: Double,
                learningPeriod: Double, records: [RecordScore]) {
        self.referenceAnnotator = referenceAnnotator
        self.testAnnotator = testAnnotator
        self.window = window
        self.learningPeriod = learningPeriod
        self.records = records
    }

    /// Pooled counts over all records (EC57 "gross" statistics).
    public var gross: Summary {
        var pooled = RecordScore(record: "gross", truePositives: 0, falseNegatives: 0, falsePositives: 0)
        for r in records {
            pooled.truePositives += r.truePositives
            pooled.falseNegatives += r.falseNegatives
            pooled.falsePositives += r.falsePositives
            pooled.offsetSum += r.offsetSum
            pooled.offsetSquareSum += r.offsetSquareSum
        }
        return Summary(
            truePositives: pooled.truePositives, falseNegatives: pooled.falseNegatives,
            falsePositives: pooled.falsePositives, sensitivity: pooled.sensitivity,
            positivePredictivity: pooled.positivePredictivity, f1: pooled.f1,
            meanOffset: pooled.meanOffset, offsetStandardDeviation: pooled.offsetStandardDeviation)
    }

    /// Means of the per-record figures (EC57 "average" statistics); records
    /// where a figure is undefined are left out of its mean.
    public var average: Summary {
        func mean(_ values: [Double?]) -> Double? {
            let v = values.compactMap { $0 }
            return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
        }
        let n = Double(max(records.count, 1))
        return Summary(
            truePositives: Int((Double(records.map(\.truePositives).reduce(0, +)) / n).rounded()),
            falseNegatives: Int((Double(records.map(\.falseNegatives).reduce(0, +)) / n).rounded()),
            falsePositives: Int((Double(records.map(\.falsePositives).reduce(0, +)) / n).rounded()),
            sensitivity: mean(records.map(\.sensitivity)),
            positivePredictivity: mean(records.map(\.positivePredictivity)),
            f1: mean(records.map(\.f1)),
            meanOffset: mean(records.map(\.meanOffset)),
            offsetStandardDeviation: mean(records.map(\.offsetStandardDeviation)))
    }

    private static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "-"
    }

    private static func milliseconds(_ value: Double?) -> String {
        value.map { String(format: "%.1f", $0 * 1000) } ?? "-"
    }

    private func rows() -> [[String]] {
        var rows = records.map { r in
            [r.record, "\(r.truePositives)", "\(r.falseNegatives)", "\(r.falsePositives)",
             Self.percent(r.sensitivity), Self.percent(r.positivePredictivity), Self.percent(r.f1),
             Self.milliseconds(r.meanOffset), Self.milliseconds(r.offsetStandardDeviation)]
        }
        for (name, s) in [("gross", gross), ("average", average)] {
            rows.append([name, "\(s.truePositives)", "\(s.falseNegatives)", "\(s.falsePositives)",
                         Self.percent(s.sensitivity), Self.percent(s.positivePredictivity), Self.percent(s.f1),
                         Self.milliseconds(s.meanOffset), Self.milliseconds(s.offsetStandardDeviation)])
        }
        return rows
    }

    static let header = ["Record", "TP", "FN", "FP", "Se %", "+P %", "F1 %", "Offset ms", "SD ms"]

    /// A fixed-width table for the terminal.
    public var table: String {
        let all = [Self.header] + rows()
        let widths = (0..<Self.header.count).map { c in all.map { $0[c].count }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        var lines = [line(Self.header)]
        let body = rows()
        for (i, row) in body.enumerated() {
            if i == body.count - 2 { lines.append(String(repeating: "-", count: lines[0].count)) }
            lines.append(line(row))
        }
        lines.append("")
        lines.append(String(format: "Reference %@, test %@, match window %.3f s, learning period %.1f s (EC57 as bxb scores it).",
                            referenceAnnotator, testAnnotator, window, learningPeriod))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Comma-separated values with a header line; gross and average last.
    public var csv: String {
        let head = ["record", "tp", "fn", "fp", "sensitivity", "positive_predictivity", "f1",
                    "mean_offset_ms", "offset_sd_ms"]
        return ([head] + rows()).map { $0.map { $0 == "-" ? "" : $0 }.joined(separator: ",") }
            .joined(separator: "\n") + "\n"
    }

    /// A Markdown report: settings, then the table.
    public var markdown: String {
        var text = "# Beat-by-beat evaluation\n\n"
        text += String(format: "Reference annotator `%@`, test annotator `%@`; match window %.3f s; ",
                       referenceAnnotator, testAnnotator, window)
        text += String(format: "learning period %.1f s; reference beats inside `[`…`]` (flutter) are not scored; ", learningPeriod)
        text += "only beat annotations count (ANSI/AAMI EC57, as WFDB `bxb` scores it). "
        text += "Gross: pooled counts; average: mean of per-record figures.\n\n"
        text += "| " + Self.header.joined(separator: " | ") + " |\n"
        text += "|" + Self.header.enumerated().map { c, _ in c == 0 ? "---" : "---:" }.joined(separator: "|") + "|\n"
        for row in rows() {
            let cells = row.first == "gross" || row.first == "average" ? row.map { "**\($0)**" } : row
            text += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return text
    }

    /// Pretty-printed JSON with the records, gross and average figures.
    public func json() throws -> Data {
        struct Document: Encodable {
            var referenceAnnotator: String, testAnnotator: String
            var window: Double, learningPeriod: Double
            var records: [Line], gross: Summary, average: Summary
        }
        struct Line: Encodable {
            var record: String, truePositives: Int, falseNegatives: Int, falsePositives: Int
            var sensitivity: Double?, positivePredictivity: Double?, f1: Double?
            var meanOffset: Double?, offsetStandardDeviation: Double?
        }
        let lines = records.map {
            Line(record: $0.record, truePositives: $0.truePositives, falseNegatives: $0.falseNegatives,
                 falsePositives: $0.falsePositives, sensitivity: $0.sensitivity,
                 positivePredictivity: $0.positivePredictivity, f1: $0.f1,
                 meanOffset: $0.meanOffset, offsetStandardDeviation: $0.offsetStandardDeviation)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(Document(
            referenceAnnotator: referenceAnnotator, testAnnotator: testAnnotator, window: window,
            learningPeriod: learningPeriod, records: lines, gross: gross, average: average))
    }
}
