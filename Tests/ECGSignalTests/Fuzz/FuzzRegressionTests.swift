import Foundation
import Testing
@testable import ECGSignal

/// Inputs the fuzz targets of Fuzz/ found failing, kept after the fix. Each
/// runs the same invariant as its target (Fuzz/Targets/*.swift).
@Suite struct FuzzRegressionTests {
    /// Header inputs, base64. The comment says what was wrong.
    static let headers: [String] = [
        // "fs(base counter)" without a counter frequency parsed, but the
        // formatter dropped the base counter. Now rejected when parsing.
        "cmVjZWMgMSA5MTAwMCgxMi41KSAxMDAwIDEzOjA1OjAwIDAvNDUyLzE5ODkKYS5kYXQxIDE2eDI6Mys1MTIgMTAwLjUoLTMpL3VWIDE2IDAgNyAxMjMgMCBsZWEKYS5kYXQ6IDIzNngxMzUxMTg4AAAAAAAAAGg4ODg4ODgwMTIyMTc2OSAxIDkKYS5kYXQgMTZ4MjozMzUxMTg4ODg4ODg4ODg4ODg4ODgwMTIyMTc2OTAyNSAxIDEwXQ==",
        // A description ending in "\r " kept the "\r"; formatted, "\r\n" ended the
        // line one character early. "\r" now separates fields, as in WFDB's strtok.
        "eCA0IDEyOCAxMAp4LmT//3QgMjQgMSAyIDAgNDAgMCAwICFhMTEEAAAAACA0MCAwIDAgIWExMQAAAAQAAAAAICkgCSAKMTX2zs4gMjQgMSAyIDAgNDAgMCAwIGExMQAAAAQAAAAAAAQAAAAAICkgDSAKMDD2zs7BZf98IDI0IDEgMiAwIDQwIDAgMCBhMTIgMCBhMTEAAAAEACBhMTEAALUEAAAAAAAEAAA/IDAgNjY2CSAKMDD2zs7BZf98IDI0IDEgMiAwIDQwIDAgMCBhMTIgMCBhMTEAAAAAAAAgAAQpIAkx",
        // A comment line ending "\r\r\n" kept a "\r", which the formatted
        // "\r\n" then swallowed. Trailing "\r" is no longer part of a comment.
        "cnEgMAr6IT+BsHgyIDEwMCgwKS9tVgEAAAAAAAAEMTJ0Zf///wo2MyAwQQAAACAKIyAAAAAwIFYxDQojIEEKIyBDVvoKIyBDcmVhZGX///8KIyAAAAAAAAojIDBBAAAAIAojIAAAADAgVjENCiMKIyBDcmVhZGX///8KIyAAAAAAAAojMlAAAAAAAAAAIAoj/yAAAP////////8IIEEKIyBDVvoKIyBDcmVhZGX///8KIyAAAAAAAAojVjEKIyBlYXRl//8wIFYAADAgVjENCiMgQQojIENW+gojIENyZWFkYXRl//8wIFYxDQojIEEKIyBDVvoKIyBDcmVhZGX///8KIyAAAAAAAAojMlA5zQAAAAAAIAojIAAA/////wojIENl////CiMgAAAAAAAKIyAwQQAAACAKIyAAAAAwIFYxDQojCiMgQ3JlYWRl////CiMgAAAAAAAKIzJQAAAAAAAAACAKI2VhdGX///+wcmVhcmVxdGX///8gQ3Rl/v//sLAt////CiNlKi8gCiMgAAD/////CiMgQ3JlYWRl////CiMgAAAAAAANDQ0KI1YxCiMgZWF0Zf//3w0KIwAAACAAAAojIEMAAABszAojIENyZSAAAAAAAAojVjIKIyBlYXRl/wAAAAAKI1YxCiMgZWF0Zf///w0KIwAAACAAAAojIEMAAABszAojIENyZSAAAAAAAAojVjIKIyBlYXRl////DQojIEMAAA0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NAGzMCiMgQ3JlIAAAAAAACiNWMgplYSMgdGX///8NCiMnIAAAAAAACiMgQwAAAGzMCiMgQ3JlYXRl////sHJlYXJlcXRlMlAAAAAAAAAAIAoj/yAA+gojIENyZWFkZf///wojIAAAAAAACiNWMQojIGVhdGX//zAgVjENXA0KIyBBCiMgQ1b6CiMgQ3JlYWRl////CiMgAAAAAAAKIzJQOc0AAAAAACAKIyAAAP////8KIyBDcmVhZGX///8KIyAAAAAAAAojVjEKIyBlYXRl////DQojAAojIGVhdGX//zAgVjENCiMgQQojIA0NDUNW+gojIENyZWFkZf///wojIAAAAAAACiMyUDnNAAAAAAAgCiMgAAD/////CiMgQ3IAACAAAA0NIC8KCiMgQwAAAGzMCiMgQ3JlIAAAAAAACiNWMgojIGVhdGX///8NCiMgQwAAAGzMCiMgQ3JlIAA=",
    ]

    @Test(arguments: headers)
    func headerFormatsBackToItself(base64: String) throws {
        let bytes = try #require(Data(base64Encoded: base64))
        guard let header = try? WFDBHeader(parsing: bytes, path: "fuzz.hea") else { return }
        let again = try WFDBHeader(parsing: Array(header.text.utf8), path: "formatted.hea")
        #expect(again == header)
    }

    /// Annotation file inputs, base64.
    static let annotationFiles: [String] = [
        // SKIPs added up to a time more than 2^31 after the previous
        // annotation; the encoder wrote one 32-bit SKIP and failed. Long
        // steps now take several SKIPs.
        "7u4a7u7u7u7u7u7u7u7uVUludO7u7u7u7u7uZ2X8KE4sAAAA",
    ]

    @Test(arguments: annotationFiles)
    func annotationsEncodeAndDecodeBack(base64: String) throws {
        let bytes = try #require(Data(base64Encoded: base64))
        guard let file = try? MITAnnotationCodec.decode(bytes, path: "fuzz.atr") else { return }
        let encoded = try MITAnnotationCodec.encode(file, path: "fuzz.atr")
        #expect(try MITAnnotationCodec.decode(encoded, path: "again.atr") == file)
    }

    @Test func stepsLongerThanOneSkipRoundTrip() throws {
        let file = WFDBAnnotationFile(annotations: [
            Annotation(sample: 5_000_000_000, code: .normal),
            Annotation(sample: 3, code: .notQRS),
            Annotation(sample: (1 << 40) - 1, code: .pvc),
        ])
        let bytes = try MITAnnotationCodec.encode(file, path: "long.atr")
        #expect(try MITAnnotationCodec.decode(bytes, path: "long.atr") == file)
    }

    /// CSV inputs, base64; the first byte gives the frequency when odd (as in
    /// Fuzz/Targets/CSVFuzzTarget.swift).
    static let csvFiles: [String] = [
        // A lead named "a b (mVOptional1..1;9925e-": exported as is, its ';'
        // made the re-import split the header into two columns.
        "AyJ0IiwiYSBiIChtVk9wdGlvbmFsMS4uMTs5OTI1ZS0iCiIwMSIsIi0xIgo=",
        // A first lead named 't"' was exported as "t" and imported back as
        // the time column.
        "AyB0IiwiYSBiICht//////////////7/v/////////9WKTQiOQD//zs7swoiMCIsIjEuNWUtMyIK",
        // "000<tab>time_ms": a header without a time column and no frequency
        // gave a record at 0 Hz, and "time_ms" as a lead took units "ms".
        "ADAwMAl0aW1lX21zCjAuMDA0CTcK",
        // A lead name starting with a combining mark (U+034D): the header was
        // split on Characters, and "," + U+034D is one Character.
        "////////////////////////////AyJ0IiwiCwsLCwsLCwsLzY0LCwuysrKysrKysrKysrKysrKysrKysrKysimysrKysrKysrKysrKyCwtFRUVFRUNoYQoiMiIsIi0yIgo=",
        // A lead name with ';' + U+064B: cleaned by Character, the pair was
        // not a ';' and stayed, and the re-import chose ';' as delimiter.
        // Names are now cleaned by Unicode scalar.
        "AyJ0IiwiYSBiICht//////////////7/v////////1YpNCI5AP//OzvZiyAzCiIwIiwiMS41ZS0zIgo=",
    ]

    @Test(arguments: csvFiles)
    func digitalCSVExportImportsBack(base64: String) throws {
        let bytes = try #require(Data(base64Encoded: base64))
        let frequency: Double? = bytes[0] & 1 == 0 ? nil : Double(bytes[0])
        guard let record = try? CSVRecord.parse(bytes.dropFirst(), path: "f.csv", samplingFrequency: frequency) else { return }
        let again = try CSVRecord.parse(CSVRecord.encode(record, timeColumn: false), path: "again.csv", samplingFrequency: 1)
        #expect(again.samples == record.samples)
    }

    @Test func leadNamesThatWouldReadAsUnitsOrNumbersAreExportedSafely() throws {
        let record = ECGRecord(name: "n", samplingFrequency: 100,
                               leads: [Lead(name: "time"), Lead(name: "ECG (II)"), Lead(name: "12"), Lead(name: "a;b")],
                               samples: [[0, 0], [1, 2], [3, 4], [5, 6]])
        let csv = CSVRecord.encode(record, timeColumn: false)
        #expect(String(decoding: csv, as: UTF8.self).hasPrefix("signal 0,ECG _II_,signal 2,a b\n"))
        #expect(try CSVRecord.parse(csv, path: "n.csv", samplingFrequency: 100).samples == record.samples)
    }

    @Test func baseCounterWithoutCounterFrequencyIsAnError() {
        let error = #expect(throws: ECGSignalError.self) {
            try WFDBHeader(parsing: Array("r 1 360(12.5) 100\nr.dat 16\n".utf8), path: "r.hea")
        }
        #expect(error?.location == .line(1))
    }
}
