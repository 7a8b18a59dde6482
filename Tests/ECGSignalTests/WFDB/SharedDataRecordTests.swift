import Foundation
import Testing
import TestSupport
@testable import ECGSignal

/// Every PhysioNet record of ../shared/data: reads with verified checksums,
/// and writes back byte for byte.
@Suite struct SharedDataRecordTests {
    static let databases = ["mitdb", "vfdb", "nstdb"]
    static let records: [String] = databases.flatMap { database in
        SharedData.recordNames(database).map { SharedData.directory(database)!.appendingPathComponent($0).path }
    }
    static let available = SharedData.directory("mitdb") != nil

    @Test(.enabled(if: available, Comment(rawValue: SharedData.skipMessage("mitdb"))), arguments: records)
    func readsWithCountsAndChecksums(recordPath: String) throws {
        let header = try WFDB.readHeader(recordPath)
        let record = try WFDB.readRecord(recordPath)
        #expect(record.leads.count == header.signalCount)
        #expect(record.samples.allSatisfy { $0.count == header.length })
        for (index, spec) in header.signals.enumerated() {
            // The reader verifies checksums itself; check independently here.
            var sum: Int32 = 0
            for value in record.samples[index] { sum &+= value }
            #expect(Int(Int16(truncatingIfNeeded: sum)) == spec.checksum)
            #expect(record.samples[index].first.map(Int.init) == spec.initialValue)
            #expect(record.leads[index].name == spec.description)
        }
    }

    /// Each lead read alone is the lead of the whole record.
    @Test(.enabled(if: available, Comment(rawValue: SharedData.skipMessage("mitdb"))), arguments: records)
    func readsEachLeadAlone(recordPath: String) throws {
        let record = try WFDB.readRecord(recordPath)
        for lead in record.leads.indices {
            let alone = try WFDB.readRecord(recordPath, leads: [lead])
            #expect(alone.leads == [record.leads[lead]])
            #expect(alone.samples == [record.samples[lead]])
        }
    }

    @Test(.enabled(if: available, Comment(rawValue: SharedData.skipMessage("mitdb"))), arguments: records)
    func signalFileRoundTripsByteForByte(recordPath: String) throws {
        let header = try WFDB.readHeader(recordPath)
        let record = try WFDB.readRecord(recordPath)
        let format = header.signals[0].format
        let (written, data) = try WFDB.encode(record, name: header.recordName, format: format)
        let original = try Data(contentsOf: URL(fileURLWithPath: recordPath + ".dat"))
        #expect(data == original)
        #expect(written.signals.map(\.checksum) == header.signals.map(\.checksum))
        // And the written header reads back as the same record.
        let reparsed = try WFDBHeader(parsing: Array(written.text.utf8), path: "written.hea")
        #expect(reparsed == written)
    }

    /// Every annotation file of the shared records (`.atr`, and vfdb 611's `.qrs`).
    static let annotationFiles: [String] = records.flatMap { WFDB.annotationFiles(beside: $0) }

    @Test(.enabled(if: available, Comment(rawValue: SharedData.skipMessage("mitdb"))), arguments: annotationFiles)
    func annotationFileRoundTripsByteForByte(path: String) throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let file = try WFDB.readAnnotationFile(path)
        #expect(!file.annotations.isEmpty)
        let written = try WFDB.encodeAnnotations(file)
        if written != original {
            let index = zip(written, original).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(written.count, original.count)
            Issue.record("first difference at byte \(index) of \(original.count) (written \(written.count))")
        }
        #expect(written == original)
        #expect(try WFDB.readAnnotations(path) == file.annotations)
    }
}

/// Annotation counts per code and rhythm labels of every shared record.
@Suite struct SharedDataAnnotationTests {
    /// Rhythm labels and beat codes each database's `.atr` files hold: the
    /// lists of ../shared/data/README.md, plus what it leaves out and the files
    /// contain (vfdb `(VFIB` and `(NSR`; mitdb 207's ventricular flutter waves
    /// `!`, which `isqrs` counts as QRS complexes).
    static let documented: [String: (labels: Set<String>, codes: Set<String>)] = [
        "mitdb": (["(N", "(AFIB", "(AFL", "(B", "(T", "(VT", "(SVTA", "(NOD", "(BII", "(IVR", "(P", "(PREX", "(SBR", "(VFL", "(AB"],
                  ["N", "L", "R", "V", "A", "/", "f", "F", "j", "a", "E", "J", "Q", "e", "S", "!"]),
        "vfdb": (["(N", "(VT", "(VFL", "(VF", "(ASYS", "(NOISE", "(AFIB", "(SVTA", "(B", "(BI", "(HGEA", "(NOD", "(PM", "(VER", "(SBR", "(VFIB", "(NSR"], []),
    ]

    static let databases = ["mitdb", "vfdb", "nstdb"].filter { SharedData.directory($0) != nil }

    @Test(.enabled(if: SharedData.directory("mitdb") != nil, Comment(rawValue: SharedData.skipMessage("mitdb"))),
          arguments: ["mitdb", "vfdb"])
    func labelsAndBeatCodesAreTheDocumentedOnes(database: String) throws {
        guard let folder = SharedData.directory(database), let expected = Self.documented[database] else { return }
        var labelsSeen = Set<String>()
        for name in SharedData.recordNames(database) {
            let annotations = try WFDB.readAnnotations(folder.appendingPathComponent(name + ".atr").path)
            let labels = Set(annotations.filter { $0.code == .rhythmChange }.compactMap(\.auxText))
            #expect(labels.isSubset(of: expected.labels), "\(name): \(labels.subtracting(expected.labels))")
            labelsSeen.formUnion(labels)
            let beats = Set(annotations.filter(\.code.isBeat).map(\.code.mnemonic))
            if database == "mitdb" {
                #expect(beats.isSubset(of: expected.codes), "\(name): \(beats.subtracting(expected.codes))")
                #expect(annotations.filter(\.code.isBeat).count > 1000, "\(name)")
            } else {
                #expect(beats.isEmpty, "\(name): the vfdb reference annotations hold no beats")
            }
        }
        #expect(labelsSeen.count >= 5)
    }

    @Test(.enabled(if: SharedData.directory("mitdb") != nil && WFDBPython.isAvailable,
                   "skipped: needs ../shared/data and python3 with wfdb"),
          arguments: databases)
    func countsPerCodeAndLabelsMatchWFDBPython(database: String) throws {
        struct Summary: Decodable {
            var count: Int
            var counts: [String: Int]
            var labels: [String]
        }
        let folder = try #require(SharedData.directory(database))
        let python = try JSONDecoder().decode([String: Summary].self, from: WFDBPython.run(["summary", folder.path]))
        #expect(!python.isEmpty)
        for (name, expected) in python {
            let annotations = try WFDB.readAnnotations(folder.appendingPathComponent(name + ".atr").path)
            var counts: [String: Int] = [:]
            for annotation in annotations { counts[annotation.code.mnemonic, default: 0] += 1 }
            #expect(annotations.count == expected.count, "\(name)")
            #expect(counts == expected.counts, "\(name)")
            let labels = Set(annotations.filter { $0.code == .rhythmChange }.compactMap(\.auxText))
            #expect(labels.sorted() == expected.labels, "\(name)")
        }
    }
}
