import ArgumentParser

/// The `rhythmstrip` command: ECG rhythm strips for teaching and research.
public struct RhythmStripCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rhythmstrip",
        abstract: "ECG rhythm strips for teaching, drilling and detector research.",
        version: "0.1.0",
        subcommands: [
            InfoCommand.self,
            ConvertCommand.self,
            RhythmsCommand.self,
            SynthCommand.self,
            RenderCommand.self,
            ClassifyCommand.self,
            EvaluateRhythmCommand.self,
            DeckCommand.self,
            DrillCommand.self,
        ]
    )

    public init() {}
}
