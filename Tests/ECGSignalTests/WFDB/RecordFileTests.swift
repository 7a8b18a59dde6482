import Foundation
import Testing
@testable import ECGSignal

/// Reading and writing records as files: naming, bad input, multi-segment records.
@Suite struct RecordFileTests {
    static let record = ECGRecord(
        name: "rec", samplingFrequency: 360,
        leads: [Lead(name: "MLII", gain: 200, baseline: 1024, adcResolution: 11, adcZero: 1024), Lead(name: "V1", units: "uV", gain: 0.2)],
        samples: [[1024, 1100, 900, 1024, 2047], [0, -5, 7, 300, -2048]],
        comments: ["a comment"]
    )

    @Test(arguments: [WFDBSignalFormat.format212, .format16])
    func writesAndReadsBackByNameOrHeaderPath(format: WFDBSignalFormat) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try WFDB.writeRecord(Self.record, to: folder.path("rec"), format: format)
        #expect(folder.files() == ["rec.dat", "rec.hea"])
        #expect(try WFDB.readRecord(folder.path("rec")) == Self.record)
        #expect(try WFDB.readRecord(folder.path("rec.hea")) == Self.record)
        let header = try WFDB.readHeader(folder.path("rec"))
        #expect(header.signals.map(\.format) == [format, format])
        #expect(header.signals[0].adcResolution == 11)
    }

    @Test func missingFilesAreNamed() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let missingHeader = #expect(throws: ECGSignalError.self) { try WFDB.readRecord(folder.path("none")) }
        #expect(missingHeader?.description == "\(folder.path("none.hea")): no such file")
        try folder.write("r.hea", "r 1 360 10\nr.dat 16\n")
        let missingSignals = #expect(throws: ECGSignalError.self) { try WFDB.readRecord(folder.path("r")) }
        #expect(missingSignals?.path == folder.path("r.dat"))
        #expect(missingSignals?.reason == "no such file")
    }

    @Test func truncatedSignalFileIsReportedWithItsSize() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try WFDB.writeRecord(Self.record, to: folder.path("rec"), format: .format212)
        let data = try Data(contentsOf: URL(fileURLWithPath: folder.path("rec.dat")))
        try data.prefix(10).write(to: URL(fileURLWithPath: folder.path("rec.dat")))
        let error = #expect(throws: ECGSignalError.self) { try WFDB.readRecord(folder.path("rec")) }
        #expect(error?.path == folder.path("rec.dat"))
        #expect(error?.location == .byteOffset(10))
        #expect(error?.reason.contains("truncated") == true)
        #expect(error?.reason.contains("5 samples per signal") == true)
    }

    @Test func emptySignalFileIsTruncated() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("e.hea", "e 1 360 10\ne.dat 16\n")
        try folder.write("e.dat", [UInt8]())
        let error = #expect(throws: ECGSignalError.self) { try WFDB.readRecord(folder.path("e")) }
        #expect(error?.location == .byteOffset(0))
    }

    /// Format 212 with two signals takes the decoder's sums, format 16 sums
    /// after decoding: both report the mismatch.
    @Test(arguments: [WFDBSignalFormat.format212, .format16])
    func checksumMismatchNamesTheSignal(format: WFDBSignalFormat) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try WFDB.writeRecord(Self.record, to: folder.path("rec"), format: format)
        var header = try WFDB.readHeader(folder.path("rec"))
        header.signals[1].checksum = (header.signals[1].checksum ?? 0) + 1
        try folder.write("rec.hea", header.text)
        let error = #expect(throws: ECGSignalError.self) { try WFDB.readRecord(folder.path("rec")) }
        #expect(error?.path == folder.path("rec.hea"))
        #expect(error?.location == .line(3))
        #expect(error?.reason.contains("checksum mismatch for signal 1 (V1) in rec.dat") == true)
    }

    /// Reading some leads gives the whole record's leads in the order asked,
    /// in every format and on the two-signal format-212 path that stores
    /// only the kept signal.
    @Test(arguments: [WFDBSignalFormat.format212, .format16],
          [[0], [1], [1, 0], [0, 1], [1, 1]])
    func readsSelectedLeads(format: WFDBSignalFormat, leads: [Int]) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Long enough for the decoder's eight-frame steps and an odd tail.
        var record = Self.record
        record.samples = [(0..<37).map { Int32($0 * 53 % 2000) - 900 }, (0..<37).map { Int32($0 * 29 % 300) - 150 }]
        try WFDB.writeRecord(record, to: folder.path("rec"), format: format)
        let whole = try WFDB.readRecord(folder.path("rec"))
        let some = try WFDB.readRecord(folder.path("rec"), leads: leads)
        #expect(some.leads == leads.map { whole.leads[$0] })
        #expect(some.samples == leads.map { whole.samples[$0] })
        #expect(some.name == whole.name)
        #expect(some.samplingFrequency == whole.samplingFrequency)
        #expect(some.comments == whole.comments)
    }

    /// The checksum of a lead left out is still verified.
    @Test(arguments: [WFDBSignalFormat.format212, .format16], [0, 1])
    func checksumOfALeadLeftOutIsVerified(format: WFDBSignalFormat, wrongSignal: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try WFDB.writeRecord(Self.record, to: folder.path("rec"), format: format)
        var header = try WFDB.readHeader(folder.path("rec"))
        header.signals[wrongSignal].checksum = (header.signals[wrongSignal].checksum ?? 0) + 1
        try folder.write("rec.hea", header.text)
        let error = #expect(throws: ECGSignalError.self) { try WFDB.readRecord(folder.path("rec"), leads: [1 - wrongSignal]) }
        #expect(error?.path == folder.path("rec.hea"))
        #expect(error?.reason.contains("checksum mismatch for signal \(wrongSignal)") == true)
    }

    /// A skewed signal read alone is shifted and padded as in the whole record.
    @Test func readsSelectedLeadsOfASkewedRecord() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try WFDB.writeRecord(Self.record, to: folder.path("rec"), format: .format212)
        var header = try WFDB.readHeader(folder.path("rec"))
        header.signals[1].skew = 2
        try folder.write("rec.hea", header.text)
        let whole = try WFDB.readRecord(folder.path("rec"))
        #expect(whole.samples[1].prefix(3) == Self.record.samples[1].dropFirst(2))
        for lead in 0..<2 {
            #expect(try WFDB.readRecord(folder.path("rec"), leads: [lead]).samples == [whole.samples[lead]])
        }
    }

    @Test func aLeadTheRecordLacksIsAnErrorNamingTheHeader() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try WFDB.writeRecord(Self.record, to: folder.path("rec"), format: .format212)
        for leads in [[2], [0, -1]] {
            let error = #expect(throws: ECGSignalError.self) { try WFDB.readRecord(folder.path("rec"), leads: leads) }
            #expect(error?.description == "\(folder.path("rec.hea")): no lead \(leads.last!); the record has 2 (0…1)")
        }
        try folder.write("none.hea", "none 0 360 0\n")
        let error = #expect(throws: ECGSignalError.self) { try WFDB.readRecord(folder.path("none"), leads: [0]) }
        #expect(error?.reason == "the record has no signals")
    }

    @Test func lengthIsTakenFromTheFileWhenTheHeaderOmitsIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("n.hea", "n 2 100\nn.dat 16\nn.dat 16\n")
        try folder.write("n.dat", [1, 0, 2, 0, 3, 0, 4, 0, 5])   // two frames and a stray byte
        let record = try WFDB.readRecord(folder.path("n"))
        #expect(record.samples == [[1, 3], [2, 4]])
    }

    @Test func failedWritesLeaveNoFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var record = Self.record
        record.samples[0][2] = 5000   // does not fit format 212
        #expect(throws: ECGSignalError.self) { try WFDB.writeRecord(record, to: folder.path("bad"), format: .format212) }
        #expect(throws: ECGSignalError.self) { try WFDB.writeRecord(record, to: folder.path("no/such/folder/x")) }
        #expect(throws: ECGSignalError.self) { try WFDB.writeRecord(record, to: folder.path("has space")) }
        #expect(folder.files().isEmpty)
    }

    @Test func readsFixedLayoutMultiSegmentRecordsWithNullSegments() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = ECGRecord(name: "s1", samplingFrequency: 360, leads: [Lead(name: "I"), Lead(name: "II")], samples: [[1, 2, 3], [4, 5, 6]])
        let second = ECGRecord(name: "s2", samplingFrequency: 360, leads: [Lead(name: "I"), Lead(name: "II")], samples: [[7, 8], [9, 10]])
        try WFDB.writeRecord(first, to: folder.path("s1"), format: .format212)
        try WFDB.writeRecord(second, to: folder.path("s2"), format: .format16)
        try folder.write("multi.hea", "multi/3 2 360 7\ns1 3\n~ 2\ns2 2\n")
        let record = try WFDB.readRecord(folder.path("multi"))
        let gap = WFDB.invalidSample
        #expect(record.samples == [[1, 2, 3, gap, gap, 7, 8], [4, 5, 6, gap, gap, 9, 10]])
        #expect(record.leads.map(\.name) == ["I", "II"])
        let secondLead = try WFDB.readRecord(folder.path("multi"), leads: [1])
        #expect(secondLead.samples == [record.samples[1]])
        #expect(secondLead.leads.map(\.name) == ["II"])
    }

    @Test func readsVariableLayoutMultiSegmentRecords() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // The layout wants II then I at gain 200; segment 2 has only I, at gain 100.
        try folder.write("layout.hea", "layout 2 360 0\n~ 0 200(0)/mV 12 0 0 0 0 II\n~ 0 200(0)/mV 12 0 0 0 0 I\n")
        try WFDB.writeRecord(ECGRecord(name: "a", samplingFrequency: 360, leads: [Lead(name: "I"), Lead(name: "II")], samples: [[1, 2], [3, 4]]), to: folder.path("a"))
        try WFDB.writeRecord(ECGRecord(name: "b", samplingFrequency: 360, leads: [Lead(name: "I", gain: 100)], samples: [[5, -6]]), to: folder.path("b"))
        try folder.write("v.hea", "v/3 2 360 4\nlayout 0\na 2\nb 2\n")
        let record = try WFDB.readRecord(folder.path("v"))
        #expect(record.leads.map(\.name) == ["II", "I"])
        #expect(record.samples == [[3, 4, WFDB.invalidSample, WFDB.invalidSample], [1, 2, 10, -12]])
    }

    @Test func segmentLengthDisagreementIsAnError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try WFDB.writeRecord(ECGRecord(name: "a", samplingFrequency: 360, leads: [Lead(name: "I")], samples: [[1, 2]]), to: folder.path("a"))
        try folder.write("m.hea", "m/1 1 360 5\na 5\n")
        let error = #expect(throws: ECGSignalError.self) { try WFDB.readRecord(folder.path("m")) }
        #expect(error?.location == .line(2))
    }

    @Test func annotationFilesBesideARecordAreFound() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try WFDB.writeRecord(Self.record, to: folder.path("rec"))
        try WFDB.writeAnnotations([Annotation(sample: 1, code: .normal)], to: folder.path("rec.atr"))
        try WFDB.writeAnnotations([Annotation(sample: 2, code: .pvc)], to: folder.path("rec.qrs"))
        try folder.write("rec.txt", "notes")
        try folder.write("rec.bad", [0x01])
        try folder.write("record2.atr", [0, 0])
        #expect(WFDB.annotationFiles(beside: folder.path("rec")) == [folder.path("rec.atr"), folder.path("rec.qrs")])
    }
}

extension RecordFileTests {
    @Test func hugeNullSegmentsAreRejectedBeforeAllocating() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("g.hea", "g/1 1 360 2000000000\n~ 2000000000\n")
        let error = #expect(throws: ECGSignalError.self) { try WFDB.readRecord(folder.path("g")) }
        #expect(error?.location == .line(2))
        try folder.write("h.hea", "h/3 1 360 5\n~ 9223372036854775807\n~ 9223372036854775807\n~ 2\n")
        #expect(throws: ECGSignalError.self) { try WFDB.readRecord(folder.path("h")) }
    }
}

extension RecordFileTests {
    /// A combining mark after a blank makes one Swift Character with it; the
    /// header must still split there, as WFDB's byte-wise parser does.
    @Test func leadNamesStartingWithCombiningMarksReadBack() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = ECGRecord(name: "c", samplingFrequency: 250,
                               leads: [Lead(name: "\u{301}lead one \u{64B}", units: "\u{301}mV")], samples: [[1, 2, 3]])
        try WFDB.writeRecord(record, to: folder.path("c"))
        #expect(try WFDB.readRecord(folder.path("c")) == record)
    }
}
