import ECGSignal

/// A short text at a point in time, printed along the top of the row (a rhythm change such as `(VT`).
public struct TimeNote: Sendable, Hashable {
    /// Seconds from the start of the record.
    public var time: Double
    public var text: String

    public init(time: Double, text: String) {
        self.time = time
        self.text = text
    }

    /// The rhythm changes of an annotation set (`+` annotations with text such as `(AFIB`).
    public static func rhythmChanges(from annotations: [Annotation], samplingFrequency: Double) -> [TimeNote] {
        guard samplingFrequency > 0 else { return [] }
        return annotations.compactMap { annotation in
            guard annotation.code == .rhythmChange, let text = annotation.auxText else { return nil }
            return TimeNote(time: Double(annotation.sample) / samplingFrequency, text: text)
        }
    }
}
