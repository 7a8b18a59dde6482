/// Decides which candidates are beats: adaptive thresholds, refractory period,
/// T-wave discrimination and search-back, after Pan & Tompkins (1985) and
/// Hamilton & Tompkins (1986), run on candidates only.
///
/// The threshold sits between the running noise and signal peak levels. Its
/// fraction of the way up rises with the noise-to-signal ratio of those levels
/// (0.15 on a clean lead, up to 0.5 in noise): a clean lead keeps the low
/// threshold that finds small ectopic beats, a noisy stretch raises it so that
/// noise peaks, P and T waves stay below it.
///
/// Two rules compare a candidate with the QRS complexes accepted before it
/// (the last `templateLength`): the T-wave test takes their median slope as
/// well as the last beat's, and a P wave taken for a beat gives way to its
/// QRS (`isPWave(before:)`).
///
/// Events arrive in index order: candidates (`add`) and clock ticks
/// (`advance(to:)`, meaning no candidate before that index is still to come).
/// The decisions depend only on that sequence, so the whole-record and the
/// streaming detector, which feed the same sequence, give the same beats.
struct BeatDecider<Locator: CandidateLocator> {
    let design: FeatureDesign
    private let refractory: Int
    private let maximumRefractory: Int
    private let tWaveWindow: Int
    private let learningLength: Int
    private let initialInterval: Int
    /// The noise-to-signal ratio of the levels above which a restored hump
    /// (`PeakCandidate.restored`) is not taken: 0.1. The levels are feature
    /// heights, squared amplitudes, so this is an amplitude signal-to-noise
    /// ratio of 10 dB. Restoring recovers small wide complexes merged with the
    /// next one (couplets, ventricular tachycardia: MIT-BIH 203, at ratios up
    /// to 0.078); on noisy stretches (the noise stress test at 12 dB gives
    /// ratios of 0.1 to 0.2) the humps it would restore are mostly noise.
    /// Results on the MIT-BIH records are the same from 0.08 to 0.12.
    let restoredNoiseLimit: Float

    /// The running signal and noise peak levels (`PeakLevels`).
    private var levels = PeakLevels()
    /// The last eight intervals between beats, the length of Pan & Tompkins'
    /// (1985) running average.
    private var intervals = RecentRing<8, Int>(filler: 0)
    /// The sum of `intervals`, kept with them (`averageInterval` is read at
    /// every candidate and clock tick).
    private var intervalSum = 0
    private var lastBeat: PeakCandidate?
    private var lastDecay = Int.min / 2
    private var learning: [PeakCandidate] = []
    private var learned = false
    /// Candidates under the threshold since the last beat, for search-back:
    /// `belowThreshold[..<belowCount]`, the storage kept (emptied at most
    /// beats, where `removeAll(keepingCapacity:)` costs tens of
    /// instructions).
    private var belowThreshold: [BelowThreshold] = []
    private var belowCount = 0
    /// A candidate under the threshold, with the refractory test of its R
    /// peak when that was left to search-back (`refractoryDecides`).
    private struct BelowThreshold {
        var candidate: PeakCandidate
        /// The R peak of the beat it followed, when the candidate is a
        /// search-back pick only if its own R peak lies past the refractory
        /// period after that one (`RPeakRefractory`).
        var pendingRefractory: Int?
    }
    /// Beats decided and not yet collected: each one's feature peak, its R
    /// peak (the beat reported), and the noise-to-signal ratio of the levels
    /// when it was accepted (how noisy the lead was there, used to fuse
    /// leads and by the path chooser).
    private var decided: [RhythmPathChooser.DecidedBeat] = []
    /// The latest index the events have reached.
    private var clock = Int.min
    /// The last index before search-back begins, 1.66 mean intervals after
    /// the last beat (`searchBack`; `Int.max` with no beat): renewed when
    /// the last beat or the intervals change (`accept`, `retractLastBeat`),
    /// read at every event.
    private var searchBackAfter = Int.max
    /// Whether the last beat may still be replaced by a larger peak within
    /// the refractory period (it is held back from `collect` until then).
    private var lastReplaceable = false
    private var beatBeforeLast: PeakCandidate?
    private var lastAddedInterval = false
    /// When the last beat may still turn out to be noise that split a regular
    /// interval (`splitsRegularInterval`): the beat before it, and the
    /// shortest and longest span from there that count as one regular
    /// interval.
    private var splitSuspect: SplitIntervalSuspect?
    /// The R peaks and slopes of candidates for the rules that compare
    /// them: nil when the candidates come measured (the streaming path).
    var locator: Locator?
    /// The beats accepted last, oldest first: `templateLength` of them plus
    /// the last beat (which the P-wave rule compares with those before it),
    /// each with its R peak once measured (`measure`): a capacity of
    /// `templateLength + 1`.
    private var recent = RecentRing<9, RecentBeat>(filler: RecentBeat(index: 0, slope: nil, peak: (0, 0)))
    /// How many of `recent` are of positive polarity (kept with them:
    /// `templatePolarity` reads it for most candidates after a beat).
    private var recentPositive = 0
    /// What the rules read of a recent beat: its feature peak, its R peak,
    /// and its slope once measured (as it came, on the streaming path).
    private struct RecentBeat {
        var index: Int
        var slope: Int32?
        var peak: (location: Int, amplitude: Int32)
    }
    /// Beats in the running QRS template: eight, the length of the running
    /// averages of Pan & Tompkins (1985) and of Hamilton & Tompkins (1986).
    static var templateLength: Int { 8 }
    /// The longest distance from a P wave's peak to its QRS's R peak: the PR
    /// interval, 120–200 ms in adults (AHA), longer in first-degree AV
    /// block, which past 300 ms is called marked (ACC/AHA/HRS 2018
    /// bradycardia guideline). MIT-BIH 108 (first-degree block) has its
    /// tall P waves 203–208 ms before the R peak.
    private let pWaveDistance: Int

    init(design: FeatureDesign) {
        self.design = design
        refractory = design.samples(0.24)
        maximumRefractory = design.samples(0.3)
        // Pan & Tompkins test a candidate within 360 ms of the last beat for
        // being its T wave (slope under half the QRS slope). Measured on the
        // MIT-BIH records, T waves the integrated feature separates from their
        // QRS peak at over 240 ms lie mostly under 300 ms, while premature
        // beats (atrial fibrillation, runs of PVCs) fall from 300 ms on: 300 ms
        // keeps most of those beats for a few more T waves.
        tWaveWindow = design.samples(0.3)
        pWaveDistance = design.samples(0.3)
        learningLength = design.samples(2.0)
        initialInterval = design.samples(0.8)
        restoredNoiseLimit = 0.1
    }

    /// Returns and forgets the beats decided so far.
    mutating func collect() -> [Int] {
        collectWithNoiseRatios().beats
    }

    /// Returns and forgets the beats decided so far with their noise ratios.
    /// The last beat stays while a larger peak may still replace it.
    mutating func collectWithNoiseRatios() -> (beats: [Int], noiseRatios: [Float]) {
        let decided = collectDecided()
        return (decided.map(\.location), decided.map(\.noiseRatio))
    }

    /// Returns and forgets the beats decided so far (as
    /// `collectWithNoiseRatios`).
    mutating func collectDecided() -> [RhythmPathChooser.DecidedBeat] {
        // Copies into a fresh array of the exact size, then empties the
        // (still unique) storage in place. Returning `decided` itself would
        // share its storage, and emptying or growing it afterwards would
        // allocate again.
        var count = decided.count
        if count > 0, let last = lastBeat {
            if lastReplaceable, clock < last.index + maximumRefractory {
                count -= 1
            } else if let suspect = splitSuspect, clock <= suspect.earlier.index + suspect.spanLimit {
                // The last beat may still be withdrawn as noise when the next
                // beat comes (`splitsRegularInterval`).
                count -= 1
            }
        }
        guard count > 0 else { return [] }
        if count == decided.count, count >= Self.handedOverCount {
            // A long list goes as it is (copying it cost more than the
            // next beat's allocation).
            defer { decided = [] }
            return decided
        }
        let collected = decided.withUnsafeBufferPointer { Array($0[..<count]) }
        if count == decided.count {
            decided.removeAll(keepingCapacity: true)
        } else {
            decided.removeFirst(count)
        }
        return collected
    }

    /// The fewest decided beats `collectDecided` hands over in their own
    /// storage rather than copied.
    private static var handedOverCount: Int { 256 }

    /// Makes room for `count` decided beats (a whole lead's: at most one per
    /// candidate), so that the list is not copied as it grows.
    mutating func reserveCapacity(beats count: Int) {
        decided.reserveCapacity(count)
    }

    private var noiseRatio: Float { levels.noiseRatio }

    private var averageInterval: Int {
        // Over a full ring a division by a constant (a shift, where
        // dividing by the count costs tens of cycles at every beat).
        if intervals.count == intervals.capacity { return intervalSum / intervals.capacity }
        return intervals.isEmpty ? initialInterval : intervalSum / intervals.count
    }

    /// The threshold between the levels (`PeakLevels.threshold`).
    private var threshold: Float { levels.threshold }

    @inline(__always)
    mutating func add(_ candidate: PeakCandidate) {
        clock = Swift.max(clock, candidate.index)
        if !learned {
            learning.append(candidate)
            return
        }
        // `searchBack`'s own first test, here: it seldom passes.
        if candidate.index > searchBackAfter { searchBack(before: candidate.index) }
        var candidate = candidate
        classify(&candidate)
    }

    /// The earliest index at which a clock tick (`advance(to:)`) can change
    /// anything but the clock: the end of learning, or where search-back
    /// begins, 1.66 mean intervals after the last beat (`searchBack`); never
    /// with no beat yet. Whole-record detection, which collects after
    /// `finish`, skips the ticks before it. Keep in step with `advance(to:)`.
    var nextEventfulTick: Int {
        if !learned { return learningLength }
        return searchBackAfter == Int.max ? Int.max : searchBackAfter + 1
    }

    /// No candidate before `index` is still to come.
    mutating func advance(to index: Int) {
        clock = Swift.max(clock, index)
        if !learned {
            guard index >= learningLength else { return }
            finishLearning()
        }
        searchBack(before: index)
    }

    /// The end of the record: decides what is left.
    mutating func finish(at index: Int) {
        if !learned { finishLearning() }
        searchBack(before: index)
        clock = Int.max
    }

    private mutating func finishLearning() {
        learned = true
        let heights = learning.map { Float($0.height) }
        levels = PeakLevels(learningPeak: heights.max() ?? 0)
        let buffered = learning
        learning = []
        for var candidate in buffered { classify(&candidate) }
    }

    /// Decides on `candidate`; its slope, when a rule needs it, is measured
    /// once and kept with it. (In place: a copy of a candidate just made
    /// reads its fields wider than they were written, and waits for them.)
    private mutating func classify(_ candidate: inout PeakCandidate) {
        let height = Float(candidate.height)
        // No level changes before the decision below: one threshold serves.
        let aboveThreshold = height > threshold
        var pendingRefractory: Int?
        if candidate.restored {
            // On a noisy stretch a small hump just before a larger one is as
            // likely noise: counted as noise, unless it lies on the rhythm
            // (`RhythmFit`). Elsewhere a restored hump counts only as a beat;
            // not a beat, it leaves no trace (no level update), as when it
            // was not restored.
            if noiseRatio > restoredNoiseLimit {
                if !isOnRhythm(candidate, ofRegularRhythm: true) {
                    noise(candidate)
                    return
                }
            } else if !aboveThreshold {
                return
            }
        }
        if let last = lastBeat {
            let gap = candidate.index - last.index
            var withinRefractory = gap < refractory || (gap < maximumRefractory && gap * 100 < averageInterval * 30)
            // Past the refractory period by the feature peaks, and perhaps
            // within it by the R peaks (`RPeakRefractory`): located only here,
            // and only when that decides more than whether the candidate is
            // kept for search-back (then search-back tests it, if it must).
            if !withinRefractory, gap < maximumRefractory, !recent.isEmpty,
               RPeakRefractory.heightsAllowWithin(height: candidate.height, lastHeight: last.height,
                                                  noisy: noiseRatio > restoredNoiseLimit) {
                let lastLocation = recent[recent.count - 1].peak.location
                if refractoryDecides(&candidate, aboveThreshold: aboveThreshold, after: last) {
                    withinRefractory = RPeakRefractory.areWithin(
                        location: measure(candidate).location, lastLocation: lastLocation, refractory: refractory)
                } else {
                    pendingRefractory = lastLocation
                }
            }
            // A P wave taken for a beat gives way to its QRS, whether the
            // QRS falls in the refractory period or would be a beat of its own.
            if lastReplaceable, withinRefractory || (aboveThreshold && gap < maximumRefractory),
               isPWave(before: &candidate) {
                retractLastBeat()
                classify(&candidate)
                return
            }
            if withinRefractory {
                // On a noisy stretch of a regular rhythm a peak on the rhythm
                // replaces a beat off it, whatever the heights (`RhythmFit`).
                if lastReplaceable, aboveThreshold, noiseRatio > restoredNoiseLimit, intervals.count >= 2,
                   let before = beatBeforeLast, let expected = RhythmFit.expectedInterval(intervals),
                   RhythmFit.fits(candidate.index - before.index, expected: expected),
                   !RhythmFit.fits(last.index - before.index, expected: expected),
                   RhythmFit.isRegular(intervals, expected: expected) {
                    retractLastBeat()
                    classify(&candidate)
                    return
                }
                // Of peaks closer than the refractory period only the largest
                // is a QRS (Hamilton & Tompkins 1986): a larger peak replaces
                // the beat just accepted, which was a P wave or noise.
                if lastReplaceable, candidate.height > last.height {
                    withdrawLastBeatAsNoise()
                    classify(&candidate)
                    return
                }
                if !candidate.restored { noise(candidate) }
                return
            }
            if aboveThreshold, gap < tWaveWindow, isTWaveSlope(measuredSlope(&candidate)) {
                if !candidate.restored { noise(candidate) }
                return
            }
        }
        // On a noisy stretch a candidate on the rhythm needs half the
        // threshold (`RhythmFit`).
        if aboveThreshold || (noiseRatio > restoredNoiseLimit && height > 0.5 * threshold && isOnRhythm(candidate)) {
            // The suspect's earlier beat is `beatBeforeLast`: undoing the last
            // accept withdraws the suspect.
            if let suspect = splitSuspect, splitsRegularInterval(next: candidate, suspect) {
                withdrawLastBeatAsNoise()
            }
            levels.addBeat(height: candidate.height, foundBySearchBack: false)
            accept(candidate)
        } else {
            noise(candidate)
            let entry = BelowThreshold(candidate: candidate, pendingRefractory: pendingRefractory)
            if belowCount < belowThreshold.count {
                belowThreshold[belowCount] = entry
            } else {
                belowThreshold.append(entry)
            }
            belowCount += 1
        }
    }

    /// Whether the R-peak refractory test (`RPeakRefractory`) of a candidate
    /// past the refractory period after `last` by its feature peak can
    /// change what `classify` does with it, beyond keeping it for
    /// search-back or not. It cannot for a candidate under the threshold
    /// that is not a restored hump, has no half threshold of the rhythm rule
    /// in reach (a noisy stretch), and, when `last` is replaceable, is
    /// neither higher than it nor the QRS of a P wave taken for it by the
    /// tests of `isPWave` that need no R peak of the candidate: that one is
    /// noise within the refractory period and past it.
    private mutating func refractoryDecides(_ candidate: inout PeakCandidate, aboveThreshold: Bool,
                                            after last: PeakCandidate) -> Bool {
        if aboveThreshold || candidate.restored { return true }
        if noiseRatio > restoredNoiseLimit, Float(candidate.height) > 0.5 * threshold { return true }
        guard lastReplaceable else { return false }
        return candidate.height > last.height || qrsPolarityAfterPWave(before: &candidate) != nil
    }

    private mutating func noise(_ candidate: PeakCandidate) {
        levels.addNoise(height: candidate.height)
    }

    private mutating func accept(_ candidate: PeakCandidate) {
        splitSuspect = nil
        // After two regular intervals, a beat on a noisy stretch, or one
        // under half the height of the beat before it anywhere, may be noise
        // that splits the next regular interval: tested when the next beat
        // comes (`SplitIntervalSuspect`). (Cheapest tests first: this runs
        // for every beat.)
        if let last = lastBeat, intervals.count >= 2 {
            let noisy = noiseRatio > restoredNoiseLimit
            if SplitIntervalSuspect.mayBeSuspect(height: candidate.height, after: last, noisy: noisy) {
                let average = averageInterval
                if RhythmFit.fits(intervals[intervals.count - 1], expected: average),
                   RhythmFit.fits(intervals[intervals.count - 2], expected: average) {
                    splitSuspect = SplitIntervalSuspect(
                        earlier: last, spanFloor: average * SplitIntervalSuspect.spanLow / 100,
                        spanLimit: average * RhythmFit.regularHigh / 100, noisy: noisy)
                }
            }
        }
        beatBeforeLast = lastBeat
        lastAddedInterval = lastBeat != nil
        lastReplaceable = true
        if let last = lastBeat {
            let interval = candidate.index - last.index
            if intervals.count == intervals.capacity { intervalSum -= intervals[0] }
            intervals.append(interval)
            intervalSum += interval
        }
        lastBeat = candidate
        // Its R peak is located at once: the beat is reported there, and the
        // P-wave rule reads the R peaks of the recent beats for most
        // candidates after a beat (for the template's polarity).
        let peak = measure(candidate)
        if recent.count == recent.capacity, recent[0].peak.amplitude > 0 { recentPositive -= 1 }
        recent.append(RecentBeat(index: candidate.index, slope: candidate.slope, peak: peak))
        if peak.amplitude > 0 { recentPositive += 1 }
        decided.append(RhythmPathChooser.DecidedBeat(index: candidate.index, location: peak.location,
                                                     noiseRatio: noiseRatio))
        renewSearchBackStart()
        // Those at or before it go (usually all: the candidates come in
        // index order), the others move down in order.
        var kept = 0
        for k in 0..<belowCount where belowThreshold[k].candidate.index > candidate.index {
            belowThreshold[kept] = belowThreshold[k]
            kept += 1
        }
        belowCount = kept
    }

    /// Undoes the last `accept` of a beat that is noise (a larger peak
    /// replaces it within the refractory period, or it split a regular
    /// interval) and counts it as a noise peak (`PeakLevels.withdrawBeat`).
    /// A P wave giving way to its QRS, or a beat off the rhythm to a peak on
    /// it (a rule of noisy stretches only, where the noise level is already
    /// over the gate), is retracted without this.
    private mutating func withdrawLastBeatAsNoise() {
        if let last = lastBeat { levels.withdrawBeat(height: last.height) }
        retractLastBeat()
    }

    /// Undoes the last `accept` (its beat is still held back from `collect`).
    private mutating func retractLastBeat() {
        decided.removeLast()
        if lastAddedInterval { intervalSum -= intervals.removeLast() }
        lastBeat = beatBeforeLast
        lastReplaceable = false
        if recent.removeLast().peak.amplitude > 0 { recentPositive -= 1 }
        splitSuspect = nil
        renewSearchBackStart()
    }

    /// Sets `searchBackAfter` from the last beat and the intervals.
    private mutating func renewSearchBackStart() {
        searchBackAfter = lastBeat.map { $0.index + averageInterval * 166 / 100 } ?? Int.max
    }

    /// Whether `candidate` lies one regular interval of the rhythm after the
    /// last beat, once there are two intervals (`RhythmFit`); with
    /// `ofRegularRhythm`, only when at least half the intervals are regular
    /// (`RhythmFit.isRegular`).
    private func isOnRhythm(_ candidate: PeakCandidate, ofRegularRhythm: Bool = false) -> Bool {
        guard let last = lastBeat, intervals.count >= 2,
              let expected = RhythmFit.expectedInterval(intervals) else { return false }
        if ofRegularRhythm, !RhythmFit.isRegular(intervals, expected: expected) { return false }
        return RhythmFit.fits(candidate.index - last.index, expected: expected)
    }

    /// Whether the last beat, a suspect (see `accept`), is noise that split a
    /// regular interval, now that `next` comes (`SplitIntervalSuspect`).
    ///
    /// Electrode-motion noise on a regular rhythm makes just this pattern: a
    /// hump between two beats turning one interval into two (the noise
    /// stress test at 12 dB, where most false beats lie 40–60 % of the way
    /// through an interval). Tested only after two regular intervals (the
    /// regularity test of Pan & Tompkins, on the last two intervals), and
    /// for beats of the usual size only on noisy stretches (noise ratio over
    /// `restoredNoiseLimit`, an amplitude signal-to-noise ratio of 10 dB), so
    /// that atrial fibrillation and the clean MIT-BIH records, where an
    /// interval of the right length can be split by chance, keep their beats.
    private func splitsRegularInterval(next: PeakCandidate, _ suspect: SplitIntervalSuspect) -> Bool {
        guard !decided.isEmpty, let last = lastBeat else { return false }
        return suspect.isNoise(last, next: next)
    }

    /// Whether a peak within `tWaveWindow` of the last beat is, by its slope,
    /// its T wave: under half the last beat's slope (Pan & Tompkins 1985) and
    /// under the median slope of the recent beats. After a beat much
    /// steeper than the others (a large PVC) half its slope can exceed the
    /// slope of the usual QRS, which the test would then take for a T wave;
    /// a peak as steep as the usual QRS is not a T wave.
    private mutating func isTWaveSlope(_ candidateSlope: Int32) -> Bool {
        guard candidateSlope < lastBeatSlope() / 2 else { return false }
        let count = Swift.min(recent.count, Self.templateLength)
        guard count > 0 else { return true }
        // The median (the upper one of an even count) of the last `count`
        // slopes, sorted on the stack: only for peaks near a beat that are
        // under half its slope.
        let first = recent.count - count
        for k in first..<recent.count where recent[k].slope == nil {
            recent[k].slope = locator?.slope(peak: recent[k].index) ?? 0
        }
        let median = withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.templateLength) { slopes in
            UpperMedian.of(count: count, sortingInto: slopes) { recent[first + $0].slope ?? 0 }
        }
        return candidateSlope < median
    }

    /// Whether the last beat is a P wave and `candidate` its QRS: the
    /// candidate's R peak within `pWaveDistance` after the beat's, the
    /// candidate at least 0.8 times as steep (the QRS is the steeper wave;
    /// 0.8 allows for a QRS slurred in the lead), and of the polarity of
    /// the running QRS template where the beat is not. Tall P waves come
    /// before the QRS in leads where the QRS is small (MIT-BIH 108); a T wave
    /// after a PVC, of the template's polarity where the PVC is not, is far
    /// less steep.
    private mutating func isPWave(before candidate: inout PeakCandidate) -> Bool {
        guard let positive = qrsPolarityAfterPWave(before: &candidate) else { return false }
        let peak = measure(candidate)
        return peak.location - recent[recent.count - 1].peak.location < pWaveDistance && (peak.amplitude > 0) == positive
    }

    /// The tests of `isPWave` that need no R peak of `candidate`: the
    /// polarity of the running QRS template when the last beat is not of it
    /// and `candidate` is at least 0.8 times as steep as the last beat; nil
    /// otherwise. Polarities first: they read the R peaks of beats, which
    /// the beat list needs anyway, where the slopes are measured for this
    /// test alone.
    private mutating func qrsPolarityAfterPWave(before candidate: inout PeakCandidate) -> Bool? {
        guard recent.count >= 2, lastBeat != nil, let positive = templatePolarity(),
              (recent[recent.count - 1].peak.amplitude > 0) != positive,
              Int64(measuredSlope(&candidate)) * 5 >= Int64(lastBeatSlope()) * 4 else { return nil }
        return positive
    }

    /// The polarity of the running QRS template: that of at least three in
    /// four of the beats before the last (`templateLength` of them, at least
    /// half as many), or nil when their polarities are mixed.
    private mutating func templatePolarity() -> Bool? {
        // The beats before the last: the ring holds at most `templateLength`.
        let count = recent.count - 1
        guard count >= Self.templateLength / 2 else { return nil }
        let positive = recentPositive - (recent[count].peak.amplitude > 0 ? 1 : 0)
        if positive * 4 >= count * 3 { return true }
        if (count - positive) * 4 >= count * 3 { return false }
        return nil
    }

    /// The slope of a candidate: as it came, or measured by the locator.
    private func slope(of candidate: PeakCandidate) -> Int32 {
        if let slope = candidate.slope { return slope }
        return locator?.slope(peak: candidate.index) ?? 0
    }

    /// The slope of a candidate, measured once and kept with it.
    private func measuredSlope(_ candidate: inout PeakCandidate) -> Int32 {
        if let measured = candidate.slope { return measured }
        let measured = slope(of: candidate)
        candidate.slope = measured
        return measured
    }

    /// The slope of the last beat, measured once (kept with its copy in
    /// `recent` too).
    private mutating func lastBeatSlope() -> Int32 {
        guard let last = lastBeat else { return 0 }
        if let measured = last.slope { return measured }
        let measured = slope(of: last)
        lastBeat?.slope = measured
        if !recent.isEmpty { recent[recent.count - 1].slope = measured }
        return measured
    }

    /// The R peak of a candidate: measured by the locator, or as it came.
    private func measure(_ candidate: PeakCandidate) -> (location: Int, amplitude: Int32) {
        locator?.locate(candidate) ?? (candidate.location, candidate.amplitude)
    }

    /// Whether a candidate kept for search-back with its refractory test
    /// pending (`refractoryDecides`) lies within the refractory period by its
    /// R peak: the test `classify` left, on the R peaks it would have used.
    private func isWithinRefractory(_ entry: BelowThreshold) -> Bool {
        guard let lastLocation = entry.pendingRefractory else { return false }
        return RPeakRefractory.areWithin(location: measure(entry.candidate).location, lastLocation: lastLocation,
                                         refractory: refractory)
    }

    /// Whether a search-back pick is a one-sided step of electrode-motion
    /// noise rather than a QRS (`SlopeBalance`). Judged only where the levels
    /// are clean (noise ratio at most `restoredNoiseLimit`): on noisier
    /// stretches noise reshapes the real beats' slopes too (without this gate
    /// the noise stress test at −6 dB loses two real beats).
    private func isOneSidedStep(_ candidate: PeakCandidate) -> Bool {
        guard noiseRatio <= restoredNoiseLimit else { return false }
        let balance = candidate.slopeBalance ?? locator?.slopeBalance(location: measure(candidate).location) ?? 1
        return balance < SlopeBalance.oneSidedLimit
    }

    /// When no beat came for 1.66 mean intervals, takes the highest candidate
    /// above half the threshold since the last beat.
    private mutating func searchBack(before index: Int) {
        while index > searchBackAfter, let last = lastBeat {
            let half = 0.5 * threshold
            var best: PeakCandidate?
            for entry in belowThreshold[..<belowCount] {
                let candidate = entry.candidate
                guard candidate.index < index && candidate.index - last.index >= refractory
                    && Float(candidate.height) > half && !isWithinRefractory(entry)
                    && !isOneSidedStep(candidate) else { continue }
                if best == nil || candidate.height > best!.height { best = candidate }
            }
            guard let found = best else {
                // Nothing above half the threshold for twice the mean interval:
                // the amplitude has dropped (lead change, gain change). Halve
                // the levels, at most once per mean interval, and look again.
                if index - last.index > 2 * averageInterval, index - lastDecay >= averageInterval {
                    levels.halve()
                    lastDecay = index
                    continue
                }
                return
            }
            levels.addBeat(height: found.height, foundBySearchBack: true)
            accept(found)
        }
    }
}
