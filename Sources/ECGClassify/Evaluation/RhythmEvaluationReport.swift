/// The reports of `rhythmstrip evaluate-rhythm`, each present when asked for.
public struct RhythmEvaluationReport: Sendable, Codable {
    public var synthetic: SyntheticReport?
    public var mitdb: AtrialFibrillationReport?
    public var vfdb: ShockableReport?

    public init(synthetic: SyntheticReport? = nil, mitdb: AtrialFibrillationReport? = nil, vfdb: ShockableReport? = nil) {
        self.synthetic = synthetic
        self.mitdb = mitdb
        self.vfdb = vfdb
    }

    public func terminalText() -> String {
        [synthetic?.terminalText(), mitdb?.terminalText(), vfdb?.terminalText()].compactMap { $0 }.joined(separator: "\n\n")
    }

    public func markdown() -> String {
        (["# Rhythm classifier evaluation", ""] + [synthetic?.markdown(), mitdb?.markdown(), vfdb?.markdown()].compactMap { $0 })
            .joined(separator: "\n") + "\n"
    }
}
