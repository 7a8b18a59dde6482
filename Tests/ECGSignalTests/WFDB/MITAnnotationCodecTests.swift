import Foundation
import Testing
@testable import ECGSignal

@Suite struct MITAnnotationCodecTests {
    static func word(_ code: UInt16, _ data: UInt16) -> [UInt8] {
        let value = code << 10 | data
        return [UInt8(value & 0xFF), UInt8(value >> 8)]
    }

    static func aux(_ bytes: [UInt8]) -> [UInt8] {
        word(63, UInt16(bytes.count)) + bytes + (bytes.count % 2 == 1 ? [0] : [])
    }

    @Test func decodesEveryPseudoCode() throws {
        var bytes: [UInt8] = []
        bytes += Self.word(28, 18) + Self.aux(Array("(N".utf8) + [0])          // + at 18, aux "(N\0"
        bytes += Self.word(1, 300)                                             // N at 318
        bytes += Self.word(5, 290) + Self.word(61, 2) + Self.word(62, 1) + Self.word(60, 7)  // V at 608, sub 2, chan 1, num 7
        bytes += Self.word(1, 10)                                              // N at 618: chan 1 and num 7 carry over
        bytes += Self.word(59, 0) + [0x01, 0x00, 0x70, 0x11]                   // SKIP 0x0001_1170 = 70000
        bytes += Self.word(14, 0) + Self.word(61, 0x3FF)                       // ~ at 70618, subtype -1
        bytes += Self.word(0, 0)
        let file = try MITAnnotationCodec.decode(bytes, path: "t.atr")
        #expect(file.timeResolution == nil)
        #expect(file.annotations == [
            Annotation(sample: 18, code: .rhythmChange, aux: Array("(N".utf8) + [0]),
            Annotation(sample: 318, code: .normal),
            Annotation(sample: 608, code: .pvc, subtype: 2, channel: 1, num: 7),
            Annotation(sample: 618, code: .normal, channel: 1, num: 7),
            Annotation(sample: 70618, code: .noise, subtype: -1, channel: 1, num: 7),
        ])
        // putann's order and rules give back the same bytes.
        #expect(Array(try MITAnnotationCodec.encode(file, path: "t.atr")) == bytes)
    }

    @Test func timeResolutionNoteIsReadAndWritten() throws {
        let file = WFDBAnnotationFile(timeResolution: 1000, annotations: [
            Annotation(sample: 500, code: .normal), Annotation(sample: 1700, code: .normal),
        ])
        let bytes = try MITAnnotationCodec.encode(file, path: "r.atr")
        #expect(Array(bytes.prefix(2)) == Self.word(22, 0))   // NOTE at 0
        #expect(String(decoding: bytes[4..<28], as: UTF8.self) == "## time resolution: 1000")
        #expect(try MITAnnotationCodec.decode(bytes, path: "r.atr") == file)
    }

    @Test func annotationsInAnotherTimeResolutionConvertToRecordSamples() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ann-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = ECGRecord(name: "r", samplingFrequency: 250, leads: [Lead(name: "I")], samples: [[Int32](repeating: 0, count: 1000)])
        try WFDB.writeRecord(record, to: folder.appendingPathComponent("r").path)
        let path = folder.appendingPathComponent("r.atr").path
        try WFDB.writeAnnotationFile(WFDBAnnotationFile(timeResolution: 1000, annotations: [
            Annotation(sample: 1000, code: .normal), Annotation(sample: 2002, code: .pvc),
        ]), to: path)
        #expect(try WFDB.readAnnotations(path).map(\.sample) == [250, 501])
        #expect(try WFDB.readAnnotationFile(path).annotations.map(\.sample) == [1000, 2002])
    }

    @Test func nullAnnotationAtTimeZeroAndOutOfOrderTimesRoundTrip() throws {
        let file = WFDBAnnotationFile(annotations: [
            Annotation(sample: 0, code: .notQRS),
            Annotation(sample: 5000, code: .normal),
            Annotation(sample: 40, code: .note, auxText: "late"),
        ])
        let bytes = try MITAnnotationCodec.encode(file, path: "n.atr")
        #expect(try MITAnnotationCodec.decode(bytes, path: "n.atr") == file)
    }

    /// Corrupt files: each error names the file and the byte offset.
    @Test(arguments: [
        ([], nil, "empty annotation file"),
        ([0x05], 0, "no end-of-file marker"),
        (word(1, 5), 2, "no end-of-file marker"),
        (word(1, 5) + word(63, 9) + [0x41], 2, "runs past the end"),
        (word(61, 1) + word(0, 0), 0, "pseudo-annotation 61 before any annotation"),
        (word(55, 1) + word(0, 0), 0, "invalid annotation code 55"),
        (word(59, 0) + [0x00], 2, "no end-of-file marker"),
        (word(59, 0) + [0xFF, 0xFF, 0x00, 0x00] + word(1, 0) + word(0, 0), 6, "negative time"),
        (word(1, 5) + word(0, 0) + [0x07, 0x00], 4, "data after the end-of-file marker"),
    ] as [([UInt8], Int?, String)])
    func corruptFilesAreReported(bytes: [UInt8], offset: Int?, reason: String) {
        let error = #expect(throws: ECGSignalError.self) { try MITAnnotationCodec.decode(bytes, path: "bad.atr") }
        #expect(error?.path == "bad.atr")
        #expect(error?.location == (offset.map { .byteOffset($0) } ?? .file))
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "no error")")
    }

    @Test func encoderRejectsWhatTheFormatCannotHold() {
        #expect(throws: ECGSignalError.self) {
            try MITAnnotationCodec.encode(WFDBAnnotationFile(annotations: [Annotation(sample: 1, code: .note, aux: Array(repeating: 65, count: 256))]), path: "x.atr")
        }
        #expect(throws: ECGSignalError.self) {
            try MITAnnotationCodec.encode(WFDBAnnotationFile(annotations: [Annotation(sample: -1, code: .normal)]), path: "x.atr")
        }
        #expect(throws: ECGSignalError.self) {
            try MITAnnotationCodec.encode(WFDBAnnotationFile(annotations: [Annotation(sample: 1 << 40, code: .normal)]), path: "x.atr")
        }
        #expect(throws: ECGSignalError.self) {
            try MITAnnotationCodec.encode(WFDBAnnotationFile(annotations: [Annotation(sample: 1, code: AnnotationCode(rawValue: 50))]), path: "x.atr")
        }
    }
}
