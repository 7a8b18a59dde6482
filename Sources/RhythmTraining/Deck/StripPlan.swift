import ECGSynth
import RhythmLibrary

/// What one strip of a deck or drill will be, decided before anything is drawn.
public struct StripPlan: Sendable {
    /// 1-based position in the deck.
    public var number: Int
    /// The rhythm as defined in the library (the answer).
    public var rhythm: RhythmDefinition
    /// The definition the strip is synthesized from: the rhythm with its
    /// ectopy frequency narrowed for the difficulty.
    var synthesisRhythm: RhythmDefinition
    /// Seed of this strip's synthesis.
    public var seed: UInt64
    /// Requested ventricular rate, or nil for the definition's own draw.
    public var rate: Double?
    public var snr: Double?
    public var noise: Set<NoiseKind>

    /// The file name stem (`strip-07`), zero-padded so files sort in order.
    public func name(digits: Int) -> String {
        let text = String(number)
        return "strip-" + String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
