import Foundation
import Testing
@testable import ECGSignal

/// Naming records and listing the records of a folder as WFDB tools do.
@Suite struct RecordNamingTests {
    @Test(arguments: [
        ("mitdb/101", "mitdb/101"),
        ("mitdb/101.hea", "mitdb/101"),
        ("/data/x.y/rec", "/data/x.y/rec"),
        ("rec.HEA", "rec.HEA"),      // WFDB names are case-sensitive: a header is NAME.hea
        (".hea", ""),
    ])
    func recordPathDropsTheHeaderExtension(path: String, expected: String) {
        #expect(WFDB.recordPath(path) == expected)
    }

    @Test func recordsFileListsTheRecordsInItsOrder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("RECORDS", "# a comment\n203\n101\r\n\n  118e_6  \n")
        try folder.write("999.hea", "999 1 360 0\n")
        #expect(try WFDB.recordNames(in: folder.url.path) == ["203", "101", "118e_6"])
    }

    @Test func withoutRecordsFileEveryHeaderCountsSorted() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for name in ["b.hea", "a.hea", "a.dat", "c.atr", "notes.txt"] { try folder.write(name, "x") }
        #expect(try WFDB.recordNames(in: folder.url.path) == ["a", "b"])
    }

    @Test func emptyOrMissingFoldersAreErrorsNamingTheFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let empty = try #require(throws: ECGSignalError.self) { try WFDB.recordNames(in: folder.url.path) }
        #expect(empty.description.contains(folder.url.path))
        let missing = folder.path("absent")
        let error = try #require(throws: ECGSignalError.self) { try WFDB.recordNames(in: missing) }
        #expect(error.description.contains(missing))
        try folder.write("RECORDS", "\n# nothing\n")
        #expect(throws: ECGSignalError.self) { try WFDB.recordNames(in: folder.url.path) }
    }
}
