/// Turns local maxima of the integrated feature into QRS candidates.
///
/// Keeps only maxima that dominate their neighbourhood (no higher maximum
/// within `dominance` samples on either side, earlier wins ties), then measures
/// each candidate's slope and R-peak location. Works incrementally: maxima are
/// fed in index order and a candidate is released once no later maximum can
/// replace it, so the whole-record and streaming paths release the same list.
struct CandidateSelector {
    let design: FeatureDesign
    /// Half-width of the neighbourhood a peak must dominate.
    let dominance: Int
    /// Half-width of the window searched for the R peak.
    let locationHalfWidth: Int
    private var pending: (index: Int, height: Int32)?

    init(design: FeatureDesign) {
        self.design = design
        // The 200 ms refractory period of Pan & Tompkins (1985) and Hamilton
        // & Tompkins (1986): a larger peak within 200 ms is the same QRS.
        dominance = design.samples(0.2)
        locationHalfWidth = design.samples(0.09)
    }

    /// Samples after a local maximum that must be known before it is final;
    /// the location window must also lie inside this look-ahead.
    var lookahead: Int { dominance + 2 }

    /// Feeds the next local maximum; returns the candidate it makes final, if any.
    mutating func offer(index: Int, height: Int32) -> (index: Int, height: Int32)? {
        guard let current = pending else {
            pending = (index, height)
            return nil
        }
        if index - current.index <= dominance {
            if height > current.height { pending = (index, height) }
            return nil
        }
        pending = (index, height)
        return current
    }

    /// Releases the pending maximum if no maximum at or before `horizon` is
    /// left to come that could replace it.
    mutating func release(upTo horizon: Int) -> (index: Int, height: Int32)? {
        guard let current = pending, current.index + dominance < horizon else { return nil }
        pending = nil
        return current
    }

    /// Measures a candidate at a feature peak.
    ///
    /// Index arithmetic wraps (`&+`): the indices are far from overflow, and
    /// checked arithmetic puts a branch on every step of these hot loops.
    func measure<Source: FeatureSource>(peak index: Int, height: Int32, in source: Source, recordLength: Int) -> PeakCandidate {
        let (location, amplitude) = locate(peak: index, in: source, recordLength: recordLength)
        return PeakCandidate(
            index: index, height: height, slope: maximumSlope(peak: index, in: source),
            location: location, amplitude: amplitude)
    }

    /// The largest band-limited slope over the integration window of a peak.
    @inline(__always)
    func maximumSlope<Source: FeatureSource>(peak index: Int, in source: Source) -> Int32 {
        var slope: Int32 = 0
        var i = index &- design.integrationLength &+ 1
        while i <= index {
            slope = Swift.max(slope, source.slope(i))
            i &+= 1
        }
        return slope
    }

    /// The R peak of the QRS at a feature peak: the extremum of the
    /// baseline-free signal near the QRS centre, and its magnitude.
    @inline(__always)
    func locate<Source: FeatureSource>(peak index: Int, in source: Source, recordLength: Int) -> (location: Int, amplitude: Int32) {
        // Centre of the QRS in input time, then the same instant in h.
        let centre = index &- design.integrationDelay
        let lower = Swift.max(0, centre &- locationHalfWidth)
        let upper = Swift.max(lower, Swift.min(recordLength &- 1, centre &+ locationHalfWidth))
        // h(u) = H·s(u − (H−1)/2) − Σ s(u−H+1 … u), the baseline-free signal,
        // computed here for the window only (u = t + baseline delay).
        let H = design.baselineLength
        let gain = Int32(truncatingIfNeeded: H)
        let halfH = (H &- 1) / 2
        let shift = design.baselineDelay
        var sum: Int32 = 0
        var u = lower &+ shift &- H &+ 1
        while u <= lower &+ shift {
            sum &+= source.smoothed(u)
            u &+= 1
        }
        var best = lower
        var bestMagnitude: Int32 = -1
        var t = lower
        while t <= upper {
            let u = t &+ shift
            if t > lower { sum = sum &+ source.smoothed(u) &- source.smoothed(u &- H) }
            let v = gain &* source.smoothed(u &- halfH) &- sum
            let magnitude = v < 0 ? 0 &- v : v
            if magnitude > bestMagnitude { bestMagnitude = magnitude; best = t }
            t &+= 1
        }
        return (best, bestMagnitude)
    }
}
