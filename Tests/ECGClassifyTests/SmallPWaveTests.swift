import ECGDetect
import ECGSignal
import Foundation
import RhythmLibrary
import Testing
import TestSupport
@testable import ECGClassify

/// Small P waves on a clean lead count as P waves when they recur before every
/// QRS at one PR (`TimeLockedPWave`); a baseline of flutter waves does not.
/// Before, a clean sinus strip with P waves of 0.05 mV read "P waves: cannot be
/// judged" and was named an accelerated junctional rhythm (vfdb 420) or flutter
/// (MIT-BIH 112).
@Suite struct SmallPWaveTests {
    static let vfdb = SharedData.directory("vfdb")
    static let mitdb = SharedData.directory("mitdb")
    static let fs = 250.0

    /// What sits before each QRS of the hand-made strips.
    enum Atrium { case pWave(mV: Float), none, flutter(mV: Float, cycle: Double) }

    /// An 8 s lead at 66/min: a narrow QRS of 1.4 mV, a T wave, and before each
    /// QRS a P wave of the given size at a PR of about 0.17 s (or nothing, or a
    /// 4:1 flutter sawtooth locked to the QRS), with seeded white noise of
    /// 0.012 mV RMS (about 420's), a slow baseline wander of 0.05 mV, and a
    /// small undulation of the baseline (2-8 Hz noise, 0.01 mV RMS) that is not
    /// tied to the beats: with it the P waves' threshold in the atrial analysis
    /// (3.2 times the residual's noise) missed them and the strip read as
    /// accelerated junctional rhythm.
    static func strip(_ atrium: Atrium, seed: UInt64 = 1) -> [Float] {
        let n = Int(8 * fs)
        var x = [Float](repeating: 0, count: n)
        func gauss(_ t: Double, _ centre: Double, _ width: Double) -> Float { Float(exp(-0.5 * pow((t - centre) / width, 2))) }
        var rPeaks: [Double] = []
        var t = 0.5
        while t < 7.8 { rPeaks.append(t); t += 0.9 }
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        // The undulation: white noise through a 30-120 ms band (two moving
        // averages), scaled to 0.01 mV RMS.
        let white = (0..<(n + 40)).map { _ in Float((-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())) }
        func average(_ i: Int, _ width: Int) -> Float {
            var sum: Float = 0
            for k in (i - width / 2)..<(i - width / 2 + width) { sum += white[k] }
            return sum / Float(width)
        }
        var band = (0..<n).map { average($0 + 20, 8) - average($0 + 20, 30) }
        let bandRMS = (band.reduce(0) { $0 + $1 * $1 } / Float(n)).squareRoot()
        band = band.map { 0.01 * $0 / bandRMS }
        for i in 0..<n {
            let time = Double(i) / fs
            var v: Float = 0
            for r in rPeaks where abs(time - r) < 0.6 {
                v += 1.1 * gauss(time, r, 0.01) - 0.3 * gauss(time, r + 0.025, 0.01) + 0.25 * gauss(time, r + 0.3, 0.05)
                if case let .pWave(size) = atrium { v += size * gauss(time, r - 0.15, 0.022) }
            }
            if case let .flutter(size, cycle) = atrium {
                // Sawtooth: a slow fall and a quick rise, the same phase before every QRS (4:1).
                let phase = (time - 0.5).truncatingRemainder(dividingBy: cycle) / cycle
                let p = phase < 0 ? phase + 1 : phase
                v += size * Float(p < 0.8 ? 0.5 - p / 0.8 : -0.5 + (p - 0.8) / 0.2)
            }
            v += 0.05 * Float(sin(2 * Double.pi * 0.25 * time))
            // Box-Muller from the seeded generator.
            let noise = (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
            x[i] = v + Float(0.012 * noise) + band[i]
        }
        return x
    }

    static func analyze(_ x: [Float], fs: Double = fs, thresholds: TimeLockedPWave.Thresholds = .standard) throws -> (StripAnalysis, StripClassification) {
        let peaks = try RPeakDetector(samplingFrequency: fs).detect(x)
        var analyzer = StripAnalyzer(samplingFrequency: fs)
        analyzer.pWaveThresholds = thresholds
        let analysis = analyzer.analyze(x, rPeaks: peaks)
        return (analysis, RhythmDecider(library: .builtIn).decide(analysis))
    }

    static let sinus: Set<String> = ["nsr", "sinus-brady", "sinus-tach", "sinus-arrhythmia", "av-block-1"]

    @Test(arguments: [UInt64(1), 2, 3])
    func smallPWavesBeforeEveryQRSMakeSinusRhythm(seed: UInt64) throws {
        let (analysis, result) = try Self.analyze(Self.strip(.pWave(mV: 0.05), seed: seed))
        #expect(analysis.timeLockedP != nil)
        #expect(result.rhythmID == "nsr", "\(result.rhythmID ?? "-"): \(result.explanation)")
        #expect(result.measurements.atrial.pWavesFound)
        let pr = try #require(result.measurements.pr.seconds)
        #expect(pr >= 0.12 && pr <= 0.2, "PR \(pr)")
    }

    @Test func noPWaveIsNotSinus() throws {
        let (analysis, result) = try Self.analyze(Self.strip(.none))
        #expect(analysis.timeLockedP == nil)
        #expect(!Self.sinus.contains(result.rhythmID ?? ""), "\(result.rhythmID ?? "-")")
    }

    /// Flutter waves locked to the QRS at 4:1 (a cycle of 0.225 s, 4 in each
    /// R-R of 0.9 s) recur before every QRS too, one sharp crest each: the
    /// averaged stretch holds one crest and a sloping baseline, and may pass
    /// for a P wave. The strip repeating itself every flutter cycle through
    /// the QRS-T (the atrial analysis' flutter periodicity) then decides:
    /// P waves found only on the average do not outweigh it.
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func flutterWavesLockedToTheQRSAreFlutter(seed: UInt64) throws {
        let (_, result) = try Self.analyze(Self.strip(.flutter(mV: 0.15, cycle: 0.225), seed: seed))
        #expect(result.rhythmID == "aflutter-4to1", "\(result.rhythmID ?? "-")")
        #expect(result.measurements.atrial.flutterWaves)
    }

    /// Every limit moved by 20 % either way keeps the small P waves found, the
    /// 4:1 flutter named flutter and the P-less strip without P waves.
    @Test(arguments: [0.8, 1.2])
    func decisionsHoldWhenEachLimitMoves(factor: Double) throws {
        let moves: [(String, (inout TimeLockedPWave.Thresholds) -> Void)] = [
            ("widest half width", { $0.widestHalfWidth *= factor }),
            ("second wave", { $0.secondWaveShare *= factor }),
            ("above segment", { $0.aboveSegmentShare *= factor }),
            ("flat", { $0.flatShare *= factor }),
            ("beat correlation", { $0.beatCorrelation *= factor }),
            ("consistent share", { $0.consistentNeeded = min(1, $0.consistentNeeded * factor) }),
            ("smallest", { $0.smallestAverage *= factor }),
            ("PR spread", { $0.prSpreadLimit *= factor }),
        ]
        for (name, move) in moves {
            var thresholds = TimeLockedPWave.Thresholds.standard
            move(&thresholds)
            let small = try Self.analyze(Self.strip(.pWave(mV: 0.05)), thresholds: thresholds)
            #expect(small.0.timeLockedP != nil && small.1.rhythmID == "nsr", "\(name) × \(factor): small P waves read \(small.1.rhythmID ?? "-")")
            for seed in [UInt64(1), 2] {
                let flutter = try Self.analyze(Self.strip(.flutter(mV: 0.15, cycle: 0.225), seed: seed), thresholds: thresholds)
                #expect(flutter.1.rhythmID == "aflutter-4to1", "\(name) × \(factor): flutter (seed \(seed)) named \(flutter.1.rhythmID ?? "-")")
            }
            let none = try Self.analyze(Self.strip(.none), thresholds: thresholds)
            #expect(none.0.timeLockedP == nil, "\(name) × \(factor): P waves found where there are none")
        }
    }

    /// vfdb 420 (sinus rhythm in the reference) at 30 s: a clean lead (noise
    /// 0.013 mV beside a 1.4 mV QRS) with P waves of about 0.05 mV. It read
    /// "P waves: cannot be judged" and was named an accelerated junctional
    /// rhythm; the P waves now stand before every QRS at a PR of about 0.24 s
    /// (measured on the average too), a first-degree AV block: sinus rhythm.
    @Test(.enabled(if: vfdb != nil, Comment(rawValue: SharedData.skipMessage("vfdb"))), arguments: [0.8, 1.0, 1.2])
    func vfdb420At30SecondsIsSinus(factor: Double) throws {
        guard let record = try SharedData.record("420", in: "vfdb") else { return }
        let fs = record.samplingFrequency
        let lead = record.millivolts(lead: 0)
        let strip = Array(lead[Int(30 * fs)..<Int(36 * fs)])
        var thresholds = TimeLockedPWave.Thresholds.standard
        // All the size and consistency limits at once, 20 % either way.
        thresholds.widestHalfWidth *= factor
        thresholds.flatShare *= factor
        thresholds.beatCorrelation /= factor
        thresholds.smallestAverage /= factor
        let (analysis, result) = try Self.analyze(strip, fs: fs, thresholds: thresholds)
        #expect(analysis.timeLockedP != nil)
        #expect(Self.sinus.contains(result.rhythmID ?? ""), "\(result.rhythmID ?? "-"): \(result.explanation)")
        #expect(result.measurements.atrial.pWavesFound)
        let text = result.explanation.joined(separator: " ")
        #expect(!text.contains("cannot be judged"), "\(text)")
        let pr = try #require(result.measurements.pr.seconds)
        #expect(pr >= 0.2 && pr <= 0.28, "PR \(pr)")
    }

    /// MIT-BIH 112 is sinus rhythm throughout with small P waves; its 6 s strips
    /// read as atrial flutter (14 of the 15 taken every 120 s from 30 s). Now sinus.
    @Test(.enabled(if: mitdb != nil, Comment(rawValue: SharedData.skipMessage("mitdb"))))
    func mitbih112StripsAreSinus() throws {
        guard let record = try SharedData.record("112", in: "mitdb") else { return }
        let fs = record.samplingFrequency
        let lead = record.millivolts(lead: 0)
        var named: [String] = []
        for start in stride(from: 30.0, to: 1800, by: 240) {
            let strip = Array(lead[Int(start * fs)..<Int((start + 6) * fs)])
            named.append(RhythmClassifier().classifyStrip(strip, samplingFrequency: fs).rhythmID ?? "-")
        }
        let sinus = named.filter { Self.sinus.contains($0) }.count
        #expect(sinus == named.count, "\(named)")
    }
}
