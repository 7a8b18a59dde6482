/// The running signal and noise peak levels between which `BeatDecider`'s
/// threshold lies, after Pan & Tompkins (1985): each candidate peak is
/// classified as a signal peak (a QRS) or a noise peak, and updates that
/// level only (their SPKI and NPKI, running averages weighting the new peak
/// by 0.125, a peak found by search-back by 0.25).
///
/// A beat that `BeatDecider` withdraws as noise after accepting it (a larger
/// peak replaces it within the refractory period, or the next beat shows it
/// split a regular interval: `withdrawBeat`) is classified again, as a noise
/// peak: its signal update is undone and it updates the noise level, as it
/// would have had it been classified so at once. Without this, noise
/// peaks withdrawn at the onset of a noisy stretch left no trace in the
/// noise level, which stayed under the noisy-stretch gate
/// (`BeatDecider.restoredNoiseLimit`): the noise stress test resampled to
/// 250 Hz (118e12, first lead) kept runs of false beats at the onset of
/// its noise blocks (F1 98.87 %, 99.34 % with the withdrawn beats counted
/// as noise; at 360 Hz 99.54 and 99.58 %).
///
/// The levels are feature heights, squared amplitudes.
struct PeakLevels {
    /// The running signal peak level (Pan & Tompkins' SPKI).
    private(set) var signal: Float = 0 {
        didSet { renew() }
    }
    /// The running noise peak level (Pan & Tompkins' NPKI).
    private(set) var noise: Float = 0 {
        didSet { renew() }
    }
    /// The noise level over the signal level; 1 before any signal. Kept
    /// with the levels, as `threshold` is: the decider reads both at most
    /// candidates, each time a division.
    private(set) var noiseRatio: Float = 1
    /// The threshold: the fraction of the way from the noise to the signal
    /// level 0.15 plus 1.5 times the noise-to-signal ratio, at most 0.5.
    private(set) var threshold: Float = 0
    /// The signal level before the last beat updated it: restored when that
    /// beat is withdrawn as noise (`withdrawBeat`).
    private var signalBeforeLastBeat: Float = 0

    /// Levels learned from the highest candidate of the learning period:
    /// half of it for the signal level, a tenth of it for the noise level.
    init(learningPeak peak: Float) {
        signal = 0.5 * peak
        noise = 0.1 * peak
        signalBeforeLastBeat = signal
        renew()
    }

    /// Levels not learned yet (both zero: `noiseRatio` is 1).
    init() {}

    /// Renews `noiseRatio` and `threshold` from the levels.
    @inline(__always)
    private mutating func renew() {
        let ratio = signal > 0 ? noise / signal : 0
        noiseRatio = signal > 0 ? ratio : 1
        let fraction = Swift.min(0.5, 0.15 + 1.5 * ratio)
        threshold = noise + fraction * (signal - noise)
    }

    /// A peak classified as a beat updates the signal level: by 0.125 of its
    /// height, or 0.25 when search-back found it (Pan & Tompkins 1985).
    mutating func addBeat(height: Int32, foundBySearchBack: Bool) {
        signalBeforeLastBeat = signal
        if foundBySearchBack {
            signal = 0.25 * Float(height) + 0.75 * signal
        } else {
            signal = 0.125 * Float(height) + 0.875 * signal
        }
    }

    /// A peak classified as noise updates the noise level by 0.125 of its
    /// height (Pan & Tompkins 1985).
    mutating func addNoise(height: Int32) {
        noise = 0.125 * Float(height) + 0.875 * noise
    }

    /// The last beat (of `height`), withdrawn as noise: its signal update is
    /// undone and it counts as a noise peak. Only the last beat's update can
    /// be undone; call this once per beat added.
    mutating func withdrawBeat(height: Int32) {
        signal = signalBeforeLastBeat
        addNoise(height: height)
    }

    /// Halves both levels (the amplitude has dropped: `BeatDecider`'s
    /// search-back).
    mutating func halve() {
        signal *= 0.5
        noise *= 0.5
        signalBeforeLastBeat *= 0.5
    }
}
