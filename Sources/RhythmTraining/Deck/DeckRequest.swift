import ECGRender
import Foundation

/// Everything `rhythmstrip deck` was asked for.
public struct DeckRequest: Sendable {
    public var selection: RhythmSelection
    public var count: Int
    public var seconds: Double
    public var difficulty: Difficulty
    public var seed: UInt64
    public var dpi: Double
    public var theme: Theme
    /// Also write `drill.html`, the browser drill.
    public var html: Bool
    /// Replace an existing non-empty output folder.
    public var force: Bool
    public var output: URL

    public init(
        selection: RhythmSelection, count: Int = 40, seconds: Double = 6, difficulty: Difficulty = .mixed,
        seed: UInt64, dpi: Double = 200, theme: Theme = .classic, html: Bool = false, force: Bool = false, output: URL
    ) {
        self.selection = selection
        self.count = count
        self.seconds = seconds
        self.difficulty = difficulty
        self.seed = seed
        self.dpi = dpi
        self.theme = theme
        self.html = html
        self.force = force
        self.output = output
    }
}

/// What a finished deck holds.
public struct DeckSummary: Sendable {
    public var output: URL
    public var strips: [MadeStrip]
    public var files: [String]
    public var seed: UInt64
}
