/// One rhythm of the library: how learners identify it and how to synthesize it.
public struct RhythmDefinition: Sendable, Hashable, Codable, Identifiable {
    /// Stable public identifier (`nsr`, `afib`, `mobitz2`); the file is named `ID.yaml`.
    public var id: String
    /// Display name.
    public var name: String
    /// Other names and abbreviations (`AF`, `A-fib`); `rhythmstrip` accepts them in place of the id.
    public var aliases: [String]
    public var group: RhythmGroup
    /// One or two sentences on what the rhythm is.
    public var summary: String
    public var criteria: RhythmCriteria
    public var synthesis: SynthesisParameters

    /// Whether `name` is this rhythm's id or one of its aliases (case-insensitive).
    public func isNamed(_ name: String) -> Bool {
        let key = name.lowercased()
        return id.lowercased() == key || aliases.contains { $0.lowercased() == key }
    }
}
