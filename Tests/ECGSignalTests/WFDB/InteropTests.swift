import Foundation
import Testing
import TestSupport
@testable import ECGSignal

/// Files we write read the same in wfdb-python (`wfdb.rdrecord`, `wfdb.rdann`),
/// and files wfdb-python writes read the same here. Skipped when python3 with
/// the `wfdb` package is not installed.
@Suite(.enabled(if: WFDBPython.isAvailable, "skipped: python3 with the wfdb package is not installed (pip install wfdb)"))
struct InteropTests {
    /// A record with two leads of odd length (a partial 212 group at the end).
    static func record(length: Int = 999) -> ECGRecord {
        let samples = ReferenceEncoder.samples(leads: 2, length: length, format: .format212, seed: 3)
        return ECGRecord(
            name: "interop", samplingFrequency: 360,
            leads: [
                Lead(name: "MLII", units: "mV", gain: 200, baseline: 1024, adcResolution: 12, adcZero: 0),
                Lead(name: "V1", units: "mV", gain: 150.5, baseline: -3, adcResolution: 12, adcZero: 0),
            ],
            samples: samples, comments: ["written by RhythmStrip"]
        )
    }

    static let annotations: [Annotation] = [
        Annotation(sample: 5, code: .rhythmChange, auxText: "(N"),
        Annotation(sample: 90, code: .normal),
        Annotation(sample: 400, code: .pvc, subtype: 2, channel: 1, num: 3),
        Annotation(sample: 401, code: .noise, subtype: -1),
        Annotation(sample: 3000, code: .rhythmChange, auxText: "(AFIB"),   // SKIP: > 1023 samples later
        Annotation(sample: 3001, code: .atrialPremature, num: -2),
        Annotation(sample: 3002, code: .note, auxText: "odd"),
    ]

    @Test(arguments: [WFDBSignalFormat.format212, .format16])
    func wfdbPythonReadsWhatWeWrite(format: WFDBSignalFormat) throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = Self.record()
        try WFDB.writeRecord(record, to: folder.appendingPathComponent("interop").path, format: format)
        try WFDB.writeAnnotations(Self.annotations, to: folder.appendingPathComponent("interop.atr").path)

        let result = try WFDBPython.read(folder: folder, name: "interop", annotator: "atr")
        #expect(result.fs == 360)
        #expect(result.sig_len == record.length)
        #expect(result.sig_name == ["MLII", "V1"])
        #expect(result.units == ["mV", "mV"])
        #expect(result.adc_gain == [200, 150.5])
        #expect(result.baseline == [1024, -3])
        #expect(result.fmt == [String(format.rawValue), String(format.rawValue)])
        #expect(result.samples == record.samples.map { $0.map(Int.init) })
        let annotations = try #require(result.annotations)
        #expect(annotations.sample == Self.annotations.map(\.sample))
        #expect(annotations.symbol == Self.annotations.map(\.code.mnemonic))
        #expect(annotations.subtype == Self.annotations.map { Int($0.subtype) })
        #expect(annotations.chan == Self.annotations.map { Int($0.channel) })
        #expect(annotations.num == Self.annotations.map { Int($0.num) })
        #expect(annotations.aux_note == Self.annotations.map { $0.auxText ?? "" })
    }

    @Test(arguments: [WFDBSignalFormat.format16, .format24, .format32, .format80, .format212])
    func weReadWhatWFDBPythonWrites(format: WFDBSignalFormat) throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let samples = ReferenceEncoder.samples(leads: 3, length: 501, format: format, seed: 11)
        let values: [String: Any] = [
            "fs": 250, "names": ["I", "II", "III"], "units": ["mV", "mV", "mV"],
            "gains": [200, 200, 100], "baselines": [0, 0, 5],
            "samples": samples.map { $0.map(Int.init) },
        ]
        let valuesFile = folder.appendingPathComponent("values.json")
        try JSONSerialization.data(withJSONObject: values).write(to: valuesFile)
        try WFDBPython.run(["write", folder.path, "py", String(format.rawValue), valuesFile.path])

        let record = try WFDB.readRecord(folder.appendingPathComponent("py").path)
        #expect(record.samples == samples)
        #expect(record.samplingFrequency == 250)
        #expect(record.leads.map(\.name) == ["I", "II", "III"])
        #expect(record.leads.map(\.gain) == [200, 200, 100])
        #expect(record.leads.map(\.baseline) == [0, 0, 5])
    }

    /// Formats wfdb-python reads but cannot write: files from the reference
    /// encoder must read the same in wfdb-python and here.
    @Test(arguments: [WFDBSignalFormat.format8, .format61, .format160, .format310, .format311])
    func wfdbPythonAgreesOnFormatsItCannotWrite(format: WFDBSignalFormat) throws {
        let folder = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let samples = ReferenceEncoder.samples(leads: 2, length: 301, format: format, seed: 5)
        let header = ReferenceEncoder.header(name: "ref", leads: samples, format: format)
        let fileOrder = format == .format8
            ? ReferenceEncoder.differences(samples, initialValues: samples.map { $0[0] })
            : ReferenceEncoder.fileOrder(samples)
        try Data(header.text.utf8).write(to: folder.appendingPathComponent("ref.hea"))
        try Data(ReferenceEncoder.encode(fileOrder, format: format)).write(to: folder.appendingPathComponent("ref.dat"))

        let python = try WFDBPython.read(folder: folder, name: "ref")
        #expect(python.samples == samples.map { $0.map(Int.init) })
        let record = try WFDB.readRecord(folder.appendingPathComponent("ref").path)
        #expect(record.samples == samples)
    }
}

/// Runs Tests/Interop/wfdb_interop.py.
enum WFDBPython {
    static let script = PackageRoot.url.appendingPathComponent("Tests/Interop/wfdb_interop.py").path

    static let isAvailable: Bool = (try? run(["-c", "import wfdb"], script: false)) != nil

    struct Annotations: Decodable {
        var sample: [Int]
        var symbol: [String]
        var subtype: [Int]
        var chan: [Int]
        var num: [Int]
        var aux_note: [String]
    }

    struct Record: Decodable {
        var fs: Double
        var sig_len: Int
        var sig_name: [String]
        var units: [String]
        var adc_gain: [Double]
        var baseline: [Int]
        var fmt: [String]
        var samples: [[Int]]
        var annotations: Annotations?
    }

    static func read(folder: URL, name: String, annotator: String? = nil) throws -> Record {
        let output = try run(["read", folder.path, name] + (annotator.map { [$0] } ?? []))
        return try JSONDecoder().decode(Record.self, from: output)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    @discardableResult
    static func run(_ arguments: [String], script useScript: Bool = true) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + (useScript ? [script] : []) + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 \(arguments.joined(separator: " ")) failed: \(errorText)")
        }
        return data
    }
}
