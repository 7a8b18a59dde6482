import ECGClassify
import ECGSignal
import ECGSynth
import RhythmLibrary
import Testing

/// Per-rhythm accuracy floors on a small synthetic sample (seeds 1...6, SNR
/// clean / 24 / 12 dB, 250 / 360 / 500 Hz), so a change that breaks one
/// rhythm fails here. The full report (100 strips per rhythm, with 6 dB) is
/// `rhythmstrip evaluate-rhythm --synthetic`.
@Suite struct StripAccuracyTests {
    static let stripsPerRhythm = 6
    static let snrs: [Double?] = [nil, 24, 12]
    static let samplingFrequencies: [Double] = [250, 360, 500]

    /// Strips (of 6) each rhythm must name right: the count measured on this
    /// sample when the floors were set, less one where it was 5 or 6 (MAT 5,
    /// CHB 6 since the beat-by-beat atrial scan and the marched-out P waves).
    static let floors: [String: Int] = [
        "afib": 5, "afib-rvr": 5, "aflutter-2to1": 4, "aflutter-4to1": 5, "aflutter-variable": 5, "aivr": 4,
        "asystole": 5, "av-block-1": 5, "av-block-2to1": 5, "chb": 5, "idioventricular": 4, "junctional": 5,
        "junctional-accel": 5, "junctional-tach": 5, "mat": 4, "mobitz1": 4, "mobitz2": 4, "nsr": 5,
        "paced-atrial": 5, "paced-av": 5, "paced-ventricular": 5, "pvc-couplets": 5, "sinus-arrhythmia": 5, "sinus-bbb": 4,
        "sinus-brady": 5, "sinus-pac": 4, "sinus-pause": 5, "sinus-pvc": 5, "sinus-tach": 5, "svt": 5,
        "torsades": 5, "vent-bigeminy": 4, "vent-trigeminy": 5, "vf-coarse": 5, "vf-fine": 5, "vt-mono": 5,
    ]

    static func rightCount(_ id: String) throws -> (right: Int, answers: [String]) {
        let definition = try RhythmLibrary.builtIn.resolve(id)
        let classifier = RhythmClassifier()
        var right = 0
        var answers: [String] = []
        for index in 0..<stripsPerRhythm {
            let snr = snrs[index % snrs.count]
            let fs = samplingFrequencies[(index / snrs.count) % samplingFrequencies.count]
            // As in the CLI report: a strip whose defining event (a PVC, a PAC,
            // a pause, a blocked P) did not occur is redrawn with another seed.
            var attempt = 0
            var ecg: SyntheticECG
            repeat {
                let seed = UInt64(index + 1 + attempt * 100_000)
                ecg = try ECGSynthesizer().synthesize(definition, options: .init(seed: seed, seconds: 10, samplingFrequency: fs, snr: snr))
                attempt += 1
            } while attempt < 8 && !SyntheticReport.showsHallmark(id, ecg.annotations, fs: fs)
            let answer = classifier.classifyStrip(ecg.record.millivolts(lead: 0), samplingFrequency: fs).rhythmID ?? "indeterminate"
            answers.append(answer)
            if answer == id { right += 1 }
        }
        return (right, answers)
    }

    @Test func everyLibraryRhythmHasAFloor() {
        let ids = Set(RhythmLibrary.builtIn.definitions.map(\.id))
        #expect(ids == Set(Self.floors.keys))
    }

    @Test(arguments: RhythmLibrary.builtIn.definitions.map(\.id))
    func holdsItsAccuracyFloor(_ id: String) throws {
        let floor = try #require(Self.floors[id])
        let (right, answers) = try Self.rightCount(id)
        #expect(right >= floor, "\(id): \(right)/\(Self.stripsPerRhythm) right, answers \(answers)")
    }
}
