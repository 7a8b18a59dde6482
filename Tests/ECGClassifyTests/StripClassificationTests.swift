import ECGClassify
import ECGSignal
import ECGSynth
import RhythmLibrary
import TestSupport
import Testing

/// A few synthetic strips per rhythm, named by the classifier (the full
/// evaluation with 100 strips per rhythm is `rhythmstrip evaluate-rhythm --synthetic`).
@Suite struct StripClassificationTests {
    static let classifier = RhythmClassifier()

    static func strip(_ id: String, seed: UInt64, snr: Double? = nil, fs: Double = 360, seconds: Double = 10) throws -> (signal: [Float], fs: Double) {
        let definition = try RhythmLibrary.builtIn.resolve(id)
        let ecg = try ECGSynthesizer().synthesize(definition, options: .init(seed: seed, seconds: seconds, samplingFrequency: fs, snr: snr))
        return (ecg.record.millivolts(lead: 0), fs)
    }

    /// Rhythms the classifier names reliably on clean strips: at least 2 of 3 seeds must be right.
    @Test(arguments: ["nsr", "sinus-brady", "junctional", "junctional-tach", "av-block-1", "torsades", "vt-mono",
                      "vent-trigeminy", "vent-bigeminy", "mobitz2", "vf-coarse", "asystole",
                      "paced-atrial", "paced-av", "paced-ventricular", "sinus-bbb", "aivr"])
    func namesCleanStrips(_ id: String) throws {
        var right = 0
        var answers: [String] = []
        for seed in UInt64(1)...3 {
            let (signal, fs) = try Self.strip(id, seed: seed)
            let result = Self.classifier.classifyStrip(signal, samplingFrequency: fs)
            answers.append(result.rhythmID ?? "indeterminate")
            if result.rhythmID == id { right += 1 }
        }
        #expect(right >= 2, "\(id): \(answers)")
    }

    @Test func measuresRateAndIntervalsOfSinusRhythm() throws {
        let (signal, fs) = try Self.strip("nsr", seed: 4)
        let m = Self.classifier.classifyStrip(signal, samplingFrequency: fs).measurements
        let rate = try #require(m.ventricularRate)
        #expect((60...100).contains(rate))
        #expect(m.regularity == .regular)
        #expect(m.atrial.pWavesFound)
        let pr = try #require(m.pr.seconds)
        #expect((0.11...0.22).contains(pr), "PR \(pr)")
        let qrs = try #require(m.qrsWidth)
        #expect((0.05...0.12).contains(qrs), "QRS \(qrs)")
        #expect(m.pacing.spikeCount == 0)
        #expect(m.ectopy.pattern == .none)
    }

    @Test func wideComplexesMeasureWide() throws {
        let (signal, fs) = try Self.strip("idioventricular", seed: 2)
        let m = Self.classifier.classifyStrip(signal, samplingFrequency: fs).measurements
        let qrs = try #require(m.qrsWidth)
        #expect(qrs >= 0.12, "QRS \(qrs)")
        #expect((m.ventricularRate ?? 0) < 45)
    }

    @Test func findsPacemakerSpikesAtLowSamplingRates() throws {
        for fs in [250.0, 360] {
            let (signal, _) = try Self.strip("paced-ventricular", seed: 3, fs: fs)
            let m = Self.classifier.classifyStrip(signal, samplingFrequency: fs).measurements
            #expect(m.pacing.ventricularSpikes >= 5, "\(fs) Hz: \(m.pacing)")
        }
        let (sinus, fs) = try Self.strip("nsr", seed: 3, snr: 12)
        #expect(Self.classifier.classifyStrip(sinus, samplingFrequency: fs).measurements.pacing.spikeCount == 0)
    }

    @Test func bigeminyIsEveryOtherBeat() throws {
        let (signal, fs) = try Self.strip("vent-bigeminy", seed: 1)
        let m = Self.classifier.classifyStrip(signal, samplingFrequency: fs).measurements
        #expect(m.ectopy.pattern == .bigeminy)
        #expect(m.ectopy.ventricularPremature >= 4)
    }

    @Test func wenckebachLengthensThePR() throws {
        let (signal, fs) = try Self.strip("mobitz1", seed: 7, seconds: 12)
        let m = Self.classifier.classifyStrip(signal, samplingFrequency: fs).measurements
        #expect(m.pr.pattern == .progressiveLengthening, "\(m.pr)")
        #expect(m.pr.droppedBeats >= 1)
        #expect((m.pToQRSRatio ?? 0) > 1.1)
    }

    @Test func arrestRhythmsNeedNoBeats() throws {
        let flat = [Float](repeating: 0, count: 2500)
        let asystole = Self.classifier.classifyStrip(flat, samplingFrequency: 250)
        #expect(asystole.rhythmID == "asystole")
        #expect(asystole.measurements.beatCount == 0)
        let (vf, fs) = try Self.strip("vf-coarse", seed: 5, snr: 24)
        let result = Self.classifier.classifyStrip(vf, samplingFrequency: fs)
        #expect(result.rhythmID == "vf-coarse", "\(result.explanation)")
        #expect(ShockableEvaluation.isShockable(result))
        #expect(!ShockableEvaluation.isShockable(asystole))
    }

    @Test func explainsInLearnersWords() throws {
        let (signal, fs) = try Self.strip("av-block-1", seed: 2)
        let result = Self.classifier.classifyStrip(signal, samplingFrequency: fs)
        let text = result.explanation.joined(separator: "\n")
        #expect(text.contains("Rate:"))
        #expect(text.contains("PR interval:"))
        #expect(text.contains("QRS:"))
        #expect(text.contains("First-degree") || text.contains("first-degree"), "\(text)")
        #expect(result.confidence > 0 && result.confidence < 1)
    }

    @Test func badInputDoesNotTrap() {
        let classifier = Self.classifier
        #expect(classifier.classifyStrip([], samplingFrequency: 360).rhythmID == nil)
        let nan = [Float](repeating: .nan, count: 3600)
        _ = classifier.classifyStrip(nan, samplingFrequency: 360)
        _ = classifier.classifyStrip([1, 2, 3], samplingFrequency: 0)
        let peaksOutside = classifier.classifyStrip([Float](repeating: 0, count: 3600), samplingFrequency: 360, rPeaks: [-5, 99_999, 100, 100])
        #expect(peaksOutside.measurements.beatCount <= 1)
    }

    @Test func sameStripSameAnswer() throws {
        let (signal, fs) = try Self.strip("afib", seed: 9, snr: 12)
        let a = Self.classifier.classifyStrip(signal, samplingFrequency: fs)
        let b = Self.classifier.classifyStrip(signal, samplingFrequency: fs)
        #expect(a == b)
    }
}

/// The figures reported with a strip agree with one another and with the rhythm named (#7).
@Suite struct ReportedFigureTests {
    static let classifier = RhythmClassifier()

    static func classify(_ id: String, seed: UInt64, snr: Double? = 24) throws -> StripClassification {
        let (signal, fs) = try StripClassificationTests.strip(id, seed: seed, snr: snr)
        return classifier.classifyStrip(signal, samplingFrequency: fs)
    }

    @Test(arguments: ["vf-coarse", "vf-fine", "asystole"])
    func arrestRhythmsClaimNoRatePWavesOrPR(_ id: String) throws {
        let result = try Self.classify(id, seed: 2, snr: nil)
        #expect(result.rhythmID == id)
        let m = result.measurements
        #expect(m.ventricularRate == nil)
        #expect(m.atrial.kind == .none && !m.atrial.pWavesFound && m.atrial.atrialRate == nil && !m.atrial.flutterWaves)
        #expect(m.pr.seconds == nil && m.pr.pattern == .notMeasurable)
        #expect(!result.explanation.contains { $0.hasPrefix("P waves:") || $0.hasPrefix("PR interval:") }, "\(result.explanation)")
    }

    @Test(arguments: UInt64(1)...4)
    func ventricularTachycardiasClaimNoAtrialWaves(_ seed: UInt64) throws {
        for id in ["torsades", "vt-mono"] {
            let result = try Self.classify(id, seed: seed)
            guard result.rhythmID == id else { continue }
            let m = result.measurements
            #expect(!m.atrial.flutterWaves && !m.atrial.fibrillatoryBaseline && m.atrial.atrialRate == nil, "\(id) \(seed): \(m.atrial)")
            #expect(m.pr.seconds == nil)
            if let width = m.qrsWidth { #expect(width >= 0.12, "\(id) \(seed): QRS \(width)") }
        }
    }

    @Test(arguments: UInt64(1)...4)
    func sinusTachycardiaAtrialRateIsTheVentricularRate(_ seed: UInt64) throws {
        let result = try Self.classify("sinus-tach", seed: seed)
        let m = result.measurements
        let rate = try #require(m.ventricularRate)
        #expect(rate > 100)
        if let atrial = m.atrial.atrialRate, m.atrial.pWavesFound {
            #expect(abs(atrial - rate) < 0.15 * rate, "atrial \(atrial) ventricular \(rate)")
        }
    }

    /// An irregular strip is described the way its rhythm is taught: AF as
    /// irregularly irregular (never "basically regular" with PACs), Wenckebach
    /// as grouped beating, Mobitz II as regular beats interrupted by dropped ones.
    @Test(arguments: ["afib", "afib-rvr", "mobitz1", "mobitz2", "sinus-pac", "sinus-arrhythmia"])
    func irregularityIsDescribedAsTheRhythmNamed(_ id: String) throws {
        let definition = try RhythmLibrary.builtIn.resolve(id)
        var named = 0
        for seed in UInt64(1)...4 {
            let result = try Self.classify(id, seed: seed)
            guard result.rhythmID == id else { continue }
            named += 1
            let m = result.measurements
            guard m.regularity != .regular else { continue }
            #expect(m.regularity.rawValue == definition.criteria.regularity.kind.rawValue, "\(id) \(seed): \(m.regularity)")
            if id.hasPrefix("afib") {
                #expect(m.ectopy.supraventricularPremature == 0, "\(id) \(seed): PACs reported in AF")
                #expect(!result.explanation.contains { $0.contains("PACs") }, "\(result.explanation)")
            }
        }
        #expect(named >= 2, "\(id) named right on only \(named) of 4 strips")
    }

    /// No write-up contradicts its own label: fibrillatory waves only with AF,
    /// flutter waves only with flutter, P waves of three shapes only with MAT.
    @Test(arguments: RhythmLibrary.builtIn.definitions.map(\.id))
    func atrialReadingAgreesWithTheRhythmNamed(_ id: String) throws {
        for seed in UInt64(1)...2 {
            for snr in [24.0, 12.0] {
                let result = try Self.classify(id, seed: seed, snr: snr)
                guard let named = result.rhythmID else { continue }
                let kind = result.measurements.atrial.kind
                let text = result.explanation.first { $0.hasPrefix("P waves:") } ?? ""
                if kind == .fibrillation || text.contains("fibrillatory") {
                    #expect(named.hasPrefix("afib"), "\(id) \(seed) \(snr) dB named \(named) reads \(text)")
                }
                if kind == .flutter || text.contains("flutter") {
                    #expect(named.hasPrefix("aflutter"), "\(id) \(seed) \(snr) dB named \(named) reads \(text)")
                }
                if kind == .multiformPWaves { #expect(named == "mat", "\(id) \(seed) \(snr) dB named \(named) reads \(text)") }
            }
        }
    }

    @Test func atrialFibrillationOnARealStripReadsIrregularlyIrregular() throws {
        guard let record = try SharedData.record("201", in: "mitdb") else { return }
        let fs = record.samplingFrequency
        let lead = Array(record.millivolts(lead: 0)[Int(120 * fs)..<Int(126 * fs)])
        let result = Self.classifier.classifyStrip(lead, samplingFrequency: fs)
        #expect(result.rhythmID == "afib")
        #expect(result.measurements.regularity == .irregularlyIrregular)
        #expect(result.measurements.ectopy.supraventricularPremature == 0)
        #expect(result.explanation.contains { $0.hasPrefix("Rhythm: irregularly irregular") }, "\(result.explanation)")
    }

    @Test(arguments: ["afib", "afib-rvr", "aflutter-4to1", "mat", "svt", "aflutter-2to1"])
    func noPRWithoutPWaves(_ id: String) throws {
        for seed in UInt64(1)...3 {
            let result = try Self.classify(id, seed: seed)
            let m = result.measurements
            if [.fibrillation, .flutter, .none].contains(m.atrial.kind) {
                #expect(m.pr.seconds == nil && m.pr.pattern == .notMeasurable, "\(id) \(seed) -> \(result.rhythmID ?? "-"): \(m.atrial.kind) with PR \(m.pr)")
                #expect(!m.atrial.pWavesFound)
            }
            if m.atrial.kind == .fibrillation { #expect(!m.atrial.flutterWaves && m.atrial.fibrillatoryBaseline) }
            if let pr = m.pr.seconds { #expect((0.06...0.6).contains(pr)) }
        }
    }
}
