import ECGSignal
import Foundation

/// Accuracy of the classifier on synthetic strips of every library rhythm.
public struct SyntheticReport: Sendable, Codable {
    public var stripsPerRhythm: Int
    public var seconds: Double
    /// All strips together.
    public var confusion: ConfusionMatrix
    /// One matrix per SNR (`clean`, `24 dB`, `12 dB`, `6 dB`).
    public var bySNR: [String: ConfusionMatrix]
    /// Strips redrawn with another seed because the rhythm's hallmark (an ectopic beat, a pause, a blocked P) did not occur in them.
    public var redrawn: Int = 0

    public init(stripsPerRhythm: Int, seconds: Double, confusion: ConfusionMatrix = .init(), bySNR: [String: ConfusionMatrix] = [:]) {
        self.stripsPerRhythm = stripsPerRhythm
        self.seconds = seconds
        self.confusion = confusion
        self.bySNR = bySNR
    }

    public static func snrName(_ snr: Double?) -> String { snr.map { "\(Int($0)) dB" } ?? "clean" }
    static let snrOrder = ["clean", "24 dB", "12 dB", "6 dB"]

    /// Strips at 12 dB and above pooled: the issue's target population.
    public var atOrAbove12dB: ConfusionMatrix {
        var pooled = ConfusionMatrix(labels: confusion.labels)
        for name in ["clean", "24 dB", "12 dB"] {
            guard let matrix = bySNR[name] else { continue }
            for (reference, row) in matrix.counts {
                for (predicted, count) in row { for _ in 0..<count { pooled.add(reference: reference, predicted: predicted) } }
            }
        }
        return pooled
    }

    func rows() -> [(id: String, columns: [String], worst: String)] {
        let high = atOrAbove12dB
        return confusion.labels.map { id in
            var columns = Self.snrOrder.map { name in bySNR[name]?.accuracy(id).map { Self.percent($0) } ?? "-" }
            columns.append(high.accuracy(id).map { Self.percent($0) } ?? "-")
            columns.append(confusion.accuracy(id).map { Self.percent($0) } ?? "-")
            let worst = confusion.confusions(of: id).prefix(3).map { "\($0.label) \($0.count)" }.joined(separator: ", ")
            return (id, columns, worst)
        }
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f", value * 100) }

    func macroLine() -> [String] {
        var values = Self.snrOrder.map { name in bySNR[name]?.macroAccuracy.map { Self.percent($0) } ?? "-" }
        values.append(atOrAbove12dB.macroAccuracy.map { Self.percent($0) } ?? "-")
        values.append(confusion.macroAccuracy.map { Self.percent($0) } ?? "-")
        return values
    }

    public func terminalText() -> String {
        var lines = ["Synthetic strips: \(stripsPerRhythm) per rhythm, \(Int(seconds)) s each (accuracy %)"]
        let header = ["rhythm".rightPad(20)] + (Self.snrOrder + [">=12dB", "all"]).map { $0.leftPad(7) } + ["  most confused with"]
        lines.append(header.joined())
        for row in rows() {
            lines.append(([row.id.rightPad(20)] + row.columns.map { $0.leftPad(7) } + ["  " + row.worst]).joined())
        }
        lines.append((["macro".rightPad(20)] + macroLine().map { $0.leftPad(7) }).joined())
        let high = atOrAbove12dB
        let below = confusion.labels.filter { (high.accuracy($0) ?? 1) < 0.85 }
        lines.append("Strips redrawn because the event defining the rhythm did not occur in them: \(redrawn)")
        lines.append("Target: macro >= 95 % at >= 12 dB (\(high.macroAccuracy.map { Self.percent($0) } ?? "-") %), every rhythm >= 85 % (below: \(below.isEmpty ? "none" : below.joined(separator: ", ")))")
        return lines.joined(separator: "\n")
    }

    public func markdown() -> String {
        var lines = ["## Synthetic strips", "", "\(stripsPerRhythm) strips per rhythm, \(Int(seconds)) s, seeds 1...\(stripsPerRhythm), SNR cycling clean / 24 / 12 / 6 dB, 250/360/500 Hz. Accuracy in %.", ""]
        lines.append("| rhythm | " + (Self.snrOrder + ["≥ 12 dB", "all"]).joined(separator: " | ") + " | most confused with |")
        lines.append("|---|" + String(repeating: "---:|", count: Self.snrOrder.count + 2) + "---|")
        for row in rows() { lines.append("| \(row.id) | " + row.columns.joined(separator: " | ") + " | \(row.worst) |") }
        lines.append("| **macro** | " + macroLine().joined(separator: " | ") + " | |")
        lines.append("")
        lines.append("### Confusion matrix (all SNRs; rows: reference, columns: predicted)")
        lines.append("")
        let columns = confusion.allLabels
        lines.append("| reference \\ predicted | " + columns.joined(separator: " | ") + " |")
        lines.append("|---|" + String(repeating: "---:|", count: columns.count))
        for id in confusion.labels {
            let row = columns.map { c in confusion.counts[id]?[c].map(String.init) ?? "" }
            lines.append("| \(id) | " + row.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    func rightPad(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

extension SyntheticReport {
    /// Whether a strip shows what defines its rhythm: the ectopic beats of an
    /// ectopy rhythm, a pause, a blocked P wave. Read from the reference
    /// annotations (the classifier never sees them).
    public static func showsHallmark(_ id: String, _ annotations: [Annotation], fs: Double) -> Bool {
        let beats = annotations.filter { $0.code.isBeat }
        switch id {
        case "sinus-pvc", "vent-bigeminy", "vent-trigeminy":
            return beats.filter { $0.code == .pvc }.count >= 2
        case "pvc-couplets":
            return zip(beats, beats.dropFirst()).contains { $0.code == .pvc && $1.code == .pvc }
        case "sinus-pac":
            return beats.contains { $0.code == .atrialPremature }
        case "sinus-pause":
            return zip(beats, beats.dropFirst()).contains { Double($1.sample - $0.sample) / fs > 1.8 }
        case "mobitz1", "mobitz2":
            // A P wave with another P wave, not a QRS, after it.
            let events = annotations.filter { $0.code == .pWave || $0.code.isBeat }
            return zip(events, events.dropFirst()).contains { $0.code == .pWave && $1.code == .pWave }
        default:
            return true
        }
    }
}
