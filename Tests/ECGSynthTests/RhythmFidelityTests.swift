import ECGSignal
import Foundation
import RhythmLibrary
import Testing
@testable import ECGSynth

/// For every rhythm of the library: synthesize strips over several seeds and
/// noise levels, measure them, and check the measurements against the
/// definition's own criteria.
@Suite struct RhythmFidelityTests {
    static let ids = RhythmLibrary.builtIn.definitions.map(\.id)
    /// Four seeds in CI; set RHYTHMSTRIP_FIDELITY_SEEDS=N for a deeper local run.
    static let seeds: [UInt64] = Array(1...UInt64(max(1, ProcessInfo.processInfo.environment["RHYTHMSTRIP_FIDELITY_SEEDS"].flatMap(Int.init) ?? 4)))
    static let seconds = 30.0
    /// 500 Hz in CI; RHYTHMSTRIP_FIDELITY_FS=F checks another sampling frequency.
    static let fs = ProcessInfo.processInfo.environment["RHYTHMSTRIP_FIDELITY_FS"].flatMap(Double.init) ?? 500
    /// What the wave-boundary rules can blur an interval by.
    static let tolerance = 0.02
    /// One sample at each end of a measured interval.
    static let resolution = 2 / fs

    static func strip(_ definition: RhythmDefinition, seed: UInt64, snr: Double? = nil,
                      noise: Set<NoiseKind> = []) throws -> SyntheticECG {
        try ECGSynthesizer().synthesize(definition, options: SynthesisOptions(
            seed: seed, seconds: seconds, samplingFrequency: fs, snr: snr, noise: noise))
    }

    @Test(arguments: ids)
    func stripsMeetTheCriteria(id: String) throws {
        let definition = try #require(RhythmLibrary.builtIn.definition(named: id))
        let criteria = definition.criteria
        let synthesis = definition.synthesis
        var ectopicCount = 0, sinusCount = 0
        for seed in Self.seeds {
            let strip = try Self.strip(definition, seed: seed)
            let m = StripMeasurement(strip)
            let context = "\(id) seed \(seed)"
            #expect(strip.annotations.first?.code == .rhythmChange && strip.annotations.first?.auxText == "(\(id)")

            // Rate.
            if let range = criteria.rate.ventricular {
                let rate = try #require(m.rate(of: m.beats), "\(context): too few beats")
                #expect(range.contains(rate), "\(context): ventricular rate \(rate) outside \(range)")
            } else {
                #expect(m.beats.isEmpty, "\(context): a rhythm without a rate has beats")
            }
            if let range = criteria.rate.atrial, let rate = m.rate(of: m.pWaves) {
                #expect(range.contains(rate), "\(context): atrial rate \(rate) outside \(range)")
            }

            // Regularity.
            let rr = m.rr
            if !rr.isEmpty {
                let spread = rr.max()! - rr.min()!
                let mean = rr.reduce(0, +) / Double(rr.count)
                switch criteria.regularity.kind {
                case .regular:
                    #expect(spread <= max(0.12, 0.1 * mean), "\(context): R-R spread \(spread) s in a regular rhythm")
                case .phasic:
                    #expect(spread > 0.12, "\(context): R-R spread \(spread) s, expected > 0.12 s")
                case .irregularlyIrregular:
                    let sd = (rr.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(rr.count)).squareRoot()
                    #expect(sd / mean > 0.06, "\(context): R-R variation \(sd / mean) too small")
                    for lag in 1...4 {
                        #expect(abs(Self.autocorrelation(rr, lag: lag)) < 0.6, "\(context): R-R intervals repeat at lag \(lag)")
                    }
                case .irregular, .patterned:
                    if synthesis.ectopy?.pattern != .random, synthesis.ectopy?.pattern != .couplets {
                        #expect(spread > 0.15 * mean, "\(context): R-R spread \(spread) s in an irregular rhythm")
                    }
                case .none:
                    break
                }
            }

            // QRS width, measured on the clean signal.
            if let range = criteria.qrs.seconds, synthesis.ventricles.origin == .torsades {
                // Small complexes at the twist's node merge with their neighbours; judge the run.
                let widths = m.beats.map { m.qrsDuration(at: $0.sample) }.sorted()
                #expect(widths[widths.count / 2] >= range.lowerBound, "\(context): median QRS \(widths[widths.count / 2]) s")
            } else if let range = criteria.qrs.seconds {
                for beat in m.beats.prefix(12) {
                    let width = m.qrsDuration(at: beat.sample)
                    #expect(width >= range.lowerBound - Self.tolerance && width <= range.upperBound + Self.tolerance,
                            "\(context): QRS \(width) s at \(beat.sample) outside \(range)")
                    if beat.code == .pvc || beat.code == .paced || beat.code == .ventricularEscape
                        || beat.code == .leftBundleBranchBlock || beat.code == .rightBundleBranchBlock {
                        #expect(width >= 0.12 - Self.tolerance / 2 - Self.resolution, "\(context): wide beat \(beat.code) measures \(width) s")
                    } else {
                        #expect(width < 0.12, "\(context): narrow beat \(beat.code) measures \(width) s")
                    }
                }
            }

            // PR interval, measured on the clean signal.
            let conducted = m.prIntervals(codes: [.normal, .leftBundleBranchBlock, .rightBundleBranchBlock, .nodalEscape])
            let modeConducts = synthesis.conduction.map { $0.mode != .none } ?? false
            if let range = criteria.prInterval.seconds, modeConducts, synthesis.atria.mechanism != .flutter {
                // Above 120/min the P wave often rides on the T wave and cannot be measured.
                if let rate = m.rate(of: m.beats), rate <= 120 {
                    #expect(conducted.count >= 3, "\(context): only \(conducted.count) measurable PR intervals")
                }
                for item in conducted {
                    #expect(item.pr >= range.lowerBound - Self.tolerance && item.pr <= range.upperBound + Self.tolerance,
                            "\(context): PR \(item.pr) s at \(item.beat.sample) outside \(range)")
                }
            }

            // P:QRS relationship.
            let pCount = Double(m.pWaves.count), beatCount = Double(m.beats.count)
            switch (synthesis.atria.mechanism, synthesis.conduction?.mode) {
            case (.fibrillation, _):
                #expect(m.pWaves.isEmpty, "\(context): P waves in atrial fibrillation")
                if let coherent = Self.coherentPreQRS(m) {
                    #expect(coherent < 0.04, "\(context): a repeating P wave before the QRS in AF (\(coherent) mV)")
                }
            case (.sinus, .normal?), (.paced, _), (.multifocal, _):
                if synthesis.ectopy?.kind != .pvc {
                    #expect(abs(pCount - beatCount) <= 1, "\(context): \(pCount) P for \(beatCount) QRS, expected 1:1")
                }
                if synthesis.atria.mechanism != .multifocal,
                   let coherent = Self.coherentPreQRS(m, longestPR: criteria.prInterval.seconds?.upperBound ?? 0.22) {
                    #expect(coherent > 0.06, "\(context): no consistent P wave before the QRS (\(coherent) mV)")
                }
            case (.sinus, .ratio?), (.flutter, .ratio?):
                let ratio = synthesis.conduction!.ratio!
                let perBeat = Self.atrialWavesBetweenBeats(m)
                for count in perBeat {
                    #expect(Double(count) >= ratio.lowerBound && Double(count) <= ratio.upperBound,
                            "\(context): \(count) atrial waves between QRS, expected \(ratio)")
                }
                if ratio.upperBound > ratio.lowerBound {
                    #expect(Set(perBeat).count >= 2, "\(context): variable block without varying ratio")
                }
            case (.sinus, .wenckebach?), (.sinus, .mobitz2?):
                try Self.checkSecondDegree(m, definition: definition, context: context)
            case (.sinus, .none?):
                // Complete block: atria faster than ventricles and unrelated to them.
                let atrial = try #require(m.rate(of: m.pWaves)), ventricular = try #require(m.rate(of: m.beats))
                #expect(atrial > ventricular * 1.3, "\(context): atrial \(atrial) vs ventricular \(ventricular)")
                let apparentPR = Self.apparentPR(m)
                #expect(apparentPR.max()! - apparentPR.min()! > 0.2, "\(context): P and QRS look linked")
            case (.none, _):
                for p in m.pWaves {
                    #expect(m.signal[p.sample] < 0, "\(context): a junctional P wave that is not inverted")
                }
                // A retrograde P wave just before its QRS has a short PR (one after the
                // QRS belongs to the previous beat and is not a PR at all).
                for item in m.prIntervals() where Double(item.beat.sample - item.p.sample) / m.fs < 0.2 {
                    #expect(item.pr < 0.12 + Self.tolerance / 2, "\(context): retrograde PR \(item.pr)")
                }
            default:
                break
            }

            // Beat codes and ectopy.
            let codes = m.beats.map(\.code)
            if let ectopy = synthesis.ectopy {
                let ectopicCode: AnnotationCode = ectopy.kind == .pvc ? .pvc : .atrialPremature
                try Self.checkEctopy(m, code: ectopicCode, pattern: ectopy.pattern, context: context)
                ectopicCount += codes.filter { $0 == ectopicCode }.count
                sinusCount += codes.filter { $0 == .normal }.count
            }
            switch synthesis.ventricles.origin {
            case .paced:
                let spikes = m.annotations(.pacemakerSpike).map(\.sample)
                for beat in m.beats {
                    #expect(beat.code == .paced)
                    let onset = m.qrsBoundaries(at: beat.sample).onset
                    let spike = spikes.last { $0 <= onset }
                    #expect(spike.map { Double(onset - $0) / Self.fs < 0.05 } == true, "\(context): paced QRS not right after a spike")
                }
                for spike in spikes { #expect(m.signal[spike] > 0.5, "\(context): spike too small to see") }
            case .torsades:
                let peaks = m.beats.map { Double(m.signal[$0.sample]) }
                #expect(peaks.contains { $0 > 0.3 } && peaks.contains { $0 < -0.3 }, "\(context): the axis does not twist")
                let sizes = peaks.map(abs)
                #expect(sizes.max()! > 2.5 * sizes.min()!, "\(context): no waxing and waning")
            case .fibrillation:
                #expect(m.annotations(.flutterStart).count == 1 && m.annotations(.flutterEnd).count == 1)
                let frequency = m.dominantFrequency()
                #expect(frequency >= 4 && frequency <= 8, "\(context): dominant frequency \(frequency) Hz")
                // Coarse and fine VF are taught as above and below 3 mm (0.3 mV) at 10 mm/mV.
                let size = m.typicalWaveSize()
                if id.contains("fine") { #expect(size < 0.3, "\(context): fine VF \(size) mV") } else { #expect(size > 0.3, "\(context): coarse VF \(size) mV") }
            case .none:
                #expect(m.beats.isEmpty)
                #expect(m.signal.max()! - m.signal.min()! < 0.2, "\(context): asystole not flat")
            case .conducted where synthesis.atria.mechanism == .multifocal:
                let shapes = Set(m.pWaves.map { Int((m.signal[$0.sample] / 0.04).rounded()) })
                #expect(shapes.count >= 3, "\(context): only \(shapes.count) P-wave shapes in MAT")
            default:
                break
            }
            if synthesis.atria.mechanism == .paced {
                let spikes = m.annotations(.pacemakerSpike).map(\.sample)
                for p in m.pWaves {
                    #expect(spikes.contains { p.sample - $0 > 0 && Double(p.sample - $0) / Self.fs < 0.1 }, "\(context): paced P without spike")
                }
            }
            if synthesis.ventricles.qrs?.morphology.choices.allSatisfy({ $0 == .lbbb || $0 == .rbbb }) == true {
                #expect(codes.allSatisfy { $0 == .leftBundleBranchBlock } || codes.allSatisfy { $0 == .rightBundleBranchBlock })
            }
        }
        if let ectopy = synthesis.ectopy, let probability = ectopy.probability {
            let expected = ectopy.pattern == .couplets ? 2.0 : 1.0
            let fraction = Double(ectopicCount) / Double(max(1, sinusCount)) / expected
            #expect(fraction >= 0.5 * probability.lowerBound && fraction <= 1.5 * probability.upperBound,
                    "\(id): ectopic beats per sinus beat \(fraction), expected about \(probability)")
        }
    }

    @Test(arguments: ids)
    func noiseDoesNotChangeTheRhythm(id: String) throws {
        let definition = try #require(RhythmLibrary.builtIn.definition(named: id))
        let clean = try Self.strip(definition, seed: 9)
        for (snr, kinds) in [(20.0, Set<NoiseKind>([.wander, .muscle])), (6.0, Set(NoiseKind.allCases))] {
            let noisy = try Self.strip(definition, seed: 9, snr: snr, noise: kinds)
            let beats = { (s: SyntheticECG) in s.annotations.filter { $0.code != .artifact } }
            #expect(beats(noisy) == beats(clean), "\(id): noise changed the annotations")
            #expect(noisy.cleanMillivolts == clean.cleanMillivolts)
            #expect(noisy.record != clean.record)
        }
    }

    // MARK: Rhythm-specific checks

    static func checkSecondDegree(_ m: StripMeasurement, definition: RhythmDefinition, context: String) throws {
        let mode = definition.synthesis.conduction!.mode
        // Walk P waves: a P followed by another P with no QRS between is blocked.
        // Each group holds the PR of its conducted beats (nil where a P wave
        // rides on a T wave and cannot be measured).
        var groups: [[Double?]] = [[]]
        var drops = 0
        let prs = Dictionary(m.prIntervals().map { ($0.p.sample, $0.pr) }, uniquingKeysWith: { a, _ in a })
        let events = m.strip.annotations.filter { $0.code == .pWave || $0.code.isBeat }
        for (index, event) in events.enumerated() where event.code == .pWave {
            let next = events.dropFirst(index + 1).first
            if next?.code == .pWave {
                drops += 1
                groups.append([])
            } else if next != nil {
                groups[groups.count - 1].append(prs[event.sample])
            }
        }
        #expect(drops >= 2, "\(context): only \(drops) blocked P waves")
        // Complete groups only (between two drops).
        let complete = groups.dropFirst().dropLast().filter { $0.count >= 1 }
        #expect(!complete.isEmpty, "\(context): no complete group")
        for group in complete {
            let measured = group.compactMap { $0 }
            if mode == .wenckebach {
                for (later, earlier) in zip(measured.dropFirst(), measured) {
                    #expect(later > earlier + 0.005, "\(context): PR does not lengthen: \(group)")
                }
            } else if let high = measured.max(), let low = measured.min() {
                #expect(high - low < 0.02, "\(context): PR not constant in Mobitz II: \(group)")
            }
        }
        if mode == .wenckebach {
            var compared = 0
            for (after, before) in zip(complete.dropFirst(), complete) {
                guard let first = after.first ?? nil, let last = before.last ?? nil else { continue }
                #expect(first < last - 0.03, "\(context): PR after the drop \(first) not shorter than before it \(last)")
                compared += 1
            }
            #expect(compared >= 1, "\(context): no drop with measurable PR on both sides")
        }
    }

    static func checkEctopy(_ m: StripMeasurement, code: AnnotationCode, pattern: SynthesisParameters.EctopyPattern, context: String) throws {
        let beats = m.beats
        var runs: [Int] = []
        var run = 0
        var normalsBetween: [Int] = []
        var normals = 0
        for (index, beat) in beats.enumerated() {
            if beat.code == code {
                run += 1
                if run == 1 {
                    normalsBetween.append(normals)
                    normals = 0
                }
                // Premature: earlier than the preceding sinus cycle would predict.
                if index >= 2, run == 1, beats[index - 1].code == .normal, beats[index - 2].code == .normal {
                    let sinus = Double(beats[index - 1].sample - beats[index - 2].sample)
                    let coupling = Double(beat.sample - beats[index - 1].sample)
                    #expect(coupling < 0.85 * sinus, "\(context): ectopic beat not premature")
                    if code == .pvc, index + 1 < beats.count, beats[index + 1].code == .normal {
                        let around = Double(beats[index + 1].sample - beats[index - 1].sample)
                        #expect(abs(around / sinus - 2) < 0.15, "\(context): pause after PVC not compensatory (\(around / sinus))")
                    }
                    if code == .atrialPremature, index + 1 < beats.count, beats[index + 1].code == .normal {
                        let around = Double(beats[index + 1].sample - beats[index - 1].sample)
                        #expect(around / sinus < 1.9, "\(context): pause after PAC is compensatory")
                    }
                }
            } else {
                if run > 0 { runs.append(run) }
                run = 0
                if beat.code == .normal { normals += 1 }
            }
        }
        let expectedRun = pattern == .couplets ? 2 : 1
        #expect(runs.allSatisfy { $0 == expectedRun }, "\(context): runs \(runs), expected \(expectedRun)")
        switch pattern {
        case .bigeminy:
            #expect(normalsBetween.dropFirst().allSatisfy { $0 == 1 }, "\(context): not bigeminy \(normalsBetween)")
            #expect(normalsBetween.count >= 8)
        case .trigeminy:
            #expect(normalsBetween.dropFirst().allSatisfy { $0 == 2 }, "\(context): not trigeminy \(normalsBetween)")
            #expect(normalsBetween.count >= 5)
        case .random, .couplets:
            break
        }
    }

    /// Atrial waves (P or F) per ventricular cycle. Each cycle's window is the
    /// R-R interval shifted so its edges fall midway between atrial waves: the
    /// count then does not depend on where in the wave the annotation sits.
    static func atrialWavesBetweenBeats(_ m: StripMeasurement) -> [Int] {
        let waves = m.pWaves.map(\.sample), beats = m.beats.map(\.sample)
        guard waves.count >= 3, beats.count >= 2 else { return [] }
        let cycles = zip(waves.dropFirst(), waves).map { $0 - $1 }.sorted()
        let cycle = cycles[cycles.count / 2]
        // Phase of each QRS after the atrial wave before it; the median sets the shift.
        let phases = beats.compactMap { beat in waves.last { $0 <= beat }.map { (beat - $0) % cycle } }.sorted()
        guard !phases.isEmpty else { return [] }
        let shift = phases[phases.count / 2] - cycle / 2
        let edges = beats.map { $0 - shift }
        return zip(edges, edges.dropFirst()).map { low, high in waves.filter { $0 >= low && $0 < high }.count }
    }

    /// Time from each QRS back to the P wave before it.
    static func apparentPR(_ m: StripMeasurement) -> [Double] {
        m.beats.compactMap { beat in
            m.pWaves.last { $0.sample < beat.sample }.map { Double(beat.sample - $0.sample) / m.fs }
        }
    }

    /// Peak-to-peak of the average of the 250–60 ms before each QRS onset, over
    /// beats whose previous T wave has ended (R-R of 0.7 s or more): a P wave that
    /// repeats beat after beat survives the averaging, f waves do not. Nil with
    /// fewer than 8 such beats.
    static func coherentPreQRS(_ m: StripMeasurement, longestPR: Double = 0.22) -> Double? {
        let from = Int((longestPR + 0.04) * m.fs), to = Int(0.06 * m.fs)
        var sum = [Double](repeating: 0, count: from - to)
        var count = 0
        let beats = m.beats
        for (index, beat) in beats.enumerated() where index > 0 {
            guard Double(beat.sample - beats[index - 1].sample) / m.fs >= 0.5 + Double(from) / m.fs, beat.code == .normal else { continue }
            let onset = m.qrsBoundaries(at: beat.sample).onset
            guard onset - from >= 0 else { continue }
            for offset in 0..<(from - to) { sum[offset] += Double(m.signal[onset - from + offset]) }
            count += 1
        }
        guard count >= 8 else { return nil }
        let average = sum.map { $0 / Double(count) }
        return average.max()! - average.min()!
    }

    static func autocorrelation(_ x: [Double], lag: Int) -> Double {
        let mean = x.reduce(0, +) / Double(x.count)
        let centered = x.map { $0 - mean }
        let variance = centered.map { $0 * $0 }.reduce(0, +)
        guard variance > 0, x.count > lag else { return 0 }
        return zip(centered.dropFirst(lag), centered).map { $0 * $1 }.reduce(0, +) / variance
    }
}
