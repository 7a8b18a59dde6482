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

    static let annotated: [String] = records.filter { FileManager.default.fileExists(atPath: $0 + ".atr") }

    @Test(.enabled(if: available, Comment(rawValue: SharedData.skipMessage("mitdb"))), arguments: annotated)
    func annotationFileRoundTripsByteForByte(recordPath: String) throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: recordPath + ".atr"))
        let file = try WFDB.readAnnotationFile(recordPath + ".atr")
        #expect(!file.annotations.isEmpty)
        let written = try WFDB.encodeAnnotations(file)
        if written != original {
            let index = zip(written, original).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(written.count, original.count)
            Issue.record("first difference at byte \(index) of \(original.count) (written \(written.count))")
        }
        #expect(written == original)
        #expect(try WFDB.readAnnotations(recordPath + ".atr") == file.annotations)
    }
}
