/// Finds on a strip the remnants of ventricular pacing spikes that the
/// recorder's low-pass filter has smoothed into a narrow deflection a few
/// samples wide, too gentle for `PacemakerSpikeDetector`'s single-sample test.
///
/// A pacing pulse lasts 0.4-0.5 ms; a Holter recorder of about 0.1-100 Hz
/// bandwidth sampling at 250-360 Hz keeps only its impulse response (see
/// `DemandPacing`). In the four paced MIT-BIH records (102, 104, 107, 217,
/// reference beats `/`) it rises 0.8-2 mV in 3-4 samples (8-11 ms) at 360 Hz, a
/// bend (second difference) of 0.15-0.22 mV, and the paced QRS that follows is
/// wide and slurred, conducted cell to cell through the ventricle. A sharp R
/// wave rises as fast (the same recorder limits it), so the test is not the
/// steepness itself but where the sharpest bend of the complex lies and what
/// surrounds it, as an instructor finds the spike: a sharp narrow deflection at
/// the onset of the complex, before which the trace is quiet and after which the
/// QRS is much smoother.
///
/// Per beat, the sharpest bend within 0.12 s before to 0.05 s after the R peak
/// (`DemandPacing.sharpestBendOffset`, the record path's spike search) must
/// - stand `restRatio` times above every bend of the complex after it (12 to
///   150 ms later): the paced QRS is slurred; a narrow sinus R apex followed by
///   its S wave passes this too and is excluded by the next two tests;
/// - stand `beforeRatio` times above every bend 14 to 60 ms before it: nothing
///   precedes the spike but the baseline, whereas the apex of an R wave has its
///   onset (the Q corner) before it, and the nadir of an S wave the R wave;
/// - rise from a quiet trace: no slope 14 to 60 ms before it above `quietSlope`
///   of the spike's own steepest slope.
/// Measured beat by beat at the reference beat labels of the 26 MIT-BIH records
/// (lead 0): 95-99.9 % of the paced beats (`/`) of each paced record pass all
/// three; of the beats of the 22 non-paced records at most 2.7 % in any record
/// (207's bundle branch block beats; 114 1.6 %; 118, 124, 208, 212-like sharp R
/// waves of 106, 115, 116, 220 at most 0.1 %), scattered, never half a strip's.
///
/// The strip is paced when at least `pacedShare` of its beats (and three) carry
/// a remnant of one polarity: a spike before most beats, at a fixed place at the
/// onset of the complex. Strips of 10 s every 10 s through the 26 records
/// (`evaluate-rhythm --mitdb-strips`): no strip of a non-paced record is paced
/// with any one limit moved 20 % either way, or all of them at once toward
/// finding more (the only strips outside `(P` named paced are three of 104's
/// `(N` stretch whose beats are all pacemaker fusion beats, `f`).
struct PacingArtifactFinder: Sendable {
    let fs: Double
    var thresholds: Thresholds

    init(samplingFrequency: Double, thresholds: Thresholds = .standard) {
        fs = samplingFrequency
        self.thresholds = thresholds
    }

    /// The limits (moved only by the sensitivity tests).
    struct Thresholds: Sendable {
        /// The spike's bend over the sharpest bend of the complex after it.
        var restRatio: Float = 2.0
        /// The spike's bend over the sharpest bend in the 12-60 ms before it.
        var beforeRatio: Float = 2.0
        /// Steepest slope 12-60 ms before the spike over the spike's own.
        var quietSlope: Float = 0.3
        /// Share of the strip's beats that must carry a remnant.
        var pacedShare = 0.5
        /// The bend must stand this many times above the strip's typical bend
        /// (robust spread of the second difference): not a wiggle of muscle noise.
        var noiseRatio: Float = 6
        static let standard = Thresholds()
    }

    /// The spike's own rise and fall lie within this of its sharpest bend (s):
    /// 3-4 samples at 360 Hz.
    static let spikeReach = 0.012
    /// How far before the spike the trace must be quiet (s).
    static let quietReach = 0.06
    /// How far after the spike the rest of the complex is compared (s): a paced QRS lasts 0.12-0.2 s.
    static let restReach = 0.15

    /// For each R peak, the sample of its pacing-spike remnant, or nil; all nil
    /// unless the strip as a whole is paced.
    func find(_ x: [Float], rPeaks: [Int]) -> [Int?] {
        let n = x.count
        var none = [Int?](repeating: nil, count: rPeaks.count)
        let reach = Self.samples(Self.spikeReach, fs), quiet = Self.samples(Self.quietReach, fs), rest = Self.samples(Self.restReach, fs)
        guard rPeaks.count >= 3, n > 2 * (quiet + rest) else { return none }
        let bends = SignalMath.secondDifferences(x)
        let typical = SignalMath.medianAbsolute(bends) * 1.4826
        var found: [(beat: Int, spike: Int, upward: Bool)] = []
        for (index, r) in rPeaks.enumerated() {
            let k = r + DemandPacing.sharpestBend(r, lead: x, samplingFrequency: fs).offset
            guard k - quiet >= 1, k + rest < n - 1 else { continue }
            let bend = abs(bends[k])
            guard bend > thresholds.noiseRatio * typical else { continue }
            var after: Float = 0
            for i in (k + reach)...(k + rest) { after = max(after, abs(bends[i])) }
            // The spike's rise starts up to one sample beyond `reach` (217: 5 samples at 360 Hz).
            let end = k - reach - 1
            var before: Float = 0, slopeBefore: Float = 0
            for i in (k - quiet)...end { before = max(before, abs(bends[i])) }
            for i in (k - quiet)..<end { slopeBefore = max(slopeBefore, abs(x[i + 1] - x[i])) }
            var slopeOwn: Float = 0
            for i in (k - reach)..<(k + reach / 2) { slopeOwn = max(slopeOwn, abs(x[i + 1] - x[i])) }
            if bend >= thresholds.restRatio * after, bend >= thresholds.beforeRatio * before,
               slopeBefore <= thresholds.quietSlope * slopeOwn {
                found.append((index, k, bends[k] > 0))
            }
        }
        // One polarity: the same electrode sees every pulse the same way.
        let upward = found.filter(\.upward).count
        let kept = found.filter { $0.upward == (2 * upward >= found.count) }
        guard kept.count >= 3, Double(kept.count) >= thresholds.pacedShare * Double(rPeaks.count) else { return none }
        for spike in kept { none[spike.beat] = spike.spike }
        return none
    }

    static func samples(_ seconds: Double, _ fs: Double) -> Int { max(1, Int((seconds * fs).rounded())) }

    /// Replaces each remnant (its rise and its fall, `spikeReach` either side of
    /// the sharpest bend) by a straight line, as `PacemakerSpikeDetector.blank`
    /// does for a true spike, so that the QRS is measured without it.
    static func blank(_ spikes: [Int], in x: inout [Float], samplingFrequency fs: Double) {
        let reach = samples(spikeReach, fs)
        for spike in spikes {
            SignalMath.bridge(&x, from: max(0, spike - reach), to: min(x.count - 1, spike + reach))
        }
    }
}
