import ECGSignal

/// A beat of the answer key: a tick and its label under the QRS complex.
public struct BeatMark: Sendable, Hashable {
    /// Time of the beat (the fiducial point), in seconds from the start of the record.
    public var time: Double
    /// The label printed under the beat (`N`, `V`, `A`...).
    public var label: String

    public init(time: Double, label: String) {
        self.time = time
        self.label = label
    }

    /// The beats of an annotation set, labelled with their MIT mnemonics.
    public static func beats(from annotations: [Annotation], samplingFrequency: Double) -> [BeatMark] {
        guard samplingFrequency > 0 else { return [] }
        return annotations.filter(\.code.isBeat).map {
            BeatMark(time: Double($0.sample) / samplingFrequency, label: $0.code.mnemonic)
        }
    }
}
