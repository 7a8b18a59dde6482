import RhythmLibrary

/// Reads a learner's answer: an option number, a rhythm id, an alias or the
/// name, forgiving small typos (edit distance) and case.
public struct AnswerMatcher: Sendable {
    /// The rhythms answers may name; numbers count from 1 in this order.
    public var options: [RhythmDefinition]
    /// Every rhythm of the library, so a learner may name one outside the options.
    public var library: RhythmLibrary

    public init(options: [RhythmDefinition], library: RhythmLibrary = .builtIn) {
        self.options = options
        self.library = library
    }

    public enum Match: Sendable, Equatable {
        case rhythm(RhythmDefinition)
        /// Close to several rhythms: the learner should be more precise.
        case ambiguous([RhythmDefinition])
        case unknown
    }

    public func match(_ input: String) -> Match {
        let text = Self.normalized(input)
        guard !text.isEmpty else { return .unknown }
        if let number = Int(text) {
            return options.indices.contains(number - 1) ? .rhythm(options[number - 1]) : .unknown
        }
        let candidates = library.definitions
        // Exact id, alias or name.
        if let exact = candidates.first(where: { names(of: $0).contains(text) }) { return .rhythm(exact) }
        // Small typos: the closest name within a tolerance that grows with the length.
        var best: [(RhythmDefinition, Int)] = []
        for definition in candidates {
            let distance = names(of: definition).map { EditDistance.between(text, $0) }.min() ?? .max
            best.append((definition, distance))
        }
        let tolerance = text.count <= 3 ? 0 : (text.count <= 6 ? 1 : 2)
        let closest = best.map(\.1).min() ?? .max
        if closest <= tolerance {
            let winners = best.filter { $0.1 == closest }.map(\.0)
            if winners.count == 1 { return .rhythm(winners[0]) }
            // Prefer the one among the options.
            let offered = winners.filter { winner in options.contains { $0.id == winner.id } }
            return offered.count == 1 ? .rhythm(offered[0]) : .ambiguous(winners)
        }
        // A unique prefix of an id or name among the options ("mobitz1" from "mobitz 1", "afib" from "atrial fib").
        if text.count >= 4 {
            let prefixed = options.filter { definition in names(of: definition).contains { $0.hasPrefix(text) } }
            if prefixed.count == 1 { return .rhythm(prefixed[0]) }
            if prefixed.count > 1 { return .ambiguous(prefixed) }
        }
        return .unknown
    }

    private func names(of definition: RhythmDefinition) -> [String] {
        ([definition.id, definition.name] + definition.aliases).map(Self.normalized)
    }

    /// Lowercased, with runs of spaces, hyphens and underscores as one space.
    static func normalized(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in text.lowercased() {
            if character == " " || character == "-" || character == "_" || character == "\t" {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }
}
