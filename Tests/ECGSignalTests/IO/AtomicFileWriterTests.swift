import Foundation
import PropertyBased
import Testing
@testable import ECGSignal

/// `AtomicFileWriter`: every file appears whole or not at all, and no
/// temporary file is left behind.
@Suite struct AtomicFileWriterTests {
    @Test func writesTheBytesAndReplacesAnOlderFile() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("a.qrs", "old contents, longer than the new")
        await propertyCheck(input: Gen.uint8().array(of: 0...5000)) { bytes in
            let path = folder.path("a.qrs")
            #expect(throws: Never.self) { try AtomicFileWriter.write([(path, Data(bytes))]) }
            #expect((try? Data(contentsOf: URL(fileURLWithPath: path))) == Data(bytes))
            #expect(folder.files() == ["a.qrs"])
        }
    }

    @Test func aMissingFolderIsNamedAndNothingIsWritten() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = folder.path("first.hea")
        let second = folder.path("missing/second.dat")
        #expect {
            try AtomicFileWriter.write([(first, Data("x".utf8)), (second, Data("y".utf8))])
        } throws: { error in
            guard let error = error as? ECGSignalError else { return false }
            return error.path == second && error.reason.contains("does not exist")
        }
        #expect(folder.files().isEmpty)
    }

    @Test func aFolderInTheWayFailsTheRenameAndLeavesNoTemporaryFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path("in-the-way"), withIntermediateDirectories: false)
        #expect {
            try AtomicFileWriter.write([(folder.path("in-the-way"), Data("x".utf8))])
        } throws: { error in
            (error as? ECGSignalError)?.path == folder.path("in-the-way")
        }
        #expect(folder.files() == ["in-the-way"])
    }

    @Test func aNewFileIsNotWrittenOverAnExistingOne() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("taken", "keep me")
        #expect {
            try FileAccess.writeNewFile(Data("x".utf8), at: folder.path("taken"), reportedAs: "wanted.qrs")
        } throws: { error in
            guard let error = error as? ECGSignalError else { return false }
            return error.path == "wanted.qrs" && error.reason.contains("File exists")
        }
        #expect(try String(contentsOfFile: folder.path("taken"), encoding: .utf8) == "keep me")
    }
}
