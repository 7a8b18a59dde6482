import Foundation
import Testing
import TestSupport

@Suite struct VersionTests {
    @Test func versionRunsFromTheBuiltBinary() throws {
        let result = try CommandLineRunner.run(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test func unknownSubcommandFailsWithAMessage() throws {
        let result = try CommandLineRunner.run(["no-such-command"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("no-such-command"))
    }
}
