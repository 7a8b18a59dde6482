import Testing
@testable import ECGDetect

@Suite struct RhythmPathChooserTests {
    let design = FeatureDesign(samplingFrequency: 360)
    /// A beat every 0.8 s.
    let interval = 288

    /// A small seeded generator (deterministic noise positions and sizes).
    private struct Generator {
        var state: UInt64
        mutating func next(in range: ClosedRange<Int>) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return range.lowerBound + Int((state >> 33) % UInt64(range.count))
        }
    }

    private func candidate(_ index: Int, height: Int32, slope: Int32 = 1_000) -> PeakCandidate {
        PeakCandidate(index: index, height: height, slope: slope, location: index, amplitude: 100)
    }

    /// Feeds the candidates, then the decided beats one by one (each after
    /// the candidates up to it), collecting after every beat; returns the
    /// beats released and, for each, how far (in samples) the last beat
    /// taken lay past it when it came out.
    private func choose(candidates: [PeakCandidate], decided: [RhythmPathChooser.DecidedBeat])
        -> (beats: [Int], delays: [Int]) {
        var chooser = RhythmPathChooser(design: design)
        var next = 0
        var beats: [Int] = []
        var delays: [Int] = []
        for beat in decided {
            while next < candidates.count, candidates[next].index <= beat.index {
                chooser.observe(candidates[next])
                next += 1
            }
            chooser.take(beat)
            for released in chooser.collect().beats {
                beats.append(released)
                delays.append(beat.index - released)
            }
        }
        while next < candidates.count {
            chooser.observe(candidates[next])
            next += 1
        }
        chooser.finish()
        beats += chooser.collect().beats
        return (beats, delays)
    }

    /// Noise peaks between two beats (electrode motion at 0 dB): none to
    /// two, at random points 80–208 samples after the beat, about as tall
    /// as the beats (0.8 to 1.1 times).
    private func noisePeaks(after beat: Int, upTo most: Int = 2, _ generator: inout Generator) -> [PeakCandidate] {
        var peaks: [PeakCandidate] = []
        for _ in 0..<generator.next(in: 0...most) {
            let index = beat + generator.next(in: 80...208)
            peaks.append(candidate(index, height: Int32(generator.next(in: 8_000...11_000))))
        }
        peaks.sort { $0.index < $1.index }
        // Two peaks closer than 40 samples are one feature peak.
        return peaks.count == 2 && peaks[1].index - peaks[0].index < 40 ? [peaks[1]] : peaks
    }

    /// A regular rhythm with noise peaks (`noisePeaks`) from 20 s to 50 s.
    /// `takesBoth` says which the decider took there: the noise peaks
    /// instead of the beats (as it does at 0 dB where a noise peak is the
    /// larger) or both (then with at most one noise peak per interval: 1.5
    /// times as many beats, as at −6 dB).
    private func noisyRecord(seed: UInt64, takesBoth: Bool)
        -> (rhythm: [Int], candidates: [PeakCandidate], decided: [RhythmPathChooser.DecidedBeat]) {
        var generator = Generator(state: seed)
        let rhythm = Array(stride(from: interval, to: 360 * 70, by: interval))
        var candidates: [PeakCandidate] = []
        var decided: [RhythmPathChooser.DecidedBeat] = []
        for beat in rhythm {
            let noisy = beat >= 360 * 20 && beat < 360 * 50
            candidates.append(candidate(beat, height: 10_000))
            let ratio: Float = noisy ? 0.2 : 0.01
            if !noisy || takesBoth { decided.append(.init(index: beat, location: beat, noiseRatio: ratio)) }
            if noisy {
                for noise in noisePeaks(after: beat, upTo: takesBoth ? 1 : 2, &generator) {
                    candidates.append(noise)
                    decided.append(.init(index: noise.index, location: noise.index, noiseRatio: ratio))
                }
            }
        }
        return (rhythm, candidates, decided)
    }

    @Test(arguments: [(UInt64(1), false), (2, false), (3, true), (4, true)])
    func onANoisyStretchTheCandidatesOnTheRhythmAreTheBeats(seed: UInt64, takesBoth: Bool) {
        let record = noisyRecord(seed: seed, takesBoth: takesBoth)
        let chosen = choose(candidates: record.candidates, decided: record.decided).beats
        // The decider's beats there are noise (or doubled): the chooser
        // keeps the beats on the rhythm, none of the noise peaks.
        #expect(record.decided.map(\.location) != record.rhythm)
        #expect(chosen == record.rhythm)
    }

    @Test func aFastIrregularRhythmAfterTheNoiseOnsetKeepsTheDecidersBeats() {
        // Sinus rhythm for 20 s, then 30 s of fibrillation waves the decider
        // takes every 70–125 samples on a noisy-looking lead, then sinus
        // again. A path at the rate before would keep a third of the waves:
        // that is a rhythm change, not noise, and the decider's beats stand.
        var generator = Generator(state: 13)
        var decided: [RhythmPathChooser.DecidedBeat] = []
        var candidates: [PeakCandidate] = []
        var index = interval
        while index < 360 * 70 {
            let fibrillating = index >= 360 * 20 && index < 360 * 50
            candidates.append(candidate(index, height: Int32(generator.next(in: 8_000...11_000))))
            decided.append(.init(index: index, location: index, noiseRatio: fibrillating ? 0.25 : 0.01))
            index += fibrillating ? generator.next(in: 70...125) : interval
        }
        let chosen = choose(candidates: candidates, decided: decided).beats
        #expect(chosen == decided.map(\.location))
    }

    @Test func aCleanIrregularRhythmPassesUnchangedAndAtOnce() {
        // Atrial-fibrillation-like intervals, 0.45 to 1.3 times the mean, on
        // a clean lead, with small non-beat candidates between the beats.
        var generator = Generator(state: 9)
        var beats: [Int] = []
        var candidates: [PeakCandidate] = []
        var index = interval
        while index < 360 * 60 {
            beats.append(index)
            candidates.append(candidate(index, height: 10_000))
            let next = index + generator.next(in: 130...375)
            candidates.append(candidate((index + next) / 2, height: 800))
            index = next
        }
        let decided = beats.map { RhythmPathChooser.DecidedBeat(index: $0, location: $0, noiseRatio: 0.012) }
        let result = choose(candidates: candidates, decided: decided)
        #expect(result.beats == beats)
        // An irregular beat is held back at most the 3 s a noisy stretch
        // may reach back (a regular one is released when it is taken).
        #expect(result.delays.allSatisfy { $0 <= 360 * 3 + 375 })
        #expect(result.delays.contains(0))
    }

    @Test func aCleanRegularRhythmAfterANoisyStretchIsReleasedAtOnceAgain() {
        let record = noisyRecord(seed: 5, takesBoth: false)
        let result = choose(candidates: record.candidates, decided: record.decided)
        // From 5 s after the stretch ends (its end needs 3 s without a noisy
        // beat), every beat comes out as it is taken.
        let afterwards = zip(result.beats, result.delays).filter { $0.0 > 360 * 55 }
        #expect(!afterwards.isEmpty)
        #expect(afterwards.allSatisfy { $0.1 == 0 })
    }

    @Test func aLongNoisyStretchIsDecidedWithBoundedLatency() {
        // Noise from 20 s to the end of a 10-minute record: beats in the
        // stretch come out within the commit span and lag of the path
        // (20 s, about 25 beats at 0.8 s), not at the end of the record.
        var generator = Generator(state: 11)
        let rhythm = Array(stride(from: interval, to: 360 * 600, by: interval))
        var candidates: [PeakCandidate] = []
        var decided: [RhythmPathChooser.DecidedBeat] = []
        for beat in rhythm {
            candidates.append(candidate(beat, height: 10_000))
            guard beat >= 360 * 20 else {
                decided.append(.init(index: beat, location: beat, noiseRatio: 0.01))
                continue
            }
            for noise in noisePeaks(after: beat, &generator) {
                candidates.append(noise)
                decided.append(.init(index: noise.index, location: noise.index, noiseRatio: 0.3))
            }
        }
        let (released, delays) = choose(candidates: candidates, decided: decided)
        let worstLag = delays.max() ?? 0
        #expect(worstLag > 0)
        #expect(worstLag < 360 * 25)
        // Nine minutes of noise as tall as the beats: a run of noise peaks
        // can fit the rhythm by chance, but 98 % of the beats are kept and
        // under 2 % of the released ones are noise.
        let found = Set(released).intersection(rhythm).count
        #expect(found * 100 >= rhythm.count * 98)
        #expect((released.count - found) * 100 <= released.count * 2)
        #expect(released == released.sorted())
    }
}
