/// Counts of (reference, predicted) labels, with per-class and macro accuracy.
public struct ConfusionMatrix: Sendable, Hashable, Codable {
    /// Reference labels, in the order rows are reported.
    public private(set) var labels: [String]
    /// `counts[reference][predicted]`.
    public private(set) var counts: [String: [String: Int]]

    public init(labels: [String] = []) {
        self.labels = labels
        self.counts = [:]
    }

    public mutating func add(reference: String, predicted: String) {
        if !labels.contains(reference) { labels.append(reference) }
        counts[reference, default: [:]][predicted, default: 0] += 1
    }

    /// Strips with this reference label.
    public func total(_ reference: String) -> Int { counts[reference]?.values.reduce(0, +) ?? 0 }

    /// Fraction of this reference label's strips named correctly; nil with none.
    public func accuracy(_ reference: String) -> Double? {
        let total = total(reference)
        guard total > 0 else { return nil }
        return Double(counts[reference]?[reference] ?? 0) / Double(total)
    }

    /// Mean of the per-class accuracies (each rhythm weighs the same).
    public var macroAccuracy: Double? {
        let values = labels.compactMap { accuracy($0) }
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The most frequent wrong labels for a reference label, most frequent first.
    public func confusions(of reference: String) -> [(label: String, count: Int)] {
        (counts[reference] ?? [:]).filter { $0.key != reference }
            .map { (label: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }
    }

    /// All labels that appear as reference or prediction, references first.
    public var allLabels: [String] {
        var result = labels
        for row in counts.values { for key in row.keys where !result.contains(key) { result.append(key) } }
        return result
    }
}
