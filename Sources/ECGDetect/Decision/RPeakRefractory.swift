/// The refractory period measured between R peaks, for a candidate whose
/// feature peak lies just past it (`BeatDecider`).
///
/// The decider's refractory test compares feature peaks, and a feature peak
/// lags its R peak by an amount that depends on the complex: a narrow spike
/// of noise peaks early, a wide or notched QRS (bundle branch block, a PVC)
/// late. So a noise spike just before a wide QRS can lie past the refractory
/// period by its feature peak while the two R peaks lie within it, and both
/// become beats: MIT-BIH 118 at 12.5 min (and the noise stress records made
/// from it), a burst of muscle noise after an atrial premature beat, 214 ms
/// before the next QRS; MIT-BIH 203, multiform PVCs. Two R peaks within the
/// refractory period are one complex (Hamilton & Tompkins 1986), so such a
/// candidate is tested as one within the refractory period: the larger of
/// the two is the QRS.
///
/// On a noisy stretch the noise adds to every peak's height, and a noise peak
/// just after a QRS is often the larger: there the candidate counts as within
/// the refractory period only when the beat is under `heightRatio` of its
/// height (Pan & Tompkins' ratio of their second threshold to their first,
/// as in `SplitIntervalSuspect`).
///
/// The refractory period is the decider's, 240 ms. Sensitivity (first lead):
/// 200 ms (Hamilton & Tompkins' figure) keeps the false beat of 118 and its
/// noise stress records (214 ms from the QRS), 220 ms gives the same noise
/// stress figures and one MIT-BIH beat more (207), 260 ms takes 203 under
/// 99 % sensitivity; the noisy ratio from 0.4 to 0.6 changes one false beat
/// at 6 dB.
enum RPeakRefractory {
    /// Whether a candidate of `height` with its R peak at `location` is
    /// within `refractory` samples of the last beat's R peak
    /// (`lastLocation`, `lastHeight`), and taken as within the refractory
    /// period on a stretch that is `noisy` or not.
    static func isWithin(
        location: Int, height: Int32, lastLocation: Int, lastHeight: Int32, refractory: Int, noisy: Bool
    ) -> Bool {
        areWithin(location: location, lastLocation: lastLocation, refractory: refractory)
            && heightsAllowWithin(height: height, lastHeight: lastHeight, noisy: noisy)
    }

    /// The part of `isWithin` on the R peaks: `location` within `refractory`
    /// samples after `lastLocation`.
    static func areWithin(location: Int, lastLocation: Int, refractory: Int) -> Bool {
        location - lastLocation < refractory
    }

    /// The part of `isWithin` that needs no R peak: off a noisy stretch
    /// always, on one only when the beat is under `heightRatio` of the
    /// candidate's height.
    static func heightsAllowWithin(height: Int32, lastHeight: Int32, noisy: Bool) -> Bool {
        !noisy || Float(lastHeight) < SplitIntervalSuspect.heightRatio * Float(height)
    }
}
