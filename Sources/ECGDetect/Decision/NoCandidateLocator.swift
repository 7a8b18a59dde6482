/// The locator type of a decider whose candidates come measured (the
/// streaming path): it has no values, so that decider's `locator` stays nil
/// and every R peak and slope is the candidate's own.
enum NoCandidateLocator: CandidateLocator {
    func locate(_ candidate: PeakCandidate) -> (location: Int, amplitude: Int32) { switch self {} }
    func slope(peak index: Int) -> Int32 { switch self {} }
    func slopeBalance(location: Int) -> Float { switch self {} }
}
