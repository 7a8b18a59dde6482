import ECGSignal
import Foundation
import PropertyBased
import RhythmLibrary
import Testing
@testable import ECGSynth

@Suite struct ECGSynthesizerTests {
    let library = RhythmLibrary.builtIn

    func strip(_ id: String, _ options: SynthesisOptions) throws -> SyntheticECG {
        try ECGSynthesizer().synthesize(try library.resolve(id), options: options)
    }

    @Test func sameSeedGivesIdenticalOutput() async throws {
        let ids = library.definitions.map(\.id)
        await propertyCheck(input: Gen.int(in: 0...10_000), Gen.int(in: 0...(ids.count - 1))) { seed, index in
            let options = SynthesisOptions(seed: UInt64(seed), seconds: 4, samplingFrequency: 250, snr: 12, noise: Set(NoiseKind.allCases))
            let first = try? strip(ids[index], options)
            let second = try? strip(ids[index], options)
            #expect(first != nil)
            #expect(first?.record == second?.record)
            #expect(first?.annotations == second?.annotations)
        }
    }

    @Test func differentSeedsGiveDifferentStrips() throws {
        for id in library.definitions.map(\.id) {
            let a = try strip(id, SynthesisOptions(seed: 1, seconds: 8, samplingFrequency: 250))
            let b = try strip(id, SynthesisOptions(seed: 2, seconds: 8, samplingFrequency: 250))
            #expect(a.record.samples != b.record.samples, "\(id): seeds 1 and 2 give the same strip")
        }
    }

    @Test(arguments: [100.0, 125, 250, 360, 500, 1000, 2000])
    func anySamplingFrequency(fs: Double) throws {
        let seconds = 12.0
        let nsr = try strip("nsr", SynthesisOptions(seed: 3, seconds: seconds, samplingFrequency: fs))
        #expect(nsr.record.length == Int(seconds * fs))
        #expect(nsr.record.samplingFrequency == fs)
        #expect(nsr.record.leads.map(\.name) == ["II"])
        #expect(nsr.record.leads[0].gain == 200)
        // Beat times do not depend on the sampling frequency.
        let reference = try strip("nsr", SynthesisOptions(seed: 3, seconds: seconds, samplingFrequency: 500))
        let times = { (s: SyntheticECG) in s.annotations.filter { $0.code.isBeat }.map { Double($0.sample) / s.record.samplingFrequency } }
        #expect(times(nsr).count == times(reference).count)
        for (a, b) in zip(times(nsr), times(reference)) { #expect(abs(a - b) <= 1 / fs + 1 / 500) }
        // R waves keep their height (within a sample's worth of smoothing at 100 Hz).
        let peaks = nsr.annotations.filter { $0.code.isBeat }.map { nsr.cleanMillivolts[$0.sample] }
        #expect(peaks.allSatisfy { $0 > 0.5 })
    }

    @Test func rejectsUnsupportedRequests() throws {
        #expect(throws: SynthesisError.self) { try strip("nsr", SynthesisOptions(samplingFrequency: 50)) }
        #expect(throws: SynthesisError.self) { try strip("nsr", SynthesisOptions(samplingFrequency: 4000)) }
        #expect(throws: SynthesisError.self) { try strip("nsr", SynthesisOptions(seconds: 0)) }
        #expect(throws: SynthesisError.self) { try strip("nsr", SynthesisOptions(seconds: .nan)) }
        #expect(throws: SynthesisError.self) { try strip("nsr", SynthesisOptions(rate: 130)) }
        #expect(throws: SynthesisError.self) { try strip("vf-coarse", SynthesisOptions(rate: 100)) }
        #expect(throws: SynthesisError.self) { try strip("nsr", SynthesisOptions(snr: .infinity)) }
        #expect(throws: SynthesisError.self) { try strip("nsr", SynthesisOptions(mainsFrequency: 55)) }
        #expect(throws: SynthesisError.self) { try strip("nsr", SynthesisOptions(seconds: 1e7)) }
    }

    @Test(arguments: [("nsr", 72.0), ("sinus-tach", 140), ("afib-rvr", 150), ("chb", 35), ("vt-mono", 180),
                      ("aflutter-2to1", 150), ("av-block-2to1", 40), ("paced-ventricular", 70), ("junctional", 45)])
    func rateOverrideSetsTheVentricularRate(id: String, rate: Double) throws {
        let result = try strip(id, SynthesisOptions(seed: 5, seconds: 60, samplingFrequency: 250, rate: rate))
        let beats = result.annotations.filter { $0.code.isBeat }
        let measured = 60 * Double(beats.count - 1) / (Double(beats.last!.sample - beats.first!.sample) / 250)
        #expect(abs(measured - rate) / rate < 0.06, "\(id): asked \(rate)/min, measured \(measured)")
    }

    @Test(arguments: [0.0, 6, 12, 24])
    func noiseMeetsTheRequestedSNR(snr: Double) throws {
        for kinds in [Set([NoiseKind.wander]), [.muscle], [.mains], [.motion], Set(NoiseKind.allCases)] {
            let result = try strip("nsr", SynthesisOptions(seed: 4, seconds: 20, samplingFrequency: 500, snr: snr, noise: kinds, gain: 2000))
            let noisy = result.record.millivolts(lead: 0)
            let clean = result.cleanMillivolts
            let signalPower = Self.power(clean)
            let noisePower = Self.power(zip(noisy, clean).map { $0 - $1 })
            let measured = 10 * log10(signalPower / noisePower)
            #expect(abs(measured - snr) < 0.3, "\(kinds): SNR \(measured) dB, asked \(snr)")
        }
    }

    @Test(arguments: [50.0, 60])
    func mainsNoiseIsAtTheMainsFrequency(mains: Double) throws {
        let result = try strip("asystole", SynthesisOptions(seed: 2, seconds: 4, samplingFrequency: 1000, snr: 0, noise: [.mains], mainsFrequency: mains))
        let noise = zip(result.record.millivolts(lead: 0), result.cleanMillivolts).map { Double($0 - $1) }
        func power(at f: Double) -> Double {
            var re = 0.0, im = 0.0
            for (n, x) in noise.enumerated() { re += x * cos(2 * .pi * f * Double(n) / 1000); im += x * sin(2 * .pi * f * Double(n) / 1000) }
            return re * re + im * im
        }
        #expect(power(at: mains) > 50 * power(at: mains == 50 ? 60 : 50))
    }

    @Test func sequenceJoinsRhythmsCleanly() throws {
        let parts = try [("nsr", 10.0), ("vt", 8), ("vf", 10), ("asystole", 6)].map {
            SequencePart(rhythm: try library.resolve($0.0), seconds: $0.1)
        }
        let fs = 360.0
        let result = try ECGSynthesizer().synthesize(sequence: parts, options: SynthesisOptions(seed: 7, samplingFrequency: fs))
        #expect(result.record.length == Int(34 * fs))
        let changes = result.annotations.filter { $0.code == .rhythmChange }
        #expect(changes.map(\.auxText) == ["(nsr", "(vt-mono", "(vf-coarse", "(asystole"])
        #expect(changes.map(\.sample) == [0, Int(10 * fs), Int(18 * fs), Int(28 * fs)])
        #expect(result.segments.map(\.id) == ["nsr", "vt-mono", "vf-coarse", "asystole"])
        let beats = result.annotations.filter { $0.code.isBeat }
        // Each beat lies in its own rhythm's segment, with the right code.
        for beat in beats {
            let time = Double(beat.sample) / fs
            if time < 10 { #expect(beat.code == .normal) } else if time < 18 { #expect(beat.code == .pvc) } else {
                Issue.record("a beat during VF or asystole at \(time) s")
            }
        }
        // No two beats closer than 0.25 s, across the joins too.
        for (a, b) in zip(beats, beats.dropFirst()) { #expect(Double(b.sample - a.sample) / fs >= 0.25) }
        #expect(result.annotations.filter { $0.code == .flutterStart }.map(\.sample) == [Int(18 * fs)])
        // The VF wave fades out into asystole: the last second is quiet.
        let tail = result.cleanMillivolts[Int(29 * fs)...]
        #expect(tail.max()! - tail.min()! < 0.2)
    }

    @Test func annotationsAreSortedAndInsideTheStrip() throws {
        for definition in library.definitions {
            let result = try ECGSynthesizer().synthesize(definition, options: SynthesisOptions(seed: 11, seconds: 7.3, samplingFrequency: 257, snr: 10, noise: [.motion]))
            let samples = result.annotations.map(\.sample)
            #expect(samples == samples.sorted())
            #expect(samples.allSatisfy { $0 >= 0 && $0 < result.record.length })
        }
    }

    @Test func format212RangeIsRespected() throws {
        let result = try strip("vf-coarse", SynthesisOptions(seed: 1, seconds: 5, samplingFrequency: 250, snr: -10, noise: [.motion], adcResolution: 12))
        #expect(result.record.samples[0].allSatisfy { $0 >= -2047 && $0 <= 2047 })
    }

    static func power(_ values: [Float]) -> Double {
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        return values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
    }
}
