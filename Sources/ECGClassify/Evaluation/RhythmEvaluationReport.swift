/// The reports of `rhythmstrip evaluate-rhythm`, each present when asked for.
public struct RhythmEvaluationReport: Sendable, Codable {
    public var synthetic: SyntheticReport?
    public var mitdb: AtrialFibrillationReport?
    public var vfdb: ShockableReport?
    /// Real strips scored by reference rhythm family (`--mitdb-strips`).
    public var strips: StripRhythmReport?

    public init(synthetic: SyntheticReport? = nil, mitdb: AtrialFibrillationReport? = nil, vfdb: ShockableReport? = nil,
                strips: StripRhythmReport? = nil) {
        self.synthetic = synthetic
        self.mitdb = mitdb
        self.vfdb = vfdb
        self.strips = strips
    }

    public func terminalText() -> String {
        [synthetic?.terminalText(), mitdb?.terminalText(), vfdb?.terminalText(), strips?.terminalText()].compactMap { $0 }.joined(separator: "\n\n")
    }

    public func markdown() -> String {
        (["# Rhythm classifier evaluation", ""] + [synthetic?.markdown(), mitdb?.markdown(), vfdb?.markdown(), strips?.markdown()].compactMap { $0 })
            .joined(separator: "\n") + "\n"
    }
}
