import Foundation
import Testing
@testable import ECGSignal

/// Every readable format decodes what the reference encoder wrote, through
/// the record reader, for several signal counts and odd lengths.
@Suite struct SignalFormatTests {
    static let cases: [(WFDBSignalFormat, Int, Int)] = WFDBSignalFormat.allCases.filter { $0 != .null }.flatMap { format in
        [(format, 1, 7), (format, 2, 10), (format, 3, 11), (format, 2, 1000)]
    }

    @Test(arguments: cases)
    func decodesReferenceEncoding(format: WFDBSignalFormat, leads: Int, length: Int) throws {
        let samples = ReferenceEncoder.samples(leads: leads, length: length, format: format, seed: UInt64(length))
        let header = ReferenceEncoder.header(name: "t", leads: samples, format: format)
        let initial = samples.map { $0.first ?? 0 }
        let fileOrder = format == .format8
            ? ReferenceEncoder.differences(samples, initialValues: initial)
            : ReferenceEncoder.fileOrder(samples)
        let bytes = Data(ReferenceEncoder.encode(fileOrder, format: format))
        #expect(bytes.count == format.byteCount(forSamples: leads * length))
        let record = try WFDBRecordReader.read(header, headerPath: "t.hea", folder: ".") { _ in bytes }
        #expect(record.samples == samples)
        #expect(record.leads.map(\.name) == (0..<leads).map { "lead\($0)" })
    }

    /// Decoding into reused arrays gives what the allocating form gives, whatever the arrays held before.
    @Test(arguments: cases)
    func decodingIntoReusedArraysEqualsAllocating(format: WFDBSignalFormat, leads: Int, length: Int) throws {
        let samples = ReferenceEncoder.samples(leads: leads, length: length, format: format, seed: UInt64(length) &+ 7)
        let fileOrder = format == .format8
            ? ReferenceEncoder.differences(samples, initialValues: samples.map { $0.first ?? 0 })
            : ReferenceEncoder.fileOrder(samples)
        let bytes = ReferenceEncoder.encode(fileOrder, format: format)
        let expected = try bytes.withUnsafeBytes {
            try WFDB.decodeSignalFile($0, format: format, signalCount: leads, frameCount: length)
        }
        // Start from arrays of another shape and content, then decode twice into the same storage.
        var reused: [[Int32]] = Array(repeating: Array(repeating: 99, count: length + 3), count: leads + 1)
        for _ in 0..<2 {
            try bytes.withUnsafeBytes {
                try WFDB.decodeSignalFile($0, format: format, signalCount: leads, frameCount: length, into: &reused)
            }
            #expect(reused == expected)
        }
        #expect(throws: ECGSignalError.self) {
            try bytes.withUnsafeBytes {
                try WFDB.decodeSignalFile($0, format: format, signalCount: leads, frameCount: length + 100, into: &reused)
            }
        }
    }

    @Test func format212SignExtendsAndPacksAsSpecified() throws {
        // 0x801 = -2047 and 0x7FF = 2047: first sample low byte, shared nibbles, second sample low byte.
        let bytes: [UInt8] = [0x01, 0x78, 0xFF, 0xFF, 0x0F, 0x00]
        let leads = try bytes.withUnsafeBytes { try WFDB.decodeSignalFile($0, format: .format212, signalCount: 2, frameCount: 2) }
        #expect(leads == [[-2047, -1], [2047, 0]])
    }

    @Test func format8SumsDifferencesOntoTheInitialValue() throws {
        var header = ReferenceEncoder.header(name: "d", leads: [[100, 101, 99]], format: .format8)
        header.signals[0].initialValue = 100
        header.signals[0].checksum = nil
        let bytes = Data([0x00, 0x01, 0xFE])   // 0, +1, -2
        let record = try WFDBRecordReader.read(header, headerPath: "d.hea", folder: ".") { _ in bytes }
        #expect(record.samples == [[100, 101, 99]])
    }

    @Test func nullSignalsReadAsInvalidSamples() throws {
        let header = try WFDBHeader(parsing: Array("n 2 100 3\nn.dat 16\n~ 0\n".utf8), path: "n.hea")
        let record = try WFDBRecordReader.read(header, headerPath: "n.hea", folder: ".") { _ in Data([1, 0, 2, 0, 3, 0]) }
        #expect(record.samples == [[1, 2, 3], [WFDB.invalidSample, WFDB.invalidSample, WFDB.invalidSample]])
    }

    @Test func hugeNullSignalsAreRejectedBeforeAllocating() throws {
        let header = try WFDBHeader(parsing: Array("n 1 100 9000000000\n~ 0\n".utf8), path: "n.hea")
        #expect(throws: ECGSignalError.self) {
            try WFDBRecordReader.read(header, headerPath: "n.hea", folder: ".") { _ in Data() }
        }
    }

    @Test func samplesPerFrameReadsAtTheHigherRate() throws {
        // Two signals, two samples per frame each: a0 a1 b0 b1 | a2 a3 b2 b3.
        var header = ReferenceEncoder.header(name: "x", leads: [[1, 2, 3, 4], [5, 6, 7, 8]], format: .format16)
        for index in header.signals.indices { header.signals[index].samplesPerFrame = 2 }
        header.length = 2
        let bytes = Data(ReferenceEncoder.encode([1, 2, 5, 6, 3, 4, 7, 8], format: .format16))
        let record = try WFDBRecordReader.read(header, headerPath: "x.hea", folder: ".") { _ in bytes }
        #expect(record.samplingFrequency == 500)
        #expect(record.samples == [[1, 2, 3, 4], [5, 6, 7, 8]])
    }

    @Test func mixedSamplesPerFrameIsRejectedNamingTheSignal() throws {
        var header = ReferenceEncoder.header(name: "x", leads: [[1, 2], [3, 4]], format: .format16)
        header.signals[1].samplesPerFrame = 2
        header.signals[1].line = 3
        let error = #expect(throws: ECGSignalError.self) {
            try WFDBRecordReader.read(header, headerPath: "x.hea", folder: ".") { _ in Data(count: 100) }
        }
        #expect(error?.location == .line(3))
        #expect(error?.reason.contains("samples per frame") == true)
    }

    @Test func skewAndByteOffsetAreApplied() throws {
        // Signal 0 has one sample before sample 0; the file has a 4-byte preamble.
        var header = ReferenceEncoder.header(name: "s", leads: [[9, 1, 2], [4, 5, 6]], format: .format16)
        header.signals[0].skew = 1
        header.signals[0].byteOffset = 4
        header.signals[1].byteOffset = 4
        header.signals[0].checksum = nil
        header.signals[1].checksum = nil
        header.length = 2
        let bytes = Data([0xAA, 0xBB, 0xCC, 0xDD] + ReferenceEncoder.encode([9, 4, 1, 5, 2, 6], format: .format16))
        let record = try WFDBRecordReader.read(header, headerPath: "s.hea", folder: ".") { _ in bytes }
        #expect(record.samples == [[1, 2], [4, 5]])
    }

    @Test func writerRejectsSamplesOutsideTheFormat() {
        let record = ECGRecord(name: "w", samplingFrequency: 360, leads: [Lead(name: "I")], samples: [[0, 2048]])
        let error = #expect(throws: ECGSignalError.self) { try WFDB.encode(record, name: "w", format: .format212) }
        #expect(error?.reason.contains("sample 1 of signal 0 is 2048") == true)
        #expect(throws: ECGSignalError.self) { try WFDB.encode(record, name: "w", format: .format310) }
    }
}
