import ECGSignal
import Foundation
import Testing
import TestSupport
@testable import ECGDetect

@Suite struct BeatDeciderTests {
    let design = FeatureDesign(samplingFrequency: 360)

    /// Feeds candidates (index, height) through the sequencer, collecting
    /// after every candidate as the streaming detector does.
    /// Candidates at the indices in `restored` come as restored humps.
    private func decide(_ candidates: [(Int, Int32)], length: Int, restored: Set<Int> = []) -> [Int] {
        var decider = BeatDecider<NoCandidateLocator>(design: design)
        var sequencer = EventSequencer(tickInterval: LeadStream.tickInterval(design))
        var beats: [Int] = []
        for (index, height) in candidates {
            sequencer.enqueue(PeakCandidate(index: index, height: height, slope: 100, location: index, amplitude: 0,
                                            restored: restored.contains(index)))
            sequencer.deliver(upTo: index, to: &decider)
            beats += decider.collect()
        }
        sequencer.finish(length: length, to: &decider)
        return beats + decider.collect()
    }

    @Test func aLargerPeakWithinTheRefractoryPeriodReplacesTheBeat() {
        // A beat every 0.8 s; at 20 s a P-wave-sized peak comes 170 ms before
        // its QRS (closer than the 240 ms refractory period).
        let rhythm = Array(stride(from: 288, to: 360 * 40, by: 288))
        var candidates = rhythm.map { ($0, Int32(10_000)) }
        let qrs = rhythm.first { $0 >= 360 * 20 }!
        candidates.append((qrs - 61, 6_000))
        candidates.sort { $0.0 < $1.0 }
        let beats = decide(candidates, length: 360 * 40)
        #expect(beats == rhythm)
        // A smaller peak after the QRS within the refractory period is ignored.
        var after = rhythm.map { ($0, Int32(10_000)) }
        after.append((qrs + 61, 6_000))
        after.sort { $0.0 < $1.0 }
        #expect(decide(after, length: 360 * 40) == rhythm)
    }

    @Test func noiseRaisesTheThresholdFraction() {
        // Beats of height 10 000 every 0.8 s; from 10 s on, midway between
        // them, noise peaks alternating 1 000 and 3 500, so that the noise
        // level rises towards 2 250 (a noise-to-signal ratio near 0.22). A
        // fixed fraction of 0.15 puts the threshold under 3 500 and takes
        // those peaks for beats; the fraction raised with the ratio (0.3 at
        // the first noise peak, about 0.48 later) refuses them all.
        let rhythm = Array(stride(from: 288, to: 360 * 60, by: 288))
        var candidates = rhythm.map { ($0, Int32(10_000)) }
        for (n, beat) in rhythm.dropLast().filter({ $0 >= 360 * 10 }).enumerated() {
            candidates.append((beat + 144, n % 2 == 0 ? 1_000 : 3_500))
        }
        candidates.sort { $0.0 < $1.0 }
        #expect(decide(candidates, length: 360 * 60) == rhythm)
    }

    @Test func aSmallPeakSplittingARegularIntervalIsNoiseOnlyInNoise() {
        // Beats of height 10 000 every 0.8 s with the noise of
        // `noiseRaisesTheThresholdFraction` from 10 s on (noise-to-signal
        // ratio near 0.22); at 30 s the noise peak midway is 8 000 instead,
        // above the threshold: taken at first, then withdrawn when the next
        // beat comes one regular interval after the beat before it.
        let rhythm = Array(stride(from: 288, to: 360 * 60, by: 288))
        let qrs = rhythm.first { $0 >= 360 * 30 }!
        func noisy(midway height: Int32) -> [(Int, Int32)] {
            var candidates: [(Int, Int32)] = rhythm.map { ($0, 10_000) }
            for (n, beat) in rhythm.dropLast().filter({ $0 >= 360 * 10 }).enumerated() {
                candidates.append((beat + 144, beat == qrs ? height : (n % 2 == 0 ? 1_000 : 3_500)))
            }
            return candidates.sorted { $0.0 < $1.0 }
        }
        #expect(decide(noisy(midway: 8_000), length: 360 * 60) == rhythm)
        // A larger peak there (an interpolated ventricular beat) is a beat.
        #expect(decide(noisy(midway: 12_000), length: 360 * 60) == (rhythm + [qrs + 144]).sorted())
        // On a clean lead (T waves of 500: ratio near 0.05) the small peak
        // stays a beat (a premature beat).
        var clean = rhythm.map { ($0, Int32(10_000)) } + rhythm.map { ($0 + 100, Int32(500)) }
        clean.append((qrs + 144, 8_000))
        clean.sort { $0.0 < $1.0 }
        #expect(decide(clean, length: 360 * 60) == (rhythm + [qrs + 144]).sorted())
    }

    @Test func aPeakUnderHalfItsNeighboursSplittingARegularIntervalIsNoiseOnAnyLead() {
        // Beats of height 10 000 every 0.8 s with T waves of 500 (a clean
        // lead: noise-to-signal ratio near 0.05). At 30 s a peak of 4 000
        // midway (under half both neighbours) is taken, then withdrawn when
        // the next beat comes one regular interval after the beat before it.
        let rhythm = Array(stride(from: 288, to: 360 * 60, by: 288))
        let qrs = rhythm.first { $0 >= 360 * 30 }!
        func withT(_ beats: [Int], height: Int32 = 10_000) -> [(Int, Int32)] {
            beats.map { ($0, height) } + beats.map { ($0 + 100, Int32(500)) }
        }
        func clean(midway height: Int32) -> [(Int, Int32)] {
            (withT(rhythm) + [(qrs + 144, height)]).sorted { $0.0 < $1.0 }
        }
        #expect(decide(clean(midway: 4_000), length: 360 * 60) == rhythm)
        // At 6 000 (over half) it stays a beat, as before the rule.
        #expect(decide(clean(midway: 6_000), length: 360 * 60) == (rhythm + [qrs + 144]).sorted())
        // A small premature beat 200 samples after a beat that resets the
        // rhythm (the next beat a whole interval after it, not one after the
        // beat before) stays a beat.
        let premature = qrs + 200
        let before = rhythm.filter { $0 <= qrs }
        let after = Array(stride(from: premature + 288, to: 360 * 60, by: 288))
        let reset = (withT(before) + withT([premature], height: 4_000) + withT(after)).sorted { $0.0 < $1.0 }
        #expect(decide(reset, length: 360 * 60 + 200) == before + [premature] + after)
    }

    @Test func aPeakWithdrawnAsNoiseRaisesTheNoiseLevelAtTheOnsetOfNoise() {
        // Beats of height 10 000 every 0.8 s with T waves of 500 (a clean
        // lead: noise-to-signal ratio near 0.05). From 30 s on noise buries
        // the T waves under peaks of 800 (ratio near 0.08, under the
        // noisy-stretch gate of 0.1), and two noise peaks come midway in
        // successive intervals: 4 500, under half the beats (withdrawn when
        // the next beat comes), then 6 500, over half. Counted as a noise
        // peak, the first raises the ratio to about 0.12: the second, on a
        // noisy stretch now, is withdrawn as noise too. Before, the
        // withdrawn peak left the noise level as it was and the second
        // stayed a beat (the noise stress test resampled to 250 Hz, 118e12,
        // at the onset of its noise blocks).
        let rhythm = Array(stride(from: 288, to: 360 * 60, by: 288))
        let onset = rhythm.first { $0 >= 360 * 30 }!
        var candidates: [(Int, Int32)] = rhythm.map { ($0, 10_000) }
        candidates += rhythm.map { ($0 + 100, $0 < onset ? 500 : 800) }
        candidates += [(onset + 144, 4_500), (onset + 288 + 144, 6_500)]
        candidates.sort { $0.0 < $1.0 }
        #expect(decide(candidates, length: 360 * 60) == rhythm)
    }

    /// The noise of `noiseRaisesTheThresholdFraction` from 10 s on; at 30 s
    /// a peak midway between a beat of 10 000 and a next beat of `next`:
    /// 11 000 before a next of 12 000 (larger than the beat before, smaller
    /// than the next) is withdrawn; 9 000 before a next of 8 000 (smaller
    /// than the beat before, larger than the next, as a ventricular couplet's
    /// first complex can be) stays a beat.
    @Test(arguments: [(Int32(11_000), Int32(12_000), false), (9_000, 8_000, true)])
    func onANoisyLeadAPeakSplittingARegularIntervalIsNoiseWhenSmallerThanTheNextBeat(
        midway: Int32, next: Int32, staysABeat: Bool
    ) {
        let rhythm = Array(stride(from: 288, to: 360 * 60, by: 288))
        let qrs = rhythm.first { $0 >= 360 * 30 }!
        var candidates: [(Int, Int32)] = rhythm.map { ($0, $0 == qrs + 288 ? next : 10_000) }
        for (n, beat) in rhythm.dropLast().filter({ $0 >= 360 * 10 }).enumerated() {
            candidates.append((beat + 144, beat == qrs ? midway : (n % 2 == 0 ? 1_000 : 3_500)))
        }
        candidates.sort { $0.0 < $1.0 }
        #expect(decide(candidates, length: 360 * 60) == (staysABeat ? (rhythm + [qrs + 144]).sorted() : rhythm))
    }

    @Test func aSpanDownTo85PercentOfTheAverageIntervalCountsAsOneInterval() {
        // The noise of `noiseRaisesTheThresholdFraction` from 10 s on; at 30 s
        // the next beat comes 255 samples after the beat before (88.5 % of
        // the 288-sample interval, under Pan & Tompkins' 92 % but over 85 %)
        // and an 8 000 peak lies between: withdrawn as noise.
        let rhythm = Array(stride(from: 288, to: 360 * 60, by: 288))
        let qrs = rhythm.first { $0 >= 360 * 30 }!
        let early = rhythm.map { $0 == qrs + 288 ? qrs + 255 : $0 }
        var candidates: [(Int, Int32)] = early.map { ($0, 10_000) }
        for (n, beat) in rhythm.dropLast().filter({ $0 >= 360 * 10 }).enumerated() {
            candidates.append(beat == qrs ? (qrs + 128, 8_000) : (beat + 144, n % 2 == 0 ? 1_000 : 3_500))
        }
        candidates.sort { $0.0 < $1.0 }
        #expect(decide(candidates, length: 360 * 60) == early)
        // At 80 % (230 samples) it is two intervals: the peak stays a beat.
        let earlier = rhythm.map { $0 == qrs + 288 ? qrs + 230 : $0 }
        var closer: [(Int, Int32)] = earlier.map { ($0, 10_000) }
        for (n, beat) in rhythm.dropLast().filter({ $0 >= 360 * 10 }).enumerated() {
            closer.append(beat == qrs ? (qrs + 115, 8_000) : (beat + 144, n % 2 == 0 ? 1_000 : 3_500))
        }
        closer.sort { $0.0 < $1.0 }
        #expect(decide(closer, length: 360 * 60) == (earlier + [qrs + 115]).sorted())
    }

    @Test func aRestoredHumpIsABeatOnACleanLeadAndNotInNoise() {
        // Beats of height 10 000 every 0.8 s, each with a T wave of 500
        // (the noise level settles near 500, a noise-to-signal ratio near
        // 0.05); at 30 s a restored hump of height 8 000, 280 ms before its
        // neighbouring beat (a couplet's first complex): a beat on the clean
        // lead.
        let rhythm = Array(stride(from: 288, to: 360 * 60, by: 288))
        let qrs = rhythm.first { $0 >= 360 * 30 }!
        let hump = qrs - 100
        var clean = rhythm.map { ($0, Int32(10_000)) } + rhythm.map { ($0 + 100, Int32(500)) }
        clean.append((hump, 8_000))
        clean.sort { $0.0 < $1.0 }
        #expect(decide(clean, length: 360 * 60, restored: [hump]) == (rhythm + [hump]).sorted())
        // With the noise of `noiseRaisesTheThresholdFraction` from 10 s on
        // instead of the T waves (noise-to-signal ratio near 0.22, over 0.1)
        // it is left out, though
        // it stands above the threshold: an unrestored peak of that height
        // is taken where it does not split a regular interval in two (its
        // QRS missing: see `aSmallPeakSplittingARegularIntervalIsNoiseOnlyInNoise`).
        var noisy: [(Int, Int32)] = rhythm.map { ($0, 10_000) } + [(hump, 8_000)]
        for (n, beat) in rhythm.dropLast().filter({ $0 >= 360 * 10 }).enumerated() {
            noisy.append((beat + 144, n % 2 == 0 ? 1_000 : 3_500))
        }
        noisy.sort { $0.0 < $1.0 }
        #expect(decide(noisy, length: 360 * 60, restored: [hump]) == rhythm)
        #expect(decide(noisy.filter { $0.0 != qrs }, length: 360 * 60).contains(hump))
    }

    /// Beats of height 10 000 every 0.8 s with the noise of
    /// `noiseRaisesTheThresholdFraction` from 10 s on (noise-to-signal ratio
    /// near 0.22, threshold near 6 000), the beat at 30 s returned for the
    /// caller to change.
    private func noisyRhythm() -> (rhythm: [Int], qrs: Int, candidates: [(Int, Int32)]) {
        let rhythm = Array(stride(from: 288, to: 360 * 60, by: 288))
        let qrs = rhythm.first { $0 >= 360 * 30 }!
        var candidates = rhythm.map { ($0, Int32(10_000)) }
        for (n, beat) in rhythm.dropLast().filter({ $0 >= 360 * 10 }).enumerated() {
            candidates.append((beat + 144, n % 2 == 0 ? 1_000 : 3_500))
        }
        return (rhythm, qrs, candidates)
    }

    @Test func theExpectedIntervalIsTheMedianOfTheIntervals() {
        // Two intervals split in two by noise: the mean falls to 240, the
        // median stays at the rhythm's 288.
        let split = [288, 288, 144, 144, 288, 288]
        #expect(RhythmFit.expectedInterval(split) == 288)
        #expect(RhythmFit.expectedInterval([300, 280]) == 300)
        #expect(RhythmFit.expectedInterval([]) == nil)
        #expect(RhythmFit.fits(265, expected: 288) && RhythmFit.fits(334, expected: 288))
        #expect(!RhythmFit.fits(264, expected: 288) && !RhythmFit.fits(335, expected: 288))
        #expect(RhythmFit.isRegular(split, expected: 288))
        #expect(!RhythmFit.isRegular([288, 144, 144, 200, 400], expected: 288))
    }

    @Test func onANoisyStretchABeatOnTheRhythmNeedsHalfTheThreshold() {
        // The beat at 30 s comes at 4 000 (under the threshold, over half of
        // it), and the noise peak before it at 5 000: on the rhythm the beat
        // is taken. (Without the rule, search-back would take the higher
        // noise peak instead.)
        var (rhythm, qrs, candidates) = noisyRhythm()
        candidates = candidates.map { $0.0 == qrs ? (qrs, 4_000) : $0.0 == qrs - 144 ? (qrs - 144, 5_000) : $0 }
        candidates.sort { $0.0 < $1.0 }
        #expect(decide(candidates, length: 360 * 60) == rhythm)
        // Off the rhythm (70 % of the interval before the beat), the same
        // small peak is not.
        var off = noisyRhythm().candidates
        off.append((qrs - 86, 4_000))
        off.sort { $0.0 < $1.0 }
        #expect(decide(off, length: 360 * 60) == rhythm)
    }

    @Test func onANoisyStretchAPeakOnTheRhythmReplacesABeatOffItWithinTheRefractoryPeriod() {
        // A noise peak as high as the beats at 80 % of the interval before
        // the beat at 30 s, which comes 58 samples (161 ms) later and smaller
        // (9 000): by height the noise peak would stay; on the rhythm, the
        // beat replaces it.
        var (rhythm, qrs, candidates) = noisyRhythm()
        candidates = candidates.map { $0.0 == qrs ? (qrs, 9_000) : $0 }
        candidates.append((qrs - 58, 10_000))
        candidates.sort { $0.0 < $1.0 }
        #expect(decide(candidates, length: 360 * 60) == rhythm)
    }

    @Test func onANoisyStretchARestoredHumpOnTheRhythmIsDecidedAsABeat() {
        // The beat at 30 s is a restored hump (8 000) displaced by a larger
        // noise peak 100 samples (278 ms) after it: the hump, on the rhythm,
        // is taken (off it, it would count as noise: see
        // `aRestoredHumpIsABeatOnACleanLeadAndNotInNoise`).
        var (_, qrs, candidates) = noisyRhythm()
        candidates = candidates.map { $0.0 == qrs ? (qrs, 8_000) : $0 }
        candidates.append((qrs + 100, 12_000))
        candidates.sort { $0.0 < $1.0 }
        #expect(decide(candidates, length: 360 * 60, restored: [qrs]).contains(qrs))
    }

    /// Feeds measured candidates (slope, R-peak location and polarity set)
    /// through the sequencer, as the streaming detector does.
    private func decide(measured candidates: [PeakCandidate], length: Int) -> [Int] {
        var decider = BeatDecider<NoCandidateLocator>(design: design)
        var sequencer = EventSequencer(tickInterval: LeadStream.tickInterval(design))
        var beats: [Int] = []
        for candidate in candidates.sorted(by: { $0.index < $1.index }) {
            sequencer.enqueue(candidate)
            sequencer.deliver(upTo: candidate.index, to: &decider)
            beats += decider.collect()
        }
        sequencer.finish(length: length, to: &decider)
        return beats + decider.collect()
    }

    /// A QRS of the usual rhythm: height 10 000, slope 100, negative.
    private func qrs(_ index: Int, height: Int32 = 10_000, slope: Int32 = 100, amplitude: Int32 = -500) -> PeakCandidate {
        PeakCandidate(index: index, height: height, slope: slope, location: index, amplitude: amplitude)
    }

    @Test func aBeatAsSteepAsTheUsualQRSAfterASteepPVCIsNotItsTWave() {
        // A beat every 0.8 s (slope 100); at 20 s a PVC four times as steep,
        // and 100 samples (278 ms) after it a premature beat of slope 150:
        // under half the PVC's slope (Pan & Tompkins' T-wave test alone
        // would drop it), over the usual QRS slope.
        let rhythm = Array(stride(from: 288, to: 360 * 40, by: 288))
        let pvc = rhythm.first { $0 >= 360 * 20 }!
        var candidates = rhythm.map { qrs($0, slope: $0 == pvc ? 400 : 100) }
        candidates.append(qrs(pvc + 100, slope: 150))
        #expect(decide(measured: candidates, length: 360 * 40) == (rhythm + [pvc + 100]).sorted())
        // A T wave after the PVC, less steep than the usual QRS, stays a T wave.
        var withTWave = rhythm.map { qrs($0, slope: $0 == pvc ? 400 : 100) }
        withTWave.append(qrs(pvc + 100, slope: 90))
        #expect(decide(measured: withTWave, length: 360 * 40) == rhythm)
    }

    @Test func aPWaveTakenForABeatGivesWayToItsQRS() {
        // Negative QRS complexes every 0.8 s; before the one at 20 s a
        // positive P wave, higher in the feature than the QRS (15 000 against
        // 10 000) and nearly as steep, 80 samples (222 ms) before it: the P
        // wave is taken first and the QRS falls in the refractory period.
        // Being smaller, the QRS cannot replace it by height; being of the
        // template's polarity, as steep and within the PR distance, it does.
        let rhythm = Array(stride(from: 288, to: 360 * 40, by: 288))
        let beat = rhythm.first { $0 >= 360 * 20 }!
        var candidates = rhythm.map { qrs($0) }
        candidates.append(qrs(beat - 80, height: 15_000, slope: 110, amplitude: 300))
        #expect(decide(measured: candidates, length: 360 * 40) == rhythm)
        // The same peak of the QRS's polarity is the QRS's equal: the first
        // of the two stays (a refractory peak replaces a beat only when higher).
        var samePolarity = rhythm.map { qrs($0) }
        samePolarity.append(qrs(beat - 80, height: 15_000, slope: 110, amplitude: -300))
        #expect(decide(measured: samePolarity, length: 360 * 40) == rhythm.map { $0 == beat ? beat - 80 : $0 })
    }

    @Test func aPVCIsNotTakenForAPWaveByItsTWave() {
        // A positive PVC (slope 200) among negative QRS complexes, and 95
        // samples after it its T wave of the template's polarity, high in
        // the feature but far less steep (90): the PVC stays, the T wave is
        // not a beat.
        let rhythm = Array(stride(from: 288, to: 360 * 40, by: 288))
        let pvc = rhythm.first { $0 >= 360 * 20 }!
        var candidates = rhythm.map { $0 == pvc ? qrs($0, height: 20_000, slope: 200, amplitude: 800) : qrs($0) }
        candidates.append(qrs(pvc + 95, height: 12_000, slope: 90, amplitude: -200))
        #expect(decide(measured: candidates, length: 360 * 40) == rhythm)
    }

    @Test func aNoiseSpikeWithinTheRefractoryPeriodOfAWideQRSByItsRPeakIsNotABeat() {
        // Wide QRS complexes every 0.8 s, their R peaks 40 samples before
        // their feature peaks. At 20 s an atrial premature beat (coupling 80 %,
        // so the split-interval rule does not apply), then 300 samples later
        // the next QRS, and before it a narrow noise spike: its feature peak
        // 100 samples (278 ms) before the QRS's, past the 240 ms refractory
        // period, its R peak 2 samples before that, 62 samples (172 ms)
        // before the QRS's R peak: one complex, of which the QRS is the larger.
        func wide(_ index: Int) -> PeakCandidate {
            PeakCandidate(index: index, height: 10_000, slope: 100, location: index - 40, amplitude: -500)
        }
        let early = Array(stride(from: 288, through: 360 * 20, by: 288))
        let premature = early.last! + 230
        let next = premature + 300
        let late = Array(stride(from: next, to: 360 * 40, by: 288))
        let rhythm = (early + [premature] + late).map(wide)
        func spike(location: Int) -> PeakCandidate {
            PeakCandidate(index: next - 100, height: 4_500, slope: 100, location: location, amplitude: -300)
        }
        let beats = rhythm.map(\.location)
        #expect(decide(measured: rhythm + [spike(location: next - 102)], length: 360 * 40) == beats)
        // The same spike with its R peak 240 ms before the QRS's is a beat.
        let apart = next - 40 - 86
        #expect(decide(measured: rhythm + [spike(location: apart)], length: 360 * 40) == (beats + [apart]).sorted())
    }

    @Test(arguments: [
        // (beat height, candidate's R peak after the beat's, noisy, within)
        (Int32(6_000), 85, false, true), (6_000, 86, false, false),
        (6_000, 60, true, false), (4_900, 60, true, true), (4_900, 86, true, false),
    ])
    func onANoisyStretchAPeakWithinTheRefractoryPeriodByItsRPeakMustBeTwiceTheBeatsHeight(
        lastHeight: Int32, distance: Int, noisy: Bool, within: Bool
    ) {
        // The refractory period is 86 samples at 360 Hz (240 ms); the candidate is 10 000 high.
        let refractory = design.samples(0.24)
        #expect(RPeakRefractory.isWithin(
            location: 1_000 + distance, height: 10_000, lastLocation: 1_000, lastHeight: lastHeight,
            refractory: refractory, noisy: noisy) == within)
    }

    /// A locator with the R peaks and slopes of candidates given by
    /// feature peak, for candidates that come unmeasured.
    private struct TableLocator: CandidateLocator {
        let peaks: [Int: (location: Int, amplitude: Int32)]
        let slopes: [Int: Int32]
        func locate(_ candidate: PeakCandidate) -> (location: Int, amplitude: Int32) { peaks[candidate.index]! }
        func slope(peak index: Int) -> Int32 { slopes[index]! }
        func slopeBalance(location: Int) -> Float { 1 }
    }

    /// The decider's beats (as reported locations) for candidates measured
    /// through `locator` (unmeasured, as the segmented path gives them),
    /// fed and collected as in `decide(measured:length:)`.
    private func decide(_ candidates: [PeakCandidate], locatedBy locator: TableLocator, length: Int) -> [Int] {
        var decider = BeatDecider<TableLocator>(design: design)
        decider.locator = locator
        var sequencer = EventSequencer(tickInterval: LeadStream.tickInterval(design))
        var beats: [Int] = []
        for candidate in candidates.sorted(by: { $0.index < $1.index }) {
            sequencer.enqueue(PeakCandidate(unmeasured: .init(index: candidate.index, height: candidate.height), slot: -1))
            sequencer.deliver(upTo: candidate.index, to: &decider)
            beats += decider.collect()
        }
        sequencer.finish(length: length, to: &decider)
        return beats + decider.collect()
    }

    @Test(arguments: [(-40, false), (0, true)])
    func aSearchBackPickMustLiePastTheRefractoryPeriodByItsRPeak(rPeakShift: Int, picked: Bool) {
        // A beat every 0.8 s, each with a small T wave (the noise level falls
        // to a clean lead's); after the beat at 20 s the next is missing (a
        // pause of two intervals), and 95 samples (264 ms) after it, past the
        // 240 ms refractory period by its feature peak, a peak under the
        // threshold and over half of it, which search-back takes when its R
        // peak lies past the refractory period too; 40 samples before its
        // feature peak, it is part of the beat's complex. (Its refractory
        // test is left to search-back: the test that `classify` skips.)
        let rhythm = Array(stride(from: 288, to: 360 * 40, by: 288))
        let beat = rhythm.first { $0 >= 360 * 20 }!
        let kept = rhythm.filter { $0 != beat + 288 }
        let small = beat + 95
        var candidates = kept.map { qrs($0) } + kept.filter { $0 < beat }.map { qrs($0 + 150, height: 100, slope: 20) }
        candidates.append(qrs(small, height: 1_500, slope: 40))
        candidates[candidates.count - 1].location = small + rPeakShift
        let expected = picked ? (kept + [small + rPeakShift]).sorted() : kept
        #expect(decide(measured: candidates, length: 360 * 40) == expected)
        // The same through a locator: the R peaks are located, the beats
        // reported at their feature peaks (the segmented path locates them
        // after deciding).
        let locator = TableLocator(
            peaks: Dictionary(uniqueKeysWithValues: candidates.map { ($0.index, ($0.location, $0.amplitude)) }),
            slopes: Dictionary(uniqueKeysWithValues: candidates.map { ($0.index, $0.slope!) }))
        #expect(decide(candidates, locatedBy: locator, length: 360 * 40) == (picked ? (kept + [small]).sorted() : kept))
    }

    /// MIT-BIH 108, where the P-wave rule replaces P waves by their QRS
    /// (the segmented path measures those candidates through its locator,
    /// the streaming path as they are released): the same beats both ways,
    /// the segmented path with and without the record's integers.
    @Test func record108BeatsAreTheSameStreamedAndWhole() throws {
        guard let record = try SharedData.record("108", in: "mitdb") else { return }
        let detector = try RPeakDetector(samplingFrequency: record.samplingFrequency)
        let lead = record.millivolts(lead: 0)
        let whole = detector.detect(lead)
        #expect(whole.count > 1700)
        #expect(whole == detector.scalarDetect(lead))
        #expect(whole == detector.detect(record, lead: 0))
    }
}
