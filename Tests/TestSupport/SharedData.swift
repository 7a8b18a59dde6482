import Foundation
import ECGSignal

/// Locates the PhysioNet records of `../shared/data` for tests that need them.
///
/// Tests that need real data call `SharedData.directory(...)` and skip with
/// `SharedData.skipMessage` when it returns nil, so a fresh clone without the
/// data still passes.
public enum SharedData {
    /// The `shared/data` folder beside the package root, or the folder named
    /// by the environment variable `RHYTHMSTRIP_DATA`, if it exists.
    public static var root: URL? {
        if let override = ProcessInfo.processInfo.environment["RHYTHMSTRIP_DATA"] {
            let url = URL(fileURLWithPath: override)
            return FileManager.default.fileExists(atPath: url.path) ? url : nil
        }
        let url = PackageRoot.url.deletingLastPathComponent().appendingPathComponent("shared/data")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// A database folder (`mitdb`, `vfdb`, `nstdb`), or nil when absent.
    public static func directory(_ database: String) -> URL? {
        guard let url = root?.appendingPathComponent(database),
              FileManager.default.fileExists(atPath: url.path) else { return nil }
        return url
    }

    /// Record names of a database folder (its `RECORDS` file, else every `.hea`), or none when absent.
    public static func recordNames(_ database: String) -> [String] {
        guard let url = directory(database) else { return [] }
        return (try? WFDB.recordNames(in: url.path)) ?? []
    }

    /// A record of a database folder read whole, or nil, after printing
    /// `skipMessage`, when the database is absent.
    public static func record(_ name: String, in database: String) throws -> ECGRecord? {
        guard let url = directory(database) else {
            print(skipMessage(database))
            return nil
        }
        return try WFDB.readRecord(url.appendingPathComponent(name).path)
    }

    /// Why a real-data test did not run.
    public static func skipMessage(_ database: String) -> String {
        "skipped: ../shared/data/\(database) is absent (PhysioNet records; see README)"
    }
}

/// The root folder of the RhythmStrip package.
public enum PackageRoot {
    public static let url: URL = {
        // This file is Tests/TestSupport/SharedData.swift.
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
    }()
}
