/// Why detection could not run.
public enum DetectionError: Error, Sendable, Equatable, CustomStringConvertible {
    case unsupportedSamplingFrequency(Double)
    case leadLengthsDiffer
    case noLeads

    public var description: String {
        switch self {
        case .unsupportedSamplingFrequency(let f):
            return "sampling frequency \(f) Hz is outside the supported range 100–2000 Hz"
        case .leadLengthsDiffer:
            return "the leads have different numbers of samples"
        case .noLeads:
            return "no lead to detect on"
        }
    }
}
