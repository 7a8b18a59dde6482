/// A kind of recording noise the synthesizer can add.
public enum NoiseKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Baseline wander from respiration and slow electrode drift (0.05–0.5 Hz).
    case wander
    /// Muscle (EMG) artefact: broadband noise in bursts.
    case muscle
    /// Power-line interference at the mains frequency (50 or 60 Hz).
    case mains
    /// Electrode motion: sudden low-frequency transients.
    case motion
}
