import Foundation

/// Shockable-rhythm detection on fixed windows, reported in the categories of
/// the AHA recommendations for arrhythmia analysis algorithms (Kerber et al.,
/// Circulation 1997;95:1677-82): shockable (coarse VF: Se > 90 %; rapid VT:
/// Se > 75 %), intermediate (fine VF, other VT: reported only),
/// non-shockable (NSR: Sp > 99 %; other non-shockable rhythms: Sp > 95 %;
/// asystole: Sp > 95 %). Windows the reference marks as noise are reported apart.
public struct ShockableReport: Sendable, Codable {
    /// Counts for one reference category.
    public struct Category: Sendable, Codable {
        public var name: String
        public var windows: Int = 0
        /// Windows the classifier called shockable.
        public var calledShockable: Int = 0
        /// Whether this category should be shocked (Se reported) or not (Sp reported); nil: intermediate.
        public var shouldShock: Bool?
        /// The AHA goal, as a fraction (nil where none).
        public var goal: Double?

        public var performance: Double? {
            guard windows > 0, let shouldShock else { return windows > 0 ? Double(calledShockable) / Double(windows) : nil }
            return Double(shouldShock ? calledShockable : windows - calledShockable) / Double(windows)
        }
    }

    public var windowSeconds: Double
    public var categories: [Category]
    /// Reference labels met and how many windows each had.
    public var labelCounts: [String: Int] = [:]
    /// For each category, what its windows were named (library id or `indeterminate`) and how often.
    public var namedAs: [String: [String: Int]] = [:]

    public init(windowSeconds: Double) {
        self.windowSeconds = windowSeconds
        categories = [
            .init(name: "VF (coarse and fine) + VFL", shouldShock: true, goal: 0.90),
            .init(name: "rapid VT (> 150/min)", shouldShock: true, goal: 0.75),
            .init(name: "slower VT (intermediate)", shouldShock: nil, goal: nil),
            .init(name: "normal sinus rhythm", shouldShock: false, goal: 0.99),
            .init(name: "other non-shockable", shouldShock: false, goal: 0.95),
            .init(name: "asystole", shouldShock: false, goal: 0.95),
            .init(name: "noise (reported apart)", shouldShock: nil, goal: nil),
        ]
    }

    mutating func add(category: Int, shockable: Bool, label: String, named: String? = nil) {
        if let named { namedAs[categories[category].name, default: [:]][named, default: 0] += 1 }
        categories[category].windows += 1
        if shockable { categories[category].calledShockable += 1 }
        labelCounts[label, default: 0] += 1
    }

    static func percent(_ v: Double?) -> String { v.map { String(format: "%.1f", $0 * 100) } ?? "-" }

    public func terminalText() -> String {
        var lines = ["vfdb shockable vs non-shockable (\(Int(windowSeconds)) s windows; AHA, Kerber et al. 1997)",
                     "category                       windows  shocked   result      goal"]
        for c in categories {
            let kind = c.shouldShock == nil ? "shock %" : (c.shouldShock! ? "Se" : "Sp")
            let counts = String(format: " %8d %8d", c.windows, c.calledShockable)
            let result = "  \(kind) \(Self.percent(c.performance))".rightPad(14)
            let goal = c.goal.map { "> \(Int($0 * 100)) %" } ?? ""
            lines.append(c.name.rightPad(30) + counts + result + goal)
        }
        lines.append("Named as (most frequent):")
        for c in categories {
            guard let names = namedAs[c.name], !names.isEmpty else { continue }
            let top = names.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(6)
            lines.append("  " + c.name.rightPad(28) + top.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    public func markdown() -> String {
        var lines = ["## vfdb: shockable rhythms", "",
                     "\(Int(windowSeconds)) s windows lying wholly inside one reference rhythm label; shockable = VF, VFL, VT above 150/min (VT rate measured with the R-peak detector, as vfdb has no beat labels).", "",
                     "| reference | windows | called shockable | result | AHA goal |", "|---|---:|---:|---:|---:|"]
        for c in categories {
            let kind = c.shouldShock == nil ? "shocked" : (c.shouldShock! ? "Se" : "Sp")
            lines.append("| \(c.name) | \(c.windows) | \(c.calledShockable) | \(kind) \(Self.percent(c.performance)) % | \(c.goal.map { "> \(Int($0 * 100)) %" } ?? "-") |")
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }
}
