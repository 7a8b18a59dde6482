import Foundation

/// Chooses the beats of a noisy stretch by rhythm as well as size: a
/// Viterbi choice over the candidates, after the decider (`BeatDecider`).
///
/// On a clean lead the decider's beats pass through unchanged. Where its
/// noise-to-signal ratio of levels rises over `noisyRatio`, noise peaks as
/// tall as the QRS complexes come between them (electrode motion at 6 dB SNR
/// and below), and the tallest candidate near a beat is as often noise as
/// the beat. There the heart rate does not jump: the beat sequence is the
/// path through the candidates that best fits both the R-R interval learnt
/// on the clean stretch before and the candidates' size, found by dynamic
/// programming (the beat-tracking recurrence of Ellis 2007, on candidates
/// rather than on samples):
///
///     score(q) = emission(q) + max over p [score(p) − transition(p → q)]
///
/// - transition: (ln(d / rr))² / (2σ²), the negative log-likelihood of the
///   interval d against the expected interval rr, log-normal with spread σ;
///   a gap of about two intervals is one missed beat (`skipCost`). The
///   expected interval follows the chosen path slowly (`intervalGain`).
/// - emission: 1 + 1.5 · ln of the candidate's size against the clean beats'
///   (the mean of its feature height and steepest slope, each over the
///   median of the clean beats', at most 1.5).
///
/// The path replaces the decider's beats only where the rhythm before was
/// regular (`regularSpread`, `shortestInterval`), the noise is heavy
/// (`heavyRatio`), the decider's own beats keep no rhythm (`selfRegular`),
/// and the path scores higher than they do under the same model: irregular
/// rhythms, and noisy stretches the decider gets right, keep its beats.
///
/// The stretch starts `lookback` before the first noisy beat (the decider's
/// noise level rises only some seconds into the noise), at the last beat
/// already released, and ends at the first beat after the last noisy one
/// once `endGap` has passed without another: both ends are decider beats,
/// kept. Beats are held back from `collect` only while they may still join
/// a stretch: a clean beat on the rhythm (`RhythmFit.regularLow` to
/// `regularHigh` of the reference interval) releases everything before it
/// at once, so a clean regular lead has no added latency. A long stretch is
/// decided with a fixed lag (`commitSpan`, `commitLag`), which bounds
/// memory and latency.
///
/// It runs on candidates and decided beats only, in index order, and its
/// choices depend only on them: the whole-record and the streaming paths
/// give the same beats.
struct RhythmPathChooser {
    /// A beat the decider accepted: its feature peak, its R peak, and its
    /// noise ratio.
    struct DecidedBeat: Equatable {
        var index: Int
        var location: Int
        var noiseRatio: Float
    }

    /// A candidate on a possible beat path through a noisy stretch.
    private struct Node {
        /// The R peak (sample index): the time the intervals are measured
        /// on, and the beat reported.
        var time: Int
        var score: Double
        /// The node before it on its best path, -1 for the anchor.
        var back: Int
        /// The expected interval after it on its best path, in samples.
        var interval: Double
        var noiseRatio: Float
        /// Its candidate's position (`candidateBase` + offset in `peaks`).
        var position: Int
    }

    // The constants were measured on the noise stress test (118e24 … 118e_6,
    // first lead) against the MIT-BIH records; each one's effect at ±10–20 %
    // is in the branch report (`detdp`). Sensitivities quoted are F1 at
    // 6 / 0 / −6 dB.

    /// The noise ratio (`BeatDecider`'s noise level over its signal level)
    /// over which a beat starts a noisy stretch: 0.05, an amplitude
    /// signal-to-noise ratio of 13 dB (the levels are squared amplitudes).
    /// Beats on clean minutes have 0.009–0.02 (5th–75th percentile, 118e00);
    /// at 6 dB the noisy minutes' beats have 0.04–0.4.
    static let noisyRatio: Float = 0.05
    /// Only where the decider's beats have a median ratio of at least 0.1
    /// (`BeatDecider.restoredNoiseLimit`: 10 dB) may the chosen path replace
    /// them; under it the decider's threshold keeps the noise out.
    static let heavyRatio: Float = 0.1
    /// Beats under this ratio, 0.03, on both ends of an interval teach the
    /// reference interval, height and slope.
    static let cleanRatio: Float = 0.03
    /// Reference intervals and beats: the last sixteen clean ones before the
    /// stretch, at least four. Twice the eight of Pan & Tompkins' running
    /// averages: the decider takes a few noise peaks at the onset, before
    /// its noise level rises, and a median of sixteen intervals stays on the
    /// rhythm (eight: 95.2 / 86.6 / 81.2, sixteen 95.6 / 88.6 / 82.0 before
    /// the gates below).
    static let referenceLength = 16
    static let referenceMinimum = 4
    /// The rhythm before must be regular to be followed: the median absolute
    /// log deviation of the reference intervals, as a standard deviation
    /// (× 1.4826), at most 0.1 (sinus arrhythmia, by the textbook rule,
    /// varies by over 0.12 s, 15 % of a 0.8 s interval). Atrial
    /// fibrillation and ventricular bigeminy (MIT-BIH 201, 203, 106) are
    /// left to the decider.
    static let regularSpread = 0.1
    /// The reference interval must be at least 0.4 s (150/min): faster
    /// regular activity before the noise (the flutter waves of MIT-BIH 207)
    /// is not a beat rhythm to follow.
    static let shortestInterval = 0.4
    /// The decider's beats stand when at least 60 % of their intervals lie
    /// within the regular band (`RhythmFit.regularLow`…`regularHigh`) of
    /// their own median: they keep a rhythm, perhaps at another rate than
    /// the reference (the noisy end of MIT-BIH 108, where the rate rises
    /// 12 %). Noise peaks taken for beats break most intervals.
    static let selfRegular = 0.6
    /// A beat whose interval lies within 80 % to 125 % of the reference
    /// releases the beats held before it: noise peaks the decider takes at
    /// the onset of noise split intervals to under 80 %, while sinus
    /// rhythm's beat-to-beat variation (and the feature peaks' jitter) stays
    /// well inside (Pan & Tompkins' 92–116 % held back jittered clean beats
    /// by one interval).
    static let releaseLow = 80, releaseHigh = 125
    /// The path must keep at least half as many beats as the decider took:
    /// noise adds up to 40 % false beats to the decider's (118e_6: 1.4 times
    /// as many beats as there are in its noisy minutes), while a path at the
    /// rate before ventricular fibrillation or a fast tachycardia keeps a
    /// third to a half of the waves the decider takes there (MIT-BIH VFDB):
    /// those are a rhythm change, not noise on the rhythm.
    static let keptShare = 0.5
    /// The spread of the log interval, at least 0.3 (or the reference
    /// intervals' own, if larger): the candidates' R peaks are displaced by
    /// the noise by up to 0.1 s, over 12 % of an interval, on both ends.
    static let spreadFloor = 0.3
    /// Emission: `beatReward` + `sizeWeight` · ln(size), size capped at 1.5
    /// (a noise peak taller than the beats earns no more than a beat half
    /// as tall again) and floored at 0.01.
    static let beatReward = 1.0
    static let sizeWeight = 1.5
    static let sizeCap = 1.5
    static let sizeFloor = 0.01
    /// Intervals over 1.5 expected ones hold a missed beat: they cost as two
    /// intervals of half the length and `skipCost`.
    static let skipFrom = 1.5
    static let skipCost = 3.0
    /// The longest interval searched, in expected intervals.
    static let searchSpan = 2.5
    /// How fast the expected interval follows the path: 3 % per beat.
    static let intervalGain = 0.03

    let design: FeatureDesign
    /// The R peaks and slopes of candidates that come unmeasured (the
    /// segmented path); nil when they come measured (the streaming path).
    var locator: LeadLocator?
    /// The refractory period: 200 ms (Pan & Tompkins 1985).
    private let refractory: Int
    private let lookback: Int
    private let endGap: Int
    private let commitSpan: Int
    private let commitLag: Int

    /// The candidates observed, by feature peak and height: on the
    /// segmented path the selector's own list, shared, not copied.
    private var peaks: [CandidateSelector.Peak] = []
    /// The R peaks of the candidates that came measured (the streaming
    /// path), the first `peakTimes.count` of `peaks`; those of a whole
    /// lead's, which come unmeasured, the locator finds and remembers
    /// (`LocationMemo`).
    private var peakTimes: [Int] = []
    /// The slope of each of `peaks` once measured (`unmeasuredSlope` before;
    /// as it came on the streaming path). A slope is a maximum of squares,
    /// never negative.
    private var slopes: [Int32] = []
    private static let unmeasuredSlope = Int32.min
    /// The offset in `peaks` of the first of a whole lead's candidates
    /// (`observe(_:)` of the selector's list): a candidate's slot in the
    /// locator's memo is its offset from there.
    private var slotOrigin = 0
    /// The position of `peaks[0]` among all candidates observed.
    private var candidateBase = 0
    /// The offset in `peaks` of the first one still needed.
    private var head = 0
    /// Whether forgotten candidates are removed from the storage (not when
    /// a whole lead's came at once).
    private var compacts = true
    /// The offset in `peaks` where `learntOffset` searches from.
    private var learnCursor = 0
    /// The position of the next candidate the path search takes.
    private var nextPosition = 0

    private var referenceIntervals: [Int] = []
    private var referenceBeats: [ReferenceBeat] = []
    /// What the reference keeps of a clean beat's candidate: its feature
    /// peak, height and slope (as it came, or measured when a stretch
    /// starts).
    private struct ReferenceBeat {
        var index: Int
        var height: Int32
        var slope: Int32?
    }
    /// The last `referenceLength` reference intervals, sorted as well (a
    /// capacity of `referenceLength`, checked at `init`).
    private var referenceWindow = SortedWindow<16, Int>(filler: 0)
    /// Their median, renewed every fourth reference interval.
    private var referenceMedian = 0
    private var referenceAppended = 0
    private var previousBeat: DecidedBeat?

    /// Counts calls of `release` that released beats (the candidates
    /// before the anchor are forgotten every 32nd).
    private var releases = 0
    /// Decided beats not yet released (clean mode).
    private var held: [DecidedBeat] = []
    /// The last beat released.
    private var anchor: DecidedBeat?

    // The noisy stretch being decided, if any.
    private var inStretch = false
    private var nodes: [Node] = []
    private var lastNoisy = 0
    private var afterNoisy: [DecidedBeat] = []
    /// The decider's beats in the stretch, before `afterNoisy`'s first.
    private var stretchBeats: [DecidedBeat] = []
    private var latestRatio: Float = 0
    /// The path search runs only once the stretch may be replaced: until
    /// then (`searching` false) the beats taken are queued here, each with
    /// the candidates up to its index to add with its ratio, as `take` would
    /// have added them. Most noisy stretches are short and fail the cheap
    /// gates (`deciderBeatsStand`): they never search or measure a candidate.
    /// The last reference `startStretch` found irregular or too fast, by
    /// its last beat and length.
    private struct RejectedStart: Equatable {
        var lastReference: Int
        var count: Int
    }
    private var rejectedStart: RejectedStart?
    private var pendingExtensions: [(index: Int, ratio: Float)] = []
    private var searching = false
    private var referenceInterval = 0.0
    private var referenceHeight = 1.0
    private var referenceSlope = 1.0
    private var inverseVariance = 0.0

    /// Beats released and not yet collected, and their noise ratios.
    private(set) var beats: [Int] = []
    private(set) var noiseRatios: [Float] = []

    init(design: FeatureDesign) {
        self.design = design
        refractory = design.samples(0.2)
        lookback = design.samples(3)
        endGap = design.samples(3)
        commitSpan = design.samples(20)
        commitLag = design.samples(10)
        precondition(referenceWindow.capacity == Self.referenceLength, "the window holds the reference's length")
    }

    /// Returns and forgets the beats released so far with their noise ratios.
    mutating func collect() -> LeadBeats {
        let collected = LeadBeats(beats: beats, noiseRatios: noiseRatios)
        beats.removeAll(keepingCapacity: true)
        noiseRatios.removeAll(keepingCapacity: true)
        return collected
    }

    /// A candidate the decider is given, measured (the streaming path: its
    /// R peak in `location`, its slope if measured), in index order, before
    /// any beat at or after its index is taken.
    mutating func observe(_ candidate: PeakCandidate) {
        precondition(peakTimes.count == peaks.count, "measured candidates come before a whole lead's")
        peaks.append(CandidateSelector.Peak(index: candidate.index, height: candidate.height, restored: candidate.restored))
        peakTimes.append(candidate.location)
        slopes.append(candidate.slope ?? Self.unmeasuredSlope)
    }

    /// Every candidate of a whole lead at once, unmeasured (the segmented
    /// path): as `observe` of each, the R peaks and slopes measured by the
    /// locator when needed, the slot of each its position in `peaks` (as
    /// the decider's).
    mutating func observe(_ peaks: [CandidateSelector.Peak]) {
        // All of them are held anyway: moving the live ones down would only
        // cost time.
        compacts = false
        slotOrigin = self.peaks.count
        if self.peaks.isEmpty { self.peaks = peaks } else { self.peaks += peaks }
        slopes.append(contentsOf: repeatElement(Self.unmeasuredSlope, count: peaks.count))
        // At most a beat per candidate: the lists are not copied as they grow.
        beats.reserveCapacity(beats.count + peaks.count)
        noiseRatios.reserveCapacity(noiseRatios.count + peaks.count)
    }

    /// Takes the beats the decider released (`BeatDecider.collectDecided`).
    mutating func take(_ decided: [DecidedBeat]) {
        for beat in decided { take(beat) }
    }

    /// The decider's next beat.
    mutating func take(_ beat: DecidedBeat) {
        let regular = learn(beat)
        latestRatio = beat.noiseRatio
        if inStretch {
            queueExtension(upTo: beat.index)
            if beat.noiseRatio > Self.noisyRatio {
                lastNoisy = beat.index
                stretchBeats += afterNoisy
                stretchBeats.append(beat)
                afterNoisy.removeAll(keepingCapacity: true)
            } else {
                afterNoisy.append(beat)
                if beat.index - lastNoisy > endGap { endStretch(now: beat.index) }
            }
            return
        }
        if beat.noiseRatio > Self.noisyRatio, startStretch(at: beat) { return }
        if regular, held.isEmpty {
            // The clean lead's usual case: released at once, not held.
            emit(beat.location, beat.noiseRatio)
            anchor = beat
            releases += 1
            if releases % 32 == 0 { dropCandidates(before: beat.index) }
            return
        }
        held.append(beat)
        if regular {
            release(upTo: Int.max)
        } else {
            release(upTo: beat.index - lookback)
        }
    }

    /// The end of the record: decides what is left.
    mutating func finish() {
        if inStretch {
            catchUp()
            extendPath(upTo: Int.max)
            if let end = afterNoisy.first {
                closePath(at: end)
                let last = anchor?.index ?? Int.min
                held.append(contentsOf: afterNoisy.dropFirst().filter { $0.index > last })
                afterNoisy.removeAll()
                inStretch = false
            } else {
                // No clean beat after the noise: the path ends at its best
                // node within the last expected interval.
                if let last = nodes.last {
                    var best = -1
                    for k in nodes.indices.reversed() {
                        if Double(last.time - nodes[k].time) > referenceInterval { break }
                        if best < 0 || nodes[k].score > nodes[best].score { best = k }
                    }
                    let own = stretchBeats
                    if best > 0, pathIsBetter(nodes[best].score - emission(at: nodes[best].position),
                                              pathLength(endingAt: best), than: own, to: nodes[best].time) {
                        emitPath(endingAt: best, upTo: Int.max)
                    } else {
                        for beat in own { emit(beat.location, beat.noiseRatio) }
                    }
                    stretchBeats.removeAll()
                }
                inStretch = false
                nodes.removeAll()
            }
        }
        release(upTo: Int.max)
    }

    // MARK: - Reference

    /// Records `beat` in the reference when it and the one before are clean;
    /// returns whether its interval is regular against the reference as it
    /// was (true while there is none).
    private mutating func learn(_ beat: DecidedBeat) -> Bool {
        defer { previousBeat = beat }
        guard let previous = previousBeat else { return true }
        let interval = beat.index - previous.index
        // Without a reference no stretch can start: nothing to hold back.
        var regular = true
        if referenceIntervals.count >= Self.referenceMinimum {
            regular = interval * 100 >= referenceMedian * Self.releaseLow
                && interval * 100 <= referenceMedian * Self.releaseHigh
        }
        if beat.noiseRatio < Self.cleanRatio, previous.noiseRatio < Self.cleanRatio,
           let offset = learntOffset(at: beat.index) {
            referenceIntervals.append(interval)
            referenceWindow.append(interval)
            let slope = slopes[offset]
            referenceBeats.append(ReferenceBeat(index: peaks[offset].index, height: peaks[offset].height,
                                                slope: slope == Self.unmeasuredSlope ? nil : slope))
            // Kept longer than used: a stretch takes the reference as it
            // was at its anchor, up to `lookback` and a few beats before.
            // (Dropped in batches.)
            if referenceIntervals.count > 8 * Self.referenceLength {
                referenceIntervals.removeFirst(4 * Self.referenceLength)
                referenceBeats.removeFirst(4 * Self.referenceLength)
            }
            // The median of sixteen moves slowly: renewed every fourth
            // interval (and while there are few).
            referenceAppended += 1
            if referenceAppended % 4 == 0 || referenceIntervals.count <= Self.referenceLength {
                referenceMedian = referenceWindow.upperMedian
            }
        }
        return regular
    }

    private func median(_ values: [Int]) -> Int {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    // MARK: - Clean mode

    /// Releases the held beats at or before `index`.
    private mutating func release(upTo index: Int) {
        var count = 0
        while count < held.count, held[count].index <= index {
            emit(held[count].location, held[count].noiseRatio)
            anchor = held[count]
            count += 1
        }
        guard count > 0 else { return }
        // The rest moved down, the ends dropped one by one: `removeFirst` and
        // `removeAll(keepingCapacity:)` of a few went through generic code
        // and type metadata look-ups.
        for k in count..<held.count { held[k - count] = held[k] }
        for _ in 0..<count { held.removeLast() }
        releases += 1
        if releases % 32 == 0 { dropCandidates(before: anchor?.index ?? 0) }
    }

    private mutating func emit(_ location: Int, _ ratio: Float) {
        beats.append(location)
        noiseRatios.append(ratio)
    }

    /// Forgets the candidates before feature index `index` (the storage is
    /// compacted once the forgotten half is large).
    private mutating func dropCandidates(before index: Int) {
        head = Swift.max(head, lowerBound(index))
        if compacts, head >= 1024, head * 2 >= peaks.count {
            peaks.removeFirst(head)
            peakTimes.removeFirst(head)
            slopes.removeFirst(head)
            learnCursor = Swift.max(0, learnCursor - head)
            candidateBase += head
            head = 0
        }
        nextPosition = Swift.max(nextPosition, candidateBase + head)
    }

    /// The offset in `peaks` of the first live candidate at or after
    /// feature index `index`.
    ///
    /// Galloping from `head`: the candidate sought usually lies a few dozen
    /// after it (`dropCandidates`, every 32 beats), where a binary search
    /// over all of them went through memory not read for minutes of the
    /// record. First a range doubling from `head`, then a binary search in
    /// it.
    private func lowerBound(_ index: Int) -> Int {
        let count = peaks.count
        var low = head, high = head, step = 1
        while high < count, peaks[high].index < index {
            low = high + 1
            high = low + step
            step *= 2
        }
        high = Swift.min(high, count)
        while low < high {
            let mid = (low + high) / 2
            if peaks[mid].index < index { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The position of the candidate at feature index `index`, if held.
    private func position(of index: Int) -> Int? {
        let offset = lowerBound(index)
        guard offset < peaks.count, peaks[offset].index == index else { return nil }
        return candidateBase + offset
    }

    /// The offset in `peaks` of the candidate at feature index `index`
    /// (the beats' indices only grow): found from where the last one was,
    /// as `position(of:)` would.
    private mutating func learntOffset(at index: Int) -> Int? {
        var offset = Swift.max(learnCursor, head)
        let count = peaks.count
        while offset < count, peaks[offset].index < index { offset += 1 }
        learnCursor = offset
        guard offset < count, peaks[offset].index == index else { return nil }
        return offset
    }

    // MARK: - Noisy stretch

    /// Starts a noisy stretch at `beat` (the first noisy one) if the
    /// reference is known: the held beats of the last `lookback` join it.
    private mutating func startStretch(at beat: DecidedBeat) -> Bool {
        guard referenceIntervals.count >= Self.referenceMinimum else { return false }
        release(upTo: beat.index - lookback - 1)
        guard let first = anchor, let anchorPosition = position(of: first.index) else { return false }
        // The reference as it was at the anchor: the clean beats before
        // the noise, not those the decider took at its onset.
        var end = referenceBeats.count
        while end > 0, referenceBeats[end - 1].index > first.index { end -= 1 }
        guard end >= Self.referenceMinimum else { return false }
        let start = Swift.max(0, end - Self.referenceLength)
        // The reference is append-only: the same last reference beat and
        // count give the same reference, turned down before.
        let key = RejectedStart(lastReference: referenceBeats[end - 1].index, count: end - start)
        if key == rejectedStart { return false }
        let intervals = Array(referenceIntervals[start..<end])
        let interval = Double(median(intervals))
        referenceInterval = interval
        // Only a regular rhythm before is a rhythm to follow: the median
        // absolute log deviation of the reference intervals, scaled to a
        // standard deviation (1.4826), at most `regularSpread`.
        guard interval >= Self.shortestInterval * design.samplingFrequency,
              1.4826 * median(intervals.map { abs(log(Double($0) / interval)) }) <= Self.regularSpread else {
            rejectedStart = key
            return false
        }
        var spread = 0.0
        for value in intervals {
            let deviation = log(Double(value) / interval)
            spread += deviation * deviation
        }
        spread = Swift.max(Self.spreadFloor, (spread / Double(intervals.count)).squareRoot())
        inverseVariance = 1 / (2 * spread * spread)
        referenceHeight = Swift.max(1, median(referenceBeats[start..<end].map { Double($0.height) }))
        referenceSlope = Swift.max(1, median(referenceBeats[start..<end].map {
            Double($0.slope ?? locator?.slope(peak: $0.index) ?? 0)
        }))
        stretchBeats = held + [beat]
        held.removeAll(keepingCapacity: true)
        nodes = [Node(time: time(at: anchorPosition), score: 0, back: -1,
                      interval: interval, noiseRatio: first.noiseRatio, position: anchorPosition)]
        nextPosition = anchorPosition + 1
        inStretch = true
        lastNoisy = beat.index
        afterNoisy.removeAll(keepingCapacity: true)
        searching = false
        pendingExtensions.removeAll(keepingCapacity: true)
        queueExtension(upTo: beat.index)
        return true
    }

    /// Adds the candidates up to feature index `index` to the path search
    /// (with `latestRatio`), or queues them while the search is deferred. A
    /// stretch that may reach a commit (`commitSpan` from the anchor, less a
    /// second: an R peak lies at most `locationHalfWidth`, 0.09 s, after its
    /// feature peak) searches at once.
    private mutating func queueExtension(upTo index: Int) {
        if searching {
            extendPath(upTo: index)
            return
        }
        pendingExtensions.append((index, latestRatio))
        if index - nodes[0].time > commitSpan - design.samples(1) { catchUp() }
    }

    /// Runs the deferred path search: the queued extensions in order, each
    /// with the ratio it had.
    private mutating func catchUp() {
        guard !searching else { return }
        searching = true
        let latest = latestRatio
        for pending in pendingExtensions {
            latestRatio = pending.ratio
            extendPath(upTo: pending.index)
        }
        latestRatio = latest
        pendingExtensions.removeAll(keepingCapacity: true)
    }

    /// Adds the candidates up to feature index `index` to the path search.
    private mutating func extendPath(upTo index: Int) {
        while nextPosition - candidateBase < peaks.count,
              peaks[nextPosition - candidateBase].index <= index {
            addNode(position: nextPosition)
            nextPosition += 1
            if let last = nodes.last, last.time - nodes[0].time > commitSpan { commit() }
        }
    }

    private mutating func addNode(position: Int) {
        let time = time(at: position)
        guard time - nodes[0].time > refractory else { return }
        guard let (back, score, interval) = bestPredecessor(time: time) else { return }
        nodes.append(Node(time: time,
                          score: score + emission(at: position), back: back,
                          interval: interval, noiseRatio: latestRatio, position: position))
    }

    /// The emission score of a candidate of feature `height` and `slope`:
    /// 1 + 1.5 ln of its size against the clean beats' (at most `sizeCap`,
    /// at least `sizeFloor`).
    @inline(__always)
    private func emission(height: Int32, slope: Int32) -> Double {
        let size = 0.5 * Double(height) / referenceHeight + 0.5 * Double(slope) / referenceSlope
        return Self.beatReward + Self.sizeWeight * log(Swift.min(Self.sizeCap, Swift.max(Self.sizeFloor, size)))
    }

    /// The cost of an interval of `d` samples after a node expecting
    /// `expected`, nil past the searched span.
    private func transitionCost(_ d: Double, expected: Double) -> Double? {
        if d > Self.searchSpan * expected { return nil }
        let x = d / expected
        if x > Self.skipFrom {
            // An interval holding a missed beat: two intervals, and the miss.
            let half = log(x / 2)
            return half * half * inverseVariance + Self.skipCost
        }
        return log(x) * log(x) * inverseVariance
    }

    /// The expected interval after an interval of `d` samples.
    private func followedInterval(_ d: Double, previous: Double) -> Double {
        d / previous < Self.skipFrom ? (1 - Self.intervalGain) * previous + Self.intervalGain * d : previous
    }

    /// The score of the decider's own path from the anchor through `beats`
    /// to a node at `time` (without that node's emission), under the same
    /// model as the path search.
    private mutating func deciderScore(_ beats: [DecidedBeat], to time: Int) -> Double {
        var last = nodes[0].time
        var interval = nodes[0].interval
        var score = 0.0
        for beat in beats {
            guard let position = position(of: beat.index) else { continue }
            let t = self.time(at: position)
            guard t - last >= refractory, time - t >= refractory else { continue }
            score -= transitionCost(Double(t - last), expected: interval) ?? 100
            interval = followedInterval(Double(t - last), previous: interval)
            score += emission(at: position)
            last = t
        }
        return score - (transitionCost(Double(time - last), expected: interval) ?? 100)
    }

    /// Whether the chosen path, scoring `pathScore` up to `time`, replaces
    /// the decider's `beats` there: where the noise is heavy, the decider's
    /// beats keep no rhythm of their own, and the path scores higher under
    /// the same model.
    private mutating func pathIsBetter(_ pathScore: Double, _ pathCount: Int, than beats: [DecidedBeat], to time: Int) -> Bool {
        guard !beats.isEmpty else { return true }
        guard Double(pathCount) >= Self.keptShare * Double(beats.count) else { return false }
        if deciderBeatsStand(beats) { return false }
        return pathScore > deciderScore(beats, to: time)
    }

    /// The gates of `pathIsBetter` that need no path: the decider's
    /// (non-empty) `beats` stand where the noise is not heavy or they keep a
    /// rhythm of their own.
    private func deciderBeatsStand(_ beats: [DecidedBeat]) -> Bool {
        // Only where the noise is heavy (median ratio of the decider's beats
        // at least `heavyRatio`).
        let ratios = beats.map(\.noiseRatio).sorted()
        guard ratios[ratios.count / 2] >= Self.heavyRatio else { return true }
        // The decider's beats keep a rhythm of their own (the rate may have
        // changed since the reference): most intervals within the regular
        // band of their median.
        if beats.count >= 4 {
            var intervals: [Int] = []
            for k in 1..<beats.count { intervals.append(beats[k].index - beats[k - 1].index) }
            let middle = median(intervals)
            let regular = intervals.filter { RhythmFit.fits($0, expected: middle) }.count
            if Double(regular) >= Self.selfRegular * Double(intervals.count) { return true }
        }
        return false
    }

    /// The best node before `time`, the path score through it, and the
    /// expected interval after `time`.
    private func bestPredecessor(time: Int) -> (Int, Double, Double)? {
        var best = -1
        var bestScore = -Double.infinity
        for p in nodes.indices.reversed() {
            let d = Double(time - nodes[p].time)
            guard let cost = transitionCost(d, expected: nodes[p].interval) else { break }
            if time - nodes[p].time < refractory { continue }
            let value = nodes[p].score - cost
            if value > bestScore { bestScore = value; best = p }
        }
        if best < 0 {
            // Nothing within the searched span: the nearest reachable node,
            // at a cost that any regular path outweighs.
            for p in nodes.indices.reversed() {
                let d = Double(time - nodes[p].time)
                if d > 6 * nodes[p].interval { break }
                if time - nodes[p].time < refractory { continue }
                let value = nodes[p].score - 100
                if value > bestScore { bestScore = value; best = p }
            }
        }
        guard best >= 0 else { return nil }
        return (best, bestScore, followedInterval(Double(time - nodes[best].time), previous: nodes[best].interval))
    }

    /// Decides the path up to `end`, a decider beat after the noise, and
    /// releases it with `end`.
    private mutating func closePath(at end: DecidedBeat) {
        defer { nodes.removeAll(keepingCapacity: true) }
        // After a commit the anchor may lie past `end` (a long pause after
        // the noise): the path is released up to there already.
        guard let start = nodes.first, let position = position(of: end.index),
              position > start.position else { return }
        let own = stretchBeats.filter { $0.index < end.index }
        if !searching, !own.isEmpty, deciderBeatsStand(own) {
            // Decided without the search (nothing was committed).
            pendingExtensions.removeAll(keepingCapacity: true)
            for beat in own { emit(beat.location, beat.noiseRatio) }
            stretchBeats.removeAll(keepingCapacity: true)
            emit(end.location, end.noiseRatio)
            anchor = end
            return
        }
        catchUp()
        let time = time(at: position)
        if let (back, score, _) = bestPredecessor(time: time), pathIsBetter(score, pathLength(endingAt: back), than: own, to: time) {
            emitPath(endingAt: back, upTo: Int.max)
        } else {
            for beat in own { emit(beat.location, beat.noiseRatio) }
        }
        stretchBeats.removeAll(keepingCapacity: true)
        emit(end.location, end.noiseRatio)
        anchor = end
    }

    /// Ends the stretch at the first beat after the last noisy one.
    private mutating func endStretch(now index: Int) {
        closePath(at: afterNoisy[0])
        let last = anchor?.index ?? Int.min
        held.append(contentsOf: afterNoisy.dropFirst().filter { $0.index > last })
        afterNoisy.removeAll(keepingCapacity: true)
        inStretch = false
        release(upTo: index - lookback)
    }

    /// The number of nodes on the path ending at node `last`, without the
    /// anchor.
    private func pathLength(endingAt last: Int) -> Int {
        var count = 0
        var k = last
        while k > 0 { count += 1; k = nodes[k].back }
        return count
    }

    /// Releases the path ending at node `last` (without the anchor), only
    /// the nodes at or before `time`; returns the last node released.
    @discardableResult
    private mutating func emitPath(endingAt last: Int, upTo time: Int) -> Int {
        var path: [Int] = []
        var k = last
        while k > 0 { path.append(k); k = nodes[k].back }
        var released = 0
        for k in path.reversed() where nodes[k].time <= time {
            emit(nodes[k].time, nodes[k].noiseRatio)
            released = k
        }
        return released
    }

    /// Decides the oldest part of a long stretch: the best path to the best
    /// recent node, up to `commitLag` before the newest node, is released
    /// and its last node becomes the new anchor.
    private mutating func commit() {
        guard let last = nodes.last else { return }
        var best = nodes.count - 1
        for k in nodes.indices.reversed() {
            if Double(last.time - nodes[k].time) > referenceInterval { break }
            if nodes[k].score > nodes[best].score { best = k }
        }
        // The last node on the path at or before the commit time.
        var kept = 0
        var k = best
        while k > 0 {
            if nodes[k].time <= last.time - commitLag { kept = k; break }
            k = nodes[k].back
        }
        guard kept > 0 else { return }
        let keptCandidate = peaks[nodes[kept].position - candidateBase]
        let own = stretchBeats.filter { $0.index < keptCandidate.index }
        let pathScore = nodes[kept].score - emission(at: nodes[kept].position)
        if !pathIsBetter(pathScore, pathLength(endingAt: kept) - 1, than: own, to: nodes[kept].time), let lastOwn = own.last,
           let position = position(of: lastOwn.index) {
            // The decider's beats stand; the stretch goes on from its last.
            for beat in own { emit(beat.location, beat.noiseRatio) }
            let decided = Node(time: time(at: position), score: 0, back: -1,
                               interval: nodes[kept].interval, noiseRatio: lastOwn.noiseRatio, position: position)
            restart(from: decided, anchor: lastOwn)
            return
        }
        emitPath(endingAt: kept, upTo: Int.max)
        var start = nodes[kept]
        start.score = 0
        start.back = -1
        restart(from: start, anchor: DecidedBeat(index: keptCandidate.index, location: start.time,
                                                 noiseRatio: start.noiseRatio))
    }

    /// Starts the path search again from `start` (released), over the
    /// candidates after it taken so far.
    private mutating func restart(from start: Node, anchor: DecidedBeat) {
        let end = nextPosition
        nodes = [start]
        self.anchor = anchor
        stretchBeats.removeAll { $0.index <= anchor.index }
        for position in (start.position + 1)..<end { addNode(position: position) }
        dropCandidates(before: anchor.index)
    }

    // MARK: - Measures

    /// The R peak of the candidate at `position`: as it came, or found by
    /// the locator (once: it remembers them), or the feature peak without
    /// one.
    private func time(at position: Int) -> Int {
        let offset = position - candidateBase
        if offset < peakTimes.count { return peakTimes[offset] }
        let candidate = PeakCandidate(unmeasured: peaks[offset], slot: offset - slotOrigin)
        return locator?.locate(candidate).location ?? candidate.location
    }

    /// The emission score of the candidate at `position` (its slope
    /// measured once, by the locator; 0 without one).
    private mutating func emission(at position: Int) -> Double {
        let offset = position - candidateBase
        if slopes[offset] == Self.unmeasuredSlope { slopes[offset] = locator?.slope(peak: peaks[offset].index) ?? 0 }
        return emission(height: peaks[offset].height, slope: slopes[offset])
    }
}
