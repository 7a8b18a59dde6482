import Foundation
import Testing
import TestSupport

/// Runs Tests/Browser/drill_browser_test.mjs: the HTML drill in a real headless
/// Chromium, every question answered, feedback and final score checked.
@Suite("Browser drill (headless Chromium)")
struct DrillBrowserTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func find(_ names: [String]) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in names {
            if name.hasPrefix("/"), FileManager.default.isExecutableFile(atPath: name) { return name }
            for folder in paths where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") { return "\(folder)/\(name)" }
        }
        return nil
    }

    static var chromium: String? {
        find([ProcessInfo.processInfo.environment["CHROMIUM"], "chromium", "chromium-browser", "google-chrome"].compactMap { $0 })
    }

    /// Node 20 or later (the test talks to Chromium over its WebSocket client).
    static var node: String? {
        guard let node = find(["node"]) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = ["--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return nil }
        let version = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard let major = Int(version.dropFirst().prefix { $0.isNumber }), major >= 20 else { return nil }
        return node
    }

    static var skipReason: String? {
        if node == nil { return "node 20 or later not found; the browser drill test is skipped" }
        if chromium == nil { return "Chromium not found (apt-get install chromium); the browser drill test is skipped" }
        return nil
    }

    @Test("the HTML drill answers, gives feedback and scores in a real browser", .enabled(if: skipReason == nil, "\(skipReason ?? "")"))
    func browserDrill() throws {
        let out = try CommandLineRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.node!)
        process.arguments = [
            "--experimental-websocket", "--no-warnings",
            Self.packageRoot.appendingPathComponent("Tests/Browser/drill_browser_test.mjs").path,
            CommandLineRunner.executable.path, out.path,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["CHROMIUM"] = Self.chromium
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("browser drill test passed"), "\(output)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("drill-score.png").path))
    }
}
