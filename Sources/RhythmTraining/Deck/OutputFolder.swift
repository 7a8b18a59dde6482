import ECGSignal
import Foundation

/// The output folder of a deck: checked before work starts, filled through a
/// staging folder beside it, renamed into place at the end.
enum OutputFolder {
    /// Refuses a file in the way, or a non-empty folder without `force`.
    static func checkTarget(_ url: URL, force: Bool) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw TrainingError("\(url.path) exists and is a file, not a folder; choose another --out")
        }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        if !contents.isEmpty, !force {
            throw TrainingError("\(url.path) already exists and is not empty (\(contents.count) item(s)); use --force to replace it, or choose another --out")
        }
    }

    /// A new hidden folder in the output's parent (same file system, so the final rename is atomic).
    static func makeStaging(for output: URL) throws -> URL {
        let parent = output.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw TrainingError("cannot create the folder \(parent.path): \(reason(error, parent))")
        }
        let staging = parent.appendingPathComponent(".\(output.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw TrainingError("cannot write into \(parent.path): \(reason(error, parent))")
        }
        return staging
    }

    /// Replaces `output` (absent, empty, or with `force` any folder) by `staging`.
    static func moveIntoPlace(_ staging: URL, at output: URL, force: Bool) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: output.path, isDirectory: &isDirectory) {
            try checkTarget(output, force: force)
            let old = staging.deletingLastPathComponent()
                .appendingPathComponent(".\(output.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
            do {
                try manager.moveItem(at: output, to: old)
            } catch {
                throw TrainingError("cannot replace \(output.path): \(reason(error, output))")
            }
            do {
                try manager.moveItem(at: staging, to: output)
            } catch {
                try? manager.moveItem(at: old, to: output)
                throw TrainingError("cannot move the new set to \(output.path): \(reason(error, output))")
            }
            try? manager.removeItem(at: old)
        } else {
            do {
                try manager.moveItem(at: staging, to: output)
            } catch {
                throw TrainingError("cannot move the new set to \(output.path): \(reason(error, output))")
            }
        }
    }

    static func reason(_ error: Error, _ url: URL) -> String {
        let folder = url.hasDirectoryPath ? url : url.deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: folder.path), !FileManager.default.isWritableFile(atPath: folder.path) {
            return "permission denied (the folder is not writable)"
        }
        if let error = error as? ECGSignalError { return error.reason }
        return (error as NSError).localizedDescription
    }
}
