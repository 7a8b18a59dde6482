/// The beats found on one lead, each with the noise-to-signal ratio of the
/// decider's levels when it was accepted.
struct LeadBeats: Sendable, Equatable {
    /// R-peak sample indices in increasing order.
    var beats: [Int]
    /// For each beat, the running noise level over the running signal level.
    var noiseRatios: [Float]
}
