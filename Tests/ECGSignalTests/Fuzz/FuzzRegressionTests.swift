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
    ]

    @Test(arguments: headers)
    func headerFormatsBackToItself(base64: String) throws {
        let bytes = try #require(Data(base64Encoded: base64))
        guard let header = try? WFDBHeader(parsing: bytes, path: "fuzz.hea") else { return }
        let again = try WFDBHeader(parsing: Array(header.text.utf8), path: "formatted.hea")
        #expect(again == header)
    }

    @Test func baseCounterWithoutCounterFrequencyIsAnError() {
        let error = #expect(throws: ECGSignalError.self) {
            try WFDBHeader(parsing: Array("r 1 360(12.5) 100\nr.dat 16\n".utf8), path: "r.hea")
        }
        #expect(error?.location == .line(1))
    }
}
