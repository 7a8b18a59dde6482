import ArgumentParser

/// The `rhythmstrip` command: ECG rhythm strips for teaching and research.
public struct RhythmStripCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rhythmstrip",
        abstract: "ECG rhythm strips for teaching, drilling and detector research.",
        version: "0.1.0",
        // Ordered as users meet them: instructors and learners first, then
        // the research tools, then file utilities.
        subcommands: [
            DeckCommand.self,
            DrillCommand.self,
            RhythmsCommand.self,
            SynthCommand.self,
            RenderCommand.self,
            ClassifyCommand.self,
            DetectCommand.self,
            EvaluateCommand.self,
            EvaluateRhythmCommand.self,
            InfoCommand.self,
            ConvertCommand.self,
        ]
    )

    public init() {}
}
