import ECGSynth
import Foundation
import RhythmLibrary
import Testing
@testable import RhythmTraining

/// The answer key describes each strip truthfully: for every rhythm of the
/// library, over seeds and difficulties, the figures agree with the rhythm's
/// definition and with what was generated, and never claim what the rhythm
/// cannot show.
@Suite("Answer-key figures of generated strips")
struct StripMeasurerTests {
    static let ids = RhythmLibrary.builtIn.definitions.map(\.id)
    static let maker = StripMaker()

    /// Strips as a deck makes them (rate, noise and ectopy varied by difficulty), seeds 1-4.
    static func strips(_ id: String) throws -> [(seed: UInt64, ecg: SyntheticECG, reading: StripReading, rhythm: RhythmDefinition)] {
        let rhythm = try #require(RhythmLibrary.builtIn.definition(named: id))
        var random = TrainingRandom(seed: 99)
        return try (1...4).map { (seed: UInt64) in
            let plan = DeckPlanner.plan(number: 1, rhythm: rhythm, seed: seed, difficulty: seed % 2 == 0 ? .hard : .mixed, random: &random)
            var attempt = 0
            var result: (SyntheticECG, StripReading)
            repeat {
                let stripSeed = attempt == 0 ? seed : StripMaker.derivedSeed(seed, attempt: attempt)
                let (ecg, _) = try maker.synthesize(plan, seed: stripSeed, name: "t")
                result = (ecg, StripMeasurer.measure(ecg, rhythm: rhythm))
                attempt += 1
            } while result.1.missingFeature != nil && attempt < StripMaker.attempts
            return (seed, result.0, result.1, rhythm)
        }
    }

    @Test("figures never contradict the rhythm's definition", arguments: ids)
    func figuresFollowTheDefinition(id: String) throws {
        for (seed, _, reading, rhythm) in try Self.strips(id) {
            let f = reading.figures
            let s = rhythm.synthesis
            let context = "\(id) seed \(seed): \(f.summary)"
            #expect(reading.missingFeature == nil, "\(context): \(reading.missingFeature ?? "")")
            // Words that belong to one mechanism only.
            #expect(f.pWaves.contains("flutter") == (s.atria.mechanism == .flutter), "\(context)")
            #expect(f.pWaves.contains("fibrillatory") == (s.atria.mechanism == .fibrillation), "\(context)")
            #expect(!f.regularity.contains("irregularly irregular") || rhythm.criteria.regularity.kind == .irregularlyIrregular, "\(context)")
            // No atrial activity, no P-wave or PR claims.
            if s.atria.mechanism == .none, s.ventricles.origin != .junctional {
                #expect(["none", "none seen", "none related to the QRS"].contains(f.pWaves), "\(context)")
                #expect(f.pr == nil && f.prPattern == nil && f.atrialRate == nil, "\(context)")
            }
            // A PR only where the definition has one.
            if f.pr != nil { #expect(rhythm.criteria.prInterval.seconds != nil, "\(context)") }
            if let pr = f.pr, let range = rhythm.criteria.prInterval.seconds {
                #expect(pr >= range.lowerBound - 0.02 && pr <= range.upperBound + 0.02, "\(context): PR outside \(range)")
            }
            // QRS and rate inside the documented ranges, or none where the rhythm has none.
            if let range = rhythm.criteria.qrs.seconds {
                let qrs = try #require(f.qrs, "\(context): no QRS")
                #expect(qrs >= range.lowerBound - 0.02 && qrs <= range.upperBound + 0.03, "\(context): QRS outside \(range)")
            } else {
                #expect(f.qrs == nil && f.rate == nil, "\(context)")
            }
            if let range = rhythm.criteria.rate.ventricular {
                let rate = Double(try #require(f.rate, "\(context): no rate"))
                #expect(rate >= 0.9 * range.lowerBound && rate <= 1.1 * range.upperBound, "\(context): rate outside \(range)")
            }
            // One sinus P wave per QRS: the atrial rate is the ventricular rate.
            if s.atria.mechanism == .sinus, s.conduction?.mode == .normal, s.ectopy == nil, s.atria.pauses == nil,
               let atrial = f.atrialRate, let rate = f.rate {
                #expect(abs(atrial - rate) <= max(3, rate / 10), "\(context): atrial \(atrial), ventricular \(rate)")
            }
            #expect(f.source == StripMeasurer.source)
        }
    }

    /// An instructor reads the header and the caliper on the same picture: they must agree.
    @Test("the PR and QRS printed are the readings of the calipers drawn", arguments: ids)
    func printedFiguresMatchTheCalipers(id: String) throws {
        func hundredths(_ seconds: Double) -> Int { Int((seconds * 100).rounded()) }
        for (seed, _, reading, _) in try Self.strips(id) {
            let f = reading.figures
            let context = "\(id) seed \(seed): \(f.summary)"
            if let qrs = f.qrs {
                let caliper = try #require(reading.calipers.first { $0.kind == .qrs }, "\(context): no QRS caliper")
                #expect(hundredths(caliper.end - caliper.start) == hundredths(qrs), "\(context)")
            }
            if let pr = f.pr {
                let caliper = try #require(reading.calipers.first { $0.kind == .pr }, "\(context): no PR caliper")
                #expect(hundredths(caliper.end - caliper.start) == hundredths(pr), "\(context)")
            }
        }
    }

    @Test("the key's figures are those counted from the reference annotations")
    func rateCountsTheAnnotatedBeats() throws {
        for (_, ecg, reading, _) in try Self.strips("mobitz1") + Self.strips("chb") + Self.strips("aflutter-4to1") {
            let fs = ecg.record.samplingFrequency
            let beats = ecg.annotations.filter(\.code.isBeat).map { Double($0.sample) / fs }
            let rate = 60 * Double(beats.count - 1) / (beats.last! - beats.first!)
            #expect(reading.figures.rate == Int(rate.rounded()))
        }
        for (_, ecg, reading, _) in try Self.strips("chb") {
            let pCount = ecg.annotations.filter { $0.code == .pWave }.count
            #expect(reading.figures.pWaves.contains("\(pCount) P waves"), "\(reading.figures.pWaves)")
        }
    }

    @Test("rhythm-specific wording: Wenckebach, 2:1 block, flutter ratio, PVCs, paced AV delay")
    func specificWording() throws {
        for (_, _, reading, _) in try Self.strips("mobitz1") {
            #expect(reading.figures.prPattern?.hasPrefix("lengthens from") == true, "\(reading.figures.summary)")
            #expect(reading.calipers.filter { $0.kind == .pr }.count == 2)
        }
        for (_, _, reading, _) in try Self.strips("av-block-2to1") {
            #expect(reading.figures.pWaves.contains("2:1"), "\(reading.figures.pWaves)")
        }
        for (_, _, reading, _) in try Self.strips("aflutter-4to1") {
            #expect(reading.figures.pWaves.contains("4:1 conduction"), "\(reading.figures.pWaves)")
        }
        for (_, _, reading, _) in try Self.strips("vent-bigeminy") {
            #expect(reading.figures.qrsNote?.hasPrefix("PVCs 0.1") == true, "\(reading.figures.qrsText)")
            #expect(reading.figures.regularity.contains("every second beat"))
        }
        for (_, _, reading, _) in try Self.strips("vf-coarse") + Self.strips("asystole") {
            #expect(StripMaker.measuredLine(reading.figures) == "No QRS complexes")
        }
        for (_, _, reading, _) in try Self.strips("vt-mono") + Self.strips("torsades") + Self.strips("afib") {
            #expect(StripMaker.measuredLine(reading.figures).hasPrefix("QRS 0."), "\(StripMaker.measuredLine(reading.figures))")
        }
        for (_, _, reading, _) in try Self.strips("nsr") {
            #expect(StripMaker.measuredLine(reading.figures).hasPrefix("PR 0.1"), "\(StripMaker.measuredLine(reading.figures))")
        }
        for (_, _, reading, _) in try Self.strips("paced-av") {
            #expect(reading.figures.pr == nil && reading.figures.prPattern?.hasPrefix("paced AV delay 0.") == true)
        }
    }

    @Test("a strip too short to show its rhythm's defining feature is re-seeded, then flagged for review")
    func missingFeatureIsFlagged() throws {
        let rhythm = try #require(RhythmLibrary.builtIn.definition(named: "sinus-pause"))
        var random = TrainingRandom(seed: 1)
        let plan = DeckPlanner.plan(number: 1, rhythm: rhythm, seed: 5, difficulty: .easy, random: &random)
        // A 2.2-3.6 s pause cannot fit, with beats on both sides, into 3 s.
        let short = try StripMaker(seconds: 3).make(plan, name: "s")
        let reason = try #require(short.missingFeature)
        #expect(short.review.first == "does not show what defines Sinus pause / sinus arrest: \(reason)")
        #expect(short.plan.seed != plan.seed, "the strip was not re-seeded")
        let long = try StripMaker(seconds: 8).make(plan, name: "s")
        #expect(long.missingFeature == nil && long.review.isEmpty, "\(long.review)")
        #expect(long.figures.regularity.hasPrefix("regular, with a pause of "))
    }
}
