/// Everything the analyzer found on a strip: the public measurements plus the
/// per-beat detail the decision rules need.
struct StripAnalysis: Sendable {
    var measurements: StripMeasurements
    var samplingFrequency: Double
    var beats: [Beat]
    /// Atrial waves (P or flutter) found, sample index and signed amplitude.
    var atrialWaves: [AtrialWave]
    /// Fraction of dominant beats preceded by a P wave at a plausible PR.
    var pBeforeQRSFraction: Double
    /// Spread (s) of PR among beats that have one.
    var prSpread: Double
    /// Correlation spread of P shapes (low = multiform).
    var pShapeVariability: Double
    /// Width of the dominant beats' template, seconds.
    var dominantWidth: Double
    /// Fraction of the beats in the dominant shape cluster (low in VF and torsades).
    var dominantFraction: Double
    /// Number of shape clusters.
    var clusterCount: Int
    /// RMS of successive differences over the mean, for R-R intervals between
    /// supraventricular beats (PVCs and their pauses left out): high in AF.
    var supraventricularIrregularity: Double
    /// Share of P-P intervals off the atrial cycle: P waves of AV block march on regularly.
    var atrialCycleVariation: Double? = nil
    /// Fraction of supraventricular beats with a P wave of either direction before them.
    var pBeforeAnyPolarity: Double = 0
    /// Upright and inverted P waves both precede QRS complexes (several atrial foci).
    var mixedPolarity = false
    /// Share of supraventricular beats (after a supraventricular beat) with a
    /// discrete P wave just before the QRS, standing out from a flat baseline
    /// (beat-by-beat scan, ST-T removed).
    var discretePFraction: Double = 0
    /// Distinct shapes among those discrete P waves (0 with fewer than three).
    var discretePShapes: Int = 0
    /// Spread of their PR (s, 15th-85th percentile).
    var discretePRSpread: Double = 0
    /// Beats the scan examined.
    var beatsScannedForP: Int = 0
    /// Share of R-R intervals with an isoelectric stretch (flat for 80 ms)
    /// between the QRS-T and the next QRS; flutter waves never rest.
    var isoelectricShare: Double = 1
    /// The regular P-wave train marched out across the strip, if there is one.
    var pTrain: PWaveMarcher.Train? = nil
    /// Small P waves found by recurring before every QRS at one PR, if any.
    var timeLockedP: TimeLockedPWave.Result? = nil

    struct Beat: Sendable {
        var r: Int
        var onset: Int
        var offset: Int
        var cluster: Int
        var correlationWithDominant: Double
        var isVentricular: Bool
        var isSupraventricularPremature: Bool
        var pr: Double?
    }

    struct AtrialWave: Sendable {
        var sample: Int
        var amplitude: Float
    }
}
