import ECGDetect
import ECGSynth
import Foundation
import RhythmLibrary
import Testing
@testable import ECGClassify

/// The shock-advisory features: beat recurrence, cycle length and VF-filter leakage.
struct ArrestFeatureTests {
    static let fs = 250.0

    /// Wide rounded complexes (a 120 ms Gaussian and a T wave) every `rr` seconds.
    static func wideComplexRhythm(rr: Double, seconds: Double = 8) -> (signal: [Float], peaks: [Int]) {
        let n = Int(seconds * fs)
        var x = [Float](repeating: 0, count: n)
        var peaks: [Int] = []
        var t = 0.3
        while t < seconds - 0.3 {
            peaks.append(Int(t * fs))
            t += rr
        }
        for p in peaks {
            for i in max(0, p - 60)..<min(n, p + 120) {
                let d = Double(i - p) / fs
                x[i] += Float(1.2 * exp(-d * d / (2 * 0.03 * 0.03)) + 0.3 * exp(-(d - 0.22) * (d - 0.22) / (2 * 0.04 * 0.04)))
            }
        }
        return (x, peaks)
    }

    @Test(arguments: [0.5, 0.6, 0.8])
    func beatsOfOneShapeRecurAtTheirRate(rr: Double) {
        let (x, peaks) = Self.wideComplexRhythm(rr: rr)
        let r = BeatRecurrence.measure(x, rPeaks: peaks, samplingFrequency: Self.fs)
        #expect(r.recurrence > 0.9)
        #expect(abs((r.rate ?? 0) - 60 / rr) < 3)
        let cycle = CycleLength.seconds(x, samplingFrequency: Self.fs)
        #expect(abs((cycle ?? 0) - rr) < 0.05, "cycle \(cycle ?? -1) for R-R \(rr)")
    }

    @Test(arguments: ["vf-coarse", "vf-fine"])
    func fibrillationWavesDoNotRecur(_ id: String) throws {
        // The detector's marks on synthetic VF fall on waves of changing shape.
        var recurrences: [Double] = []
        for seed in UInt64(1)...5 {
            let ecg = try ECGSynthesizer().synthesize(try RhythmLibrary.builtIn.resolve(id),
                                                      options: .init(seed: seed, seconds: 8, samplingFrequency: Self.fs, snr: nil))
            let raw = ecg.record.millivolts(lead: 0)
            let hp = SignalMath.highPass(SignalMath.movingAverage(raw, width: 3), width: 150)
            let peaks = try RPeakDetector(samplingFrequency: Self.fs).detect(raw)
            recurrences.append(BeatRecurrence.measure(hp, rPeaks: peaks, samplingFrequency: Self.fs).recurrence)
        }
        #expect(recurrences.allSatisfy { $0 < RhythmDecider.organisedRecurrence }, "recurrence \(recurrences)")
    }

    @Test func tooFewBeatsGiveNoRecurrence() {
        let (x, peaks) = Self.wideComplexRhythm(rr: 0.8)
        let r = BeatRecurrence.measure(x, rPeaks: Array(peaks.prefix(3)), samplingFrequency: Self.fs)
        #expect(r == .none)
    }

    @Test func aFastSineRepeatsAtItsOwnCycle() {
        // Torsades-like: 4.5 Hz waves; the cycle is theirs, not a multiple of it.
        let x = (0..<2000).map { Float(sin(2 * Double.pi * 4.5 * Double($0) / Self.fs) * (1 + 0.5 * sin(Double($0) / 300))) }
        let cycle = CycleLength.seconds(x, samplingFrequency: Self.fs)
        #expect(abs(60 / (cycle ?? 1) - 270) < 20, "rate \(60 / (cycle ?? 1))")
    }

    @Test func flatLineHasNoCycle() {
        #expect(CycleLength.seconds([Float](repeating: 0, count: 2000), samplingFrequency: Self.fs) == nil)
    }

    @Test func leakageIsLowForASineAndHighForSharpComplexes() {
        let sine = (0..<2000).map { Float(sin(2 * Double.pi * 5 * Double($0) / Self.fs)) }
        #expect(VFFilterLeakage.leakage(sine) < 0.1)
        let (complexes, _) = Self.wideComplexRhythm(rr: 0.8)
        // Narrow spikes on a flat line leak through the notch.
        var spikes = [Float](repeating: 0, count: 2000)
        for p in stride(from: 100, to: 2000, by: 200) { spikes[p] = 1; spikes[p + 1] = 0.5 }
        #expect(VFFilterLeakage.leakage(spikes) > 0.8)
        #expect(VFFilterLeakage.leakage(complexes) > VFFilterLeakage.leakage(sine))
        #expect(VFFilterLeakage.leakage([]) == 1)
    }

    @Test func recurringWideBeatsBelow150AreNotShocked() {
        // A wide-complex rhythm at 110/min, rounded and slope-free: not an arrest rhythm.
        let (x, peaks) = Self.wideComplexRhythm(rr: 0.55)
        let result = RhythmClassifier().classifyStrip(x, samplingFrequency: Self.fs, rPeaks: peaks)
        #expect(!ShockableEvaluation.isShockable(result), "named \(result.rhythmID ?? "-")")
    }
}
