import ArgumentParser
import ECGClassify
import ECGSignal
import ECGSynth
import Foundation
import RhythmLibrary

/// `rhythmstrip evaluate-rhythm`: scores the rhythm classifier on synthetic
/// strips of every library rhythm and on the annotated PhysioNet databases.
struct EvaluateRhythmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-rhythm",
        abstract: "Score the rhythm classifier: synthetic strips, MIT-BIH atrial fibrillation, vfdb shockable rhythms.",
        discussion: """
            --synthetic: for every rhythm of the library, --strips strips (seeds 1...N) at
            SNRs clean, 24, 12 and 6 dB in turn and 250/360/500 Hz; per-rhythm accuracy,
            macro accuracy per SNR and the confusion matrix.
            --mitdb DIR: atrial fibrillation episodes scored as `epicmp -a` (EC57):
            episode and duration sensitivity and positive predictivity.
            --vfdb DIR: shockable (VF, VFL, VT > 150/min) against non-shockable on
            windows, as the AHA recommends (Kerber et al. 1997).
            --mitdb-strips DIR: --strip-seconds strips every --strip-every seconds lying
            wholly inside one reference rhythm stretch, named as `classify --strip` names
            them and scored per reference rhythm by family: "(N" with every beat N must be
            named a sinus rhythm (nsr, sinus-brady, sinus-tach, sinus-arrhythmia,
            av-block-1), every beat L or R sinus-bbb, "(P" a paced rhythm; other labels as
            the MIT-BIH label table. Also: paced strips per record, and strips outside
            "(P" named paced.

            Examples:
              rhythmstrip evaluate-rhythm --synthetic --markdown report.md
              rhythmstrip evaluate-rhythm --mitdb ../shared/data/mitdb --vfdb ../shared/data/vfdb --json
              rhythmstrip evaluate-rhythm --mitdb-strips ../shared/data/mitdb --strip-seconds 10 --strip-every 60
            """
    )

    @Flag(help: "Evaluate on synthetic strips of every library rhythm.")
    var synthetic = false

    @Option(help: "Synthetic strips per rhythm.")
    var strips: Int = 100

    @Option(help: "Seconds per synthetic strip.")
    var seconds: Double = 10

    @Option(help: ArgumentHelp("Only these rhythm ids (comma-separated) in the synthetic evaluation.", valueName: "ids"))
    var only: String?

    @Option(help: ArgumentHelp("MIT-BIH Arrhythmia Database folder: score atrial fibrillation detection.", valueName: "dir"))
    var mitdb: String?

    @Option(help: ArgumentHelp("Malignant Ventricular Ectopy Database folder: score shockable-rhythm detection.", valueName: "dir"))
    var vfdb: String?

    @Option(help: ArgumentHelp("MIT-BIH-style folder (beat and rhythm labels): score real strips per reference rhythm.", valueName: "dir"))
    var mitdbStrips: String?

    @Option(help: "Length of each real strip for --mitdb-strips, seconds.")
    var stripSeconds: Double = 10

    @Option(help: "Seconds from one real strip's start to the next for --mitdb-strips.")
    var stripEvery: Double = 60

    @Option(help: "Start of the first real strip for --mitdb-strips, seconds.")
    var stripOffset: Double = 0

    @Option(help: "Analysis window in seconds for the real records.")
    var window: Double = 10

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Also write the report as Markdown to this file.", valueName: "file"))
    var markdown: String?

    @Flag(help: .hidden)
    var trace = false

    @Flag(help: .hidden)
    var traceAll = false

    func validate() throws {
        if !synthetic && mitdb == nil && vfdb == nil && mitdbStrips == nil {
            throw ValidationError("choose at least one of --synthetic, --mitdb DIR, --vfdb DIR, --mitdb-strips DIR")
        }
        guard stripSeconds.isFinite, stripSeconds >= 3, stripSeconds <= 60 else { throw ValidationError("--strip-seconds must be 3...60") }
        guard stripEvery.isFinite, stripEvery >= 1 else { throw ValidationError("--strip-every must be 1 second or more") }
        guard stripOffset.isFinite, stripOffset >= 0 else { throw ValidationError("--strip-offset must be 0 or more seconds") }
        guard strips >= 1, strips <= 10_000 else { throw ValidationError("--strips must be 1...10000") }
        guard seconds >= 4, seconds <= 60 else { throw ValidationError("--seconds must be 4...60") }
    }

    func run() throws {
        RecordMemory.keepFreedMemoryMapped()   // many records of one size, one after another
        var report = RhythmEvaluationReport()
        let classifier = RhythmClassifier()
        if synthetic {
            report.synthetic = try SyntheticStripEvaluation(
                strips: strips, seconds: seconds, only: only?.split(separator: ",").map(String.init), trace: trace || traceAll, traceAll: traceAll
            ).run(classifier: classifier)
        }
        if let mitdb {
            report.mitdb = try MITBIHAtrialFibrillationEvaluation(folder: mitdb, window: window).run(classifier: classifier)
        }
        if let vfdb {
            report.vfdb = try ShockableEvaluation(folder: vfdb, trace: trace || traceAll).run(classifier: classifier)
        }
        if let mitdbStrips {
            report.strips = try ReferenceStripEvaluation(folder: mitdbStrips, seconds: stripSeconds, every: stripEvery, offset: stripOffset)
                .run(classifier: classifier)
        }
        if json {
            print(try JSONOutput.text(report))
        } else {
            print(report.terminalText())
        }
        if let markdown {
            try Data(report.markdown().utf8).write(to: URL(fileURLWithPath: markdown), options: .atomic)
        }
    }
}

/// Synthetic strips of every rhythm, classified and counted.
struct SyntheticStripEvaluation {
    static let snrs: [Double?] = [nil, 24, 12, 6]
    static let samplingFrequencies: [Double] = [250, 360, 500]
    var strips: Int
    var seconds: Double
    var only: [String]?
    var trace: Bool
    var traceAll = false

    func run(classifier: RhythmClassifier) throws -> SyntheticReport {
        let library = RhythmLibrary.builtIn
        let definitions = try only.map { try $0.map { try library.resolve($0) } } ?? library.definitions
        var report = SyntheticReport(stripsPerRhythm: strips, seconds: seconds)
        var all = ConfusionMatrix(labels: definitions.map(\.id))
        var perSNR: [String: ConfusionMatrix] = [:]
        let synthesizer = ECGSynthesizer()
        for definition in definitions {
            for index in 0..<strips {
                let snr = Self.snrs[index % Self.snrs.count]
                let fs = Self.samplingFrequencies[(index / Self.snrs.count) % Self.samplingFrequencies.count]
                // A 10 s strip of an occasional event (a PVC, a pause) may not show
                // it; such a strip is redrawn with another seed (counted in the report).
                var attempt = 0
                var strip: SyntheticECG
                repeat {
                    let seed = UInt64(index + 1 + attempt * 100_000)
                    let options = SynthesisOptions(seed: seed, seconds: seconds, samplingFrequency: fs, snr: snr)
                    strip = try synthesizer.synthesize(definition, options: options)
                    attempt += 1
                } while attempt < 8 && !SyntheticReport.showsHallmark(definition.id, strip.annotations, fs: fs)
                report.redrawn += attempt - 1
                let result = classifier.classifyStrip(strip.record.millivolts(lead: 0), samplingFrequency: fs)
                let predicted = result.rhythmID ?? RhythmClassifier.indeterminateLabel
                all.add(reference: definition.id, predicted: predicted)
                perSNR[SyntheticReport.snrName(snr), default: ConfusionMatrix(labels: definitions.map(\.id))]
                    .add(reference: definition.id, predicted: predicted)
                if trace && (predicted != definition.id || traceAll) {
                    let m = result.measurements
                    FileHandle.standardError.write(Data("""
                        \(definition.id) seed \(index + 1) \(SyntheticReport.snrName(snr)) \(Int(fs))Hz -> \(predicted): \
                        rate \(m.ventricularRate.map { String(format: "%.0f", $0) } ?? "-") reg \(m.regularity.rawValue) \
                        atrial \(m.atrial.kind.rawValue) P \(m.atrial.pWaveCount) pBefore \(m.atrial.pWavesFound) \
                        arate \(m.atrial.atrialRate.map { String(format: "%.0f", $0) } ?? "-") fd \(String(format: "%.1f", m.atrial.dominantAtrialFrequency ?? 0)) \
                        PR \(m.pr.seconds.map { String(format: "%.2f", $0) } ?? "-") \(m.pr.pattern.rawValue) drop \(m.pr.droppedBeats) \
                        P:QRS \(m.pToQRSRatio.map { String(format: "%.2f", $0) } ?? "-") QRS \(m.qrsWidth.map { String(format: "%.3f", $0) } ?? "-") \
                        V \(m.ectopy.ventricularPremature) S \(m.ectopy.supraventricularPremature) \(m.ectopy.pattern.rawValue) \
                        spikes \(m.pacing.spikeCount)/\(m.pacing.atrialSpikes)/\(m.pacing.ventricularSpikes) q \(String(format: "%.2f", m.signalQuality.score)) \
                        arrest p2p \(String(format: "%.2f", m.arrest.peakToPeak)) f \(String(format: "%.1f", m.arrest.dominantFrequency)) \
                        conc \(String(format: "%.2f", m.arrest.spectralConcentration)) steep \(String(format: "%.4f", m.arrest.steepFraction)) \
                        flat \(String(format: "%.2f", m.arrest.flatFraction)) mod \(String(format: "%.2f", m.arrest.amplitudeModulation)) band \(String(format: "%.3f", m.arrest.bandRMS)) iso \(String(format: "%.2f", m.arrest.isoelectricFraction)) conf \(String(format: "%.2f", result.confidence))

                        """.utf8))
                }
            }
        }
        report.confusion = all
        report.bySNR = perSNR
        return report
    }
}
