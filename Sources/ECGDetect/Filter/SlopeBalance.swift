/// How two-sided the slopes around an R peak are: the steepest slope on the
/// weaker side (rising or falling) as a fraction of the steepest on the
/// stronger side, within a QRS-length window of the quantised lead.
///
/// A QRS complex rises and falls within its 60–100 ms (AHA/ACCF/HRS 2009
/// recommendations for the standardization of the ECG, part III: a QRS of
/// 110–120 ms and over is a conduction delay): its R wave has a steep
/// upstroke and a steep downstroke, in either polarity, and so does a wide
/// bizarre complex around its extremum. Electrode-motion noise in the
/// pauses after blocked atrial premature beats (the noise stress test at
/// 18 dB, 118e18) makes one-sided steps instead: a steep rise, then a slow
/// decay. Measured on the search-back picks (first lead): the two humps of
/// 118e18 at 0.23–0.26, the 84 real search-back beats of the 22 non-paced
/// MIT-BIH records from 0.31 up (median 0.75), the paced ones from 0.36.
enum SlopeBalance {
    /// Half the window around the R peak: 80 ms, half of a wide (160 ms)
    /// complex centred on its extremum.
    static let halfWindow = 0.08
    /// The lag of the slopes: 8 ms, short enough to keep the R wave's
    /// steepest stretch (the design's 22 ms box-and-lag slope smooths a
    /// narrow R wave into one side: real beats then measure as one-sided).
    static let lag = 0.008
    /// Below this balance a search-back pick is a one-sided step, not a QRS:
    /// 0.28, between the 118e18 humps (≤ 0.26) and the MIT-BIH search-back
    /// beats (≥ 0.31). Sensitivity (first lead): 0.26 to 0.31 give the same
    /// beats everywhere measured; 0.25 keeps both humps of 118e18; 0.33 drops
    /// a PVC of MIT-BIH 223; 0.4 changes 109, 116, 207 and 223.
    static let oneSidedLimit: Float = 0.28

    /// The balance around `location`, in 0 ... 1 (1 when flat), reading the
    /// quantised lead through `sample` at indices clamped to `0 ..< count`.
    static func balance(around location: Int, design: FeatureDesign, count: Int, sample: (Int) -> Int32) -> Float {
        let half = design.samples(halfWindow), d = Swift.max(1, design.samples(lag))
        let lower = Swift.max(0, location &- half), upper = Swift.min(count &- 1, location &+ half)
        guard upper &- lower > d else { return 1 }
        var rise: Int32 = 0, fall: Int32 = 0
        var i = lower &+ d
        while i <= upper {
            let step = sample(i) &- sample(i &- d)
            if step > rise { rise = step }
            if 0 &- step > fall { fall = 0 &- step }
            i &+= 1
        }
        let steeper = Swift.max(rise, fall)
        guard steeper > 0 else { return 1 }
        return Float(Swift.min(rise, fall)) / Float(steeper)
    }
}
