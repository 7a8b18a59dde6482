/// Turns local maxima of the integrated feature into QRS candidates.
///
/// Keeps only maxima that dominate their neighbourhood (no higher maximum
/// within `dominance` samples on either side, earlier wins ties; a maximum
/// displaced only through a flank ripple of a later, separate hump is restored,
/// see `offer`), then measures each candidate's slope and R-peak location.
/// Works incrementally: maxima are
/// fed in index order and a candidate is released once no later maximum can
/// replace it, so the whole-record and streaming paths release the same list.
struct CandidateSelector {
    let design: FeatureDesign
    /// Half-width of the neighbourhood a peak must dominate.
    let dominance: Int
    /// Half-width of the window searched for the R peak.
    let locationHalfWidth: Int
    /// The longest distance from a displaced maximum to the candidate that
    /// displaced it over which the two are tested for being separate humps.
    let separationSpan: Int
    /// A released candidate: a feature peak, and whether it was restored as a
    /// separate hump after being displaced (see `offer`; until confirmed by
    /// `keepConfirmedHumps`, a proposal).
    struct Peak: Equatable {
        var index: Int
        var height: Int32
        var restored = false
    }

    /// Whether displaced maxima may be restored as separate humps (`offer`).
    var restoresHumps = true
    private var pending: (index: Int, height: Int32)?
    /// Maxima displaced from `pending` by higher ones in the current run, in
    /// index order (runs are short: a few maxima on one hump's flank):
    /// `displaced[0 ..< displacedCount]`, the storage kept from run to run.
    /// Each was displaced by a higher one, so their heights rise with index.
    private var displaced: [(index: Int, height: Int32)] = []
    private var displacedCount = 0

    /// Where, as a fraction of the smaller peak, the feature must fall
    /// between two maxima for them to be two humps: below half its height,
    /// the full-width-at-half-maximum criterion by which two pulses count as
    /// resolved (the same half-height level scipy.signal.peak_widths uses by
    /// default for a peak's extent).
    static let separationDepth: Float = 0.5

    /// A displaced maximum is tested for a separate hump only when at least
    /// 1/32 of the height of the candidate that displaced it (feature heights
    /// are squared amplitudes: about a sixth of its amplitude). This bounds
    /// the cost: most displaced maxima are baseline ripples before a QRS,
    /// far below any threshold. The smallest complex restored on the MIT-BIH
    /// records stands at 1/14 (203, a couplet's first complex).
    static let smallestHeightRatio = 32

    init(design: FeatureDesign) {
        self.design = design
        // The 200 ms refractory period of Pan & Tompkins (1985) and Hamilton
        // & Tompkins (1986): a larger peak within 200 ms is the same QRS.
        dominance = design.samples(0.2)
        locationHalfWidth = design.samples(0.09)
        separationSpan = 2 * dominance
        displaced.reserveCapacity(8)
    }

    /// Samples after a local maximum that must be known before it is final;
    /// the location window must also lie inside this look-ahead.
    var lookahead: Int { dominance + 2 }

    /// Feeds the next local maximum; appends to `released` the candidates it
    /// makes final. Reads no feature data: a displaced maximum that may be a
    /// separate hump is only proposed (see below), for the caller to confirm
    /// from the lead with `keepConfirmedHumps`, as the `FeatureSource`
    /// overload does at once.
    ///
    /// A maximum within `dominance` of a higher one is the same QRS and is
    /// dropped, except when the higher one was itself displaced: wide QRS
    /// complexes in quick succession (couplets, ventricular tachycardia) merge
    /// into one hump of the 150 ms integrated feature, and a small first
    /// complex is then displaced by a ripple on the flank of the second. Such
    /// a maximum is restored when it lies over the 200 ms absolute refractory
    /// period (`dominance`) before the final candidate, both as a feature peak
    /// and as an R peak in the signal, and the feature falls between the two
    /// below `separationDepth` of its height: a separate hump. The first
    /// condition on feature peaks (and the height ratio) is tested here; a
    /// maximum that passes is released with `restored` set just before the
    /// candidate that displaced it, a proposal that the two tests on the
    /// lead's data (`isSeparateHump`) confirm or drop.
    @inline(__always)
    mutating func offer(index: Int, height: Int32, into released: inout [Peak]) {
        guard let current = pending else {
            pending = (index, height)
            return
        }
        if index - current.index <= dominance {
            if height > current.height {
                if restoresHumps { keepDisplaced(current) }
                pending = (index, height)
            }
            return
        }
        flush(current, into: &released)
        pending = (index, height)
    }

    /// `offer` of each of `maxima` in turn (in index order, after those
    /// offered before): the same candidates and proposals, for a whole lane
    /// of the kernel's maxima at once.
    ///
    /// Whether a maximum ends the run of the pending one or displaces it is
    /// as good as random (most are ripples of the baseline and of the QRS
    /// flanks), and a branch on either mispredicted for most maxima. So each
    /// chunk of maxima is gone through without a branch: the pending maximum
    /// is written to the next slot every time, kept there (the slot counted)
    /// when its run ends (the final candidate) or it is displaced, and the
    /// next pending one is chosen by masks. The candidates' proposals are
    /// then made from the runs' slots, one candidate at a time.
    mutating func offer(_ maxima: UnsafeBufferPointer<LocalMaximum>, into released: inout [Peak]) {
        var next = 0
        if pending == nil, let first = maxima.first {
            pending = (first.index, first.height)
            next = 1
        }
        guard var current = pending, next < maxima.count else { return }
        // The displaced maxima (the pending run's first), in storage taken
        // out of `self` while written through a pointer.
        var storage = displaced
        displaced = []
        var count = displacedCount
        let restores = restoresHumps, dominance = dominance, span = separationSpan
        let displaces = restores ? -1 : 0
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.chunkLength) { runEnds in
            // A chunk's runs make at most a candidate and a proposal per
            // maximum.
            withUnsafeTemporaryAllocation(of: Peak.self, capacity: 2 &* Self.chunkLength) { gathered in
                while next < maxima.count {
                    // Room for a displaced maximum per maximum of the chunk.
                    if storage.count < count &+ Self.chunkLength {
                        let added = Swift.max(count &+ Self.chunkLength &- storage.count, storage.count)
                        storage.append(contentsOf: repeatElement((index: 0, height: Int32(0)), count: added))
                    }
                    let end = Swift.min(maxima.count, next &+ Self.chunkLength)
                    storage.withUnsafeMutableBufferPointer { slots in
                        var runs = 0
                        for position in next..<end {
                            let maximum = maxima[position]
                            // All ones when the maximum ends the run (lies over
                            // `dominance` after the pending one), when it is
                            // higher: masks from the sign of a wrapping
                            // difference, which LLVM cannot turn into a compare
                            // and a branch. (No difference overflows: the indices
                            // rise, the heights are widened.)
                            let ends = (dominance &- (maximum.index &- current.index)) >> (Int.bitWidth &- 1)
                            let higher = (Int(current.height) &- Int(maximum.height)) >> (Int.bitWidth &- 1)
                            // The pending maximum stays in its slot when its run
                            // ends (the final candidate) or it is displaced.
                            slots[count] = current
                            runEnds[runs] = Int32(truncatingIfNeeded: count)
                            runs &-= ends
                            count &-= ends | (higher & displaces)
                            let takes = ends | higher
                            current.index ^= (current.index ^ maximum.index) & takes
                            current.height ^= (current.height ^ maximum.height) & Int32(truncatingIfNeeded: takes)
                        }
                        // The proposals and candidates of the runs that ended
                        // (each run's displaced maxima, then its candidate),
                        // gathered on the stack and appended at once: appending
                        // one at a time checked the array's storage each time.
                        var start = 0
                        var made = 0
                        for run in 0..<runs {
                            let stop = Int(runEnds[run])
                            made = Self.flush(slots[stop], displaced: UnsafeBufferPointer(rebasing: slots[start..<stop]),
                                              restoresHumps: restores, dominance: dominance, separationSpan: span,
                                              into: gathered.baseAddress!, at: made)
                            start = stop &+ 1
                        }
                        released.append(contentsOf: UnsafeBufferPointer(rebasing: gathered[..<made]))
                        // The pending run's displaced maxima move to the front.
                        if start > 0 {
                            var k = start
                            while k < count { slots[k &- start] = slots[k]; k &+= 1 }
                            count &-= start
                        }
                    }
                    next = end
                }
            }
        }
        pending = current
        displaced = storage
        displacedCount = count
    }

    /// Maxima per chunk of `offer(_:into:)`.
    private static let chunkLength = 256

    /// Releases the pending maximum if no maximum at or before `horizon` is
    /// left to come that could replace it (proposals as in `offer`).
    mutating func release(upTo horizon: Int, into released: inout [Peak]) {
        guard let current = pending, current.index + dominance < horizon else { return }
        pending = nil
        flush(current, into: &released)
    }

    @inline(__always)
    private mutating func keepDisplaced(_ maximum: (index: Int, height: Int32)) {
        if displacedCount < displaced.count {
            displaced[displacedCount] = maximum
        } else {
            displaced.append(maximum)
        }
        displacedCount &+= 1
    }

    /// Appends a final candidate, preceded by the displaced maximum of its
    /// run that may stand as a separate hump, if any, as a proposal.
    /// Inline: it runs for every candidate, usually to append it alone.
    @inline(__always)
    private mutating func flush(_ candidate: (index: Int, height: Int32), into released: inout [Peak]) {
        let count = displacedCount
        displacedCount = 0
        if restoresHumps, let hump = displaced.withUnsafeBufferPointer({ displaced in
            Self.proposal(before: candidate, displaced: UnsafeBufferPointer(rebasing: displaced[..<count]),
                          dominance: dominance, separationSpan: separationSpan)
        }) {
            released.append(Peak(index: hump.index, height: hump.height, restored: true))
        }
        released.append(Peak(index: candidate.index, height: candidate.height))
    }

    /// `flush` into `gathered` from `made` on, with the run's displaced
    /// maxima given (static, with the selector's constants: the batch
    /// `offer` calls it from a closure, which would copy the selector to
    /// reach them); returns the new count made. The proposal is written
    /// in any case and counted only when there is one (no branch on it).
    @inline(__always)
    private static func flush(
        _ candidate: (index: Int, height: Int32), displaced: UnsafeBufferPointer<(index: Int, height: Int32)>,
        restoresHumps: Bool, dominance: Int, separationSpan: Int,
        into gathered: UnsafeMutablePointer<Peak>, at made: Int
    ) -> Int {
        var made = made
        if restoresHumps {
            let hump = proposal(before: candidate, displaced: displaced, dominance: dominance, separationSpan: separationSpan)
            gathered[made] = Peak(index: hump?.index ?? 0, height: hump?.height ?? 0, restored: true)
            made &+= hump == nil ? 0 : 1
        }
        gathered[made] = Peak(index: candidate.index, height: candidate.height)
        return made &+ 1
    }

    /// The displaced maximum of a run that may stand as a separate hump
    /// before its final `candidate`: the highest one over `dominance` and
    /// within `separationSpan` before it, at least 1/32 of its height.
    /// Heights rise with index, so it is the last one over `dominance`
    /// before, if that one is within the span and high enough (the earlier
    /// ones lie further and lower).
    @inline(__always)
    private static func proposal(
        before candidate: (index: Int, height: Int32), displaced: UnsafeBufferPointer<(index: Int, height: Int32)>,
        dominance: Int, separationSpan: Int
    ) -> (index: Int, height: Int32)? {
        // The last is the highest: under 1/32 of the candidate, all are (the
        // usual case, ripples before a QRS, decided without the search).
        guard let last = displaced.last, Int(last.height) &* smallestHeightRatio >= Int(candidate.height) else {
            return nil
        }
        var k = displaced.count &- 1
        while k >= 0 && candidate.index &- displaced[k].index <= dominance { k &-= 1 }
        guard k >= 0 else { return nil }
        let best = displaced[k]
        guard candidate.index &- best.index <= separationSpan
            && Int(best.height) &* smallestHeightRatio >= Int(candidate.height) else { return nil }
        return best
    }

    /// Drops from `released[start...]` every proposed hump (`restored`) that
    /// `isSeparate(hump, candidate)` rejects, `candidate` being the peak
    /// released right after it (the one that displaced it).
    static func keepConfirmedHumps(in released: inout [Peak], from start: Int, _ isSeparate: (Peak, Peak) -> Bool) {
        let kept = released.withUnsafeMutableBufferPointer { peaks -> Int in
            let count = peaks.count
            var write = start
            var read = start
            while read < count {
                // On to the next proposal (a tight loop: proposals are few),
                // the peaks before it moved down once a hump was dropped.
                var next = read
                while next < count && !peaks[next].restored { next &+= 1 }
                if write != read {
                    for k in read..<next { peaks[write &+ (k &- read)] = peaks[k] }
                }
                write &+= next &- read
                // A proposal comes right before its candidate.
                guard next &+ 1 < count else { break }
                let hump = peaks[next]
                if isSeparate(hump, peaks[next &+ 1]) {
                    peaks[write] = hump
                    write &+= 1
                }
                read = next &+ 1
            }
            return write
        }
        released.removeLast(released.count &- kept)
    }

    /// `offer`, the proposals confirmed at once from the features: `source`
    /// gives the features around a feature index (the streaming path's
    /// buffer, which holds every index these tests read).
    @inline(__always)
    mutating func offer<Source: FeatureSource>(
        index: Int, height: Int32, recordLength: Int, source: (Int) -> Source,
        into released: inout [Peak]
    ) {
        let start = released.count
        offer(index: index, height: height, into: &released)
        confirmHumps(in: &released, from: start, recordLength: recordLength, source: source)
    }

    /// `release`, the proposals confirmed at once from the features.
    mutating func release<Source: FeatureSource>(
        upTo horizon: Int, recordLength: Int, source: (Int) -> Source,
        into released: inout [Peak]
    ) {
        let start = released.count
        release(upTo: horizon, into: &released)
        confirmHumps(in: &released, from: start, recordLength: recordLength, source: source)
    }

    @inline(__always)
    private func confirmHumps<Source: FeatureSource>(
        in released: inout [Peak], from start: Int, recordLength: Int, source: (Int) -> Source
    ) {
        guard released.count &- start > 1 else { return }
        Self.keepConfirmedHumps(in: &released, from: start) { hump, candidate in
            isSeparateHump(hump, before: candidate, source: source, recordLength: recordLength)
        }
    }

    /// Whether a proposed hump stands apart from the candidate that displaced
    /// it: the feature falls between them below `separationDepth` of the
    /// hump's height, and their R peaks lie over `dominance` apart.
    func isSeparateHump<Source: FeatureSource>(
        _ hump: Peak, before candidate: Peak, source: (Int) -> Source, recordLength: Int
    ) -> Bool {
        separated((hump.index, hump.height), before: candidate.index, in: source(candidate.index))
            && apartInTheSignal(hump.index, candidate.index, source: source, recordLength: recordLength)
    }

    /// `isSeparateHump` measured from the quantised lead (the segmented path,
    /// which keeps no features of the whole record); the same answer
    /// (tested).
    func isSeparateHump(_ hump: Peak, before candidate: Peak, measuredBy measurer: CandidateMeasurer, recordLength: Int) -> Bool {
        measurer.featureFalls(to: Self.separationLevel(hump.height), after: (hump.index, hump.height), before: candidate.index)
            && measurer.locate(peak: candidate.index, recordLength: recordLength).location
                - measurer.locate(peak: hump.index, recordLength: recordLength).location > dominance
    }

    /// Whether the R peaks of two feature peaks lie more than the 200 ms
    /// absolute refractory period (`dominance`) apart in the signal: the
    /// feature peaks may be that far apart while the complexes are not.
    func apartInTheSignal<Source: FeatureSource>(_ first: Int, _ second: Int, source: (Int) -> Source, recordLength: Int) -> Bool {
        let a = locate(peak: first, in: source(first), recordLength: recordLength).location
        let b = locate(peak: second, in: source(second), recordLength: recordLength).location
        return b - a > dominance
    }

    /// The level at or below which the feature must fall after a maximum of
    /// `height` for a separate hump (`separationDepth` of it).
    @inline(__always)
    static func separationLevel(_ height: Int32) -> Int32 { Int32(Float(height) * separationDepth) }

    /// Whether the integrated feature falls below `separationDepth` of the
    /// height of `maximum` somewhere between it and the later index `end`.
    /// Slides the integration window from the maximum (its height is the
    /// window's sum there) over the slope energy.
    func separated<Source: FeatureSource>(_ maximum: (index: Int, height: Int32), before end: Int, in source: Source) -> Bool {
        let level = Self.separationLevel(maximum.height)
        let W = design.integrationLength
        var sum = maximum.height
        var i = maximum.index &+ 1
        while i < end {
            sum = sum &+ source.slope(i) &- source.slope(i &- W)
            if sum <= level { return true }
            i &+= 1
        }
        return false
    }

    /// Measures a candidate at a feature peak.
    ///
    /// Index arithmetic wraps (`&+`): the indices are far from overflow, and
    /// checked arithmetic puts a branch on every step of these hot loops.
    func measure<Source: FeatureSource>(_ peak: Peak, in source: Source, recordLength: Int) -> PeakCandidate {
        let (location, amplitude) = locate(peak: peak.index, in: source, recordLength: recordLength)
        return PeakCandidate(
            index: peak.index, height: peak.height, slope: maximumSlope(peak: peak.index, in: source),
            location: location, amplitude: amplitude, restored: peak.restored,
            slopeBalance: SlopeBalance.balance(around: location, design: design, count: recordLength) { source.sample($0) })
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
    /// baseline-free signal near the QRS centre, and its value there
    /// (negative for a negative extremum).
    @inline(__always)
    func locate<Source: FeatureSource>(peak index: Int, in source: Source, recordLength: Int) -> (location: Int, amplitude: Int32) {
        let (lower, upper) = design.locationWindow(peak: index, halfWidth: locationHalfWidth, recordLength: recordLength)
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
        var bestValue: Int32 = 0
        var t = lower
        while t <= upper {
            let u = t &+ shift
            if t > lower { sum = sum &+ source.smoothed(u) &- source.smoothed(u &- H) }
            let v = gain &* source.smoothed(u &- halfH) &- sum
            let magnitude = v < 0 ? 0 &- v : v
            if magnitude > bestMagnitude { bestMagnitude = magnitude; bestValue = v; best = t }
            t &+= 1
        }
        return (best, bestValue)
    }
}
