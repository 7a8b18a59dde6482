import ArgumentParser
import ECGSignal
import ECGSynth
import Foundation
import RhythmLibrary

/// `rhythmstrip synth`: a labelled synthetic strip of one rhythm or a sequence.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Synthesize a labelled ECG strip (lead II) of any rhythm in the library.",
        discussion: """
            Writes a WFDB record (NAME.hea, NAME.dat) and reference annotations (NAME.atr):
            every QRS with its MIT code (N, V, A, L, R, /, E, j), P waves (p), pacemaker
            spikes (^), VF onset and end ([ ]), and a rhythm label (+ with aux "(ID") at
            the start of each rhythm. The same seed always gives the same files.

            Examples:
              rhythmstrip synth --rhythm afib --seconds 60 --fs 360 --seed 7 --out out/af1
              rhythmstrip synth --rhythm mobitz1 --snr 18 --noise wander,muscle --out out/w1
              rhythmstrip synth --sequence "nsr:20,vt:10,vf:30" --out out/code1
            """
    )

    @Option(help: ArgumentHelp("Rhythm id or alias (see `rhythmstrip rhythms`).", valueName: "id"))
    var rhythm: String?

    @Option(help: ArgumentHelp("Rhythms one after another, as ID:SECONDS,ID:SECONDS,...", valueName: "list"))
    var sequence: String?

    @Option(help: "Duration in seconds (with --rhythm).")
    var seconds: Double = 60

    @Option(name: .customLong("fs"), help: "Sampling frequency in Hz, 100-2000.")
    var samplingFrequency: Double = 360

    @Option(help: "Seed of the pseudo-random generator; the same seed gives identical files.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Ventricular rate per minute, within the rhythm's criteria (default: random within the definition).", valueName: "bpm"))
    var rate: Double?

    @Option(help: ArgumentHelp("Signal-to-noise ratio in dB (default 20 when --noise is given).", valueName: "db"))
    var snr: Double?

    @Option(help: ArgumentHelp("Noise kinds, comma-separated: wander, muscle, mains, motion (default with --snr: wander,muscle).", valueName: "kinds"))
    var noise: String?

    @Option(help: "Mains frequency for mains noise, 50 or 60 Hz.")
    var mains: Double = 50

    @Option(help: "Gain in ADC units per mV (200 as in MIT-BIH, or finer).")
    var gain: Double = 200

    @Option(name: .customLong("signal-format"), help: "WFDB signal format, 16 or 212.")
    var signalFormat: Int = 16

    @Option(help: ArgumentHelp("Output file format: wfdb (or csv, once the CSV writer is available).", valueName: "wfdb|csv"))
    var format: String = "wfdb"

    @Option(help: ArgumentHelp("Output record path, DIR/NAME (writes NAME.hea, NAME.dat, NAME.atr).", valueName: "path"))
    var out: String

    @OptionGroup var library: RhythmsCommand.LibraryOptions

    func validate() throws {
        if (rhythm == nil) == (sequence == nil) {
            throw ValidationError("give either --rhythm ID or --sequence \"ID:SECONDS,...\"")
        }
        guard [16, 212].contains(signalFormat) else { throw ValidationError("--signal-format must be 16 or 212") }
        guard ["wfdb", "csv"].contains(format) else { throw ValidationError("--format must be wfdb or csv") }
    }

    func run() throws {
        guard format == "wfdb" else {
            throw ValidationError("CSV output is not available yet (it will use the shared CSV writer); use --format wfdb")
        }
        let library = try library.load()
        let parts = try sequenceParts(library)
        let name = (out as NSString).lastPathComponent
        let folder = (out as NSString).deletingLastPathComponent
        let kinds = try noiseKinds()
        let wfdbFormat: WFDBSignalFormat = signalFormat == 212 ? .format212 : .format16
        let options = SynthesisOptions(
            seed: seed, seconds: seconds, samplingFrequency: samplingFrequency, rate: rate, snr: snr,
            noise: kinds, mainsFrequency: mains, gain: gain, adcResolution: signalFormat == 212 ? 12 : 16,
            recordName: name)
        var strip = try ECGSynthesizer().synthesize(sequence: parts, options: options)
        let description = parts.map { "\($0.rhythm.id):\(ValueRange.format($0.seconds))" }.joined(separator: ",")
        strip.record.comments = [
            "rhythmstrip synth: \(description) seed \(seed)"
                + (options.effectiveSNR.map { " snr \(ValueRange.format($0)) dB" } ?? "")
                + (kinds.isEmpty ? "" : " noise " + NoiseKind.allCases.filter(kinds.contains).map(\.rawValue).joined(separator: ",")),
        ]

        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try WFDB.writeRecord(strip.record, to: out, format: wfdbFormat)
        do {
            try WFDB.writeAnnotations(strip.annotations, to: out + ".atr")
        } catch {
            // No half-written output: take the record back out.
            try? FileManager.default.removeItem(atPath: out + ".hea")
            try? FileManager.default.removeItem(atPath: out + ".dat")
            throw error
        }
        let beats = strip.annotations.filter { $0.code.isBeat }.count
        print("Wrote \(out).hea, \(out).dat, \(out).atr: \(description), "
              + "\(ValueRange.format(strip.record.duration)) s at \(ValueRange.format(samplingFrequency)) Hz, \(beats) beats")
    }

    /// The rhythms to synthesize, from --rhythm or --sequence.
    func sequenceParts(_ library: RhythmLibrary) throws -> [SequencePart] {
        if let rhythm { return [SequencePart(rhythm: try library.resolve(rhythm), seconds: seconds)] }
        var parts: [SequencePart] = []
        for item in (sequence ?? "").split(separator: ",") {
            let fields = item.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count == 2, let duration = Double(fields[1].trimmingCharacters(in: .whitespaces)), duration > 0 else {
                throw ValidationError("--sequence: '\(item)' is not ID:SECONDS (for example nsr:20)")
            }
            parts.append(SequencePart(rhythm: try library.resolve(fields[0].trimmingCharacters(in: .whitespaces)), seconds: duration))
        }
        guard !parts.isEmpty else { throw ValidationError("--sequence is empty") }
        return parts
    }

    func noiseKinds() throws -> Set<NoiseKind> {
        guard let noise else { return [] }
        var kinds: Set<NoiseKind> = []
        for name in noise.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
            guard let kind = NoiseKind(rawValue: name) else {
                throw ValidationError("--noise: unknown kind '\(name)'; use \(NoiseKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kinds.insert(kind)
        }
        return kinds
    }
}
