import Foundation

/// Reading whole files and writing them atomically, with errors that name the file.
enum FileAccess {
    /// The whole contents of a file.
    static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ECGSignalError(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ECGSignalError(path: path, reason: "is a directory, not a file")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ECGSignalError(path: path, reason: "cannot be read (\(error.localizedDescription))")
        }
    }

    /// Writes several files so that either all of them appear complete or,
    /// when something fails before the first rename, none of them.
    ///
    /// Each file is first written to a temporary file beside its destination
    /// and then renamed over it.
    static func writeAtomically(_ files: [(path: String, data: Data)]) throws {
        var temporaries: [(temporary: URL, destination: URL)] = []
        defer {
            for (temporary, _) in temporaries { try? FileManager.default.removeItem(at: temporary) }
        }
        for (path, data) in files {
            let destination = URL(fileURLWithPath: path)
            let folder = destination.deletingLastPathComponent()
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ECGSignalError(path: path, reason: "cannot write: folder \(folder.path) does not exist")
            }
            let temporary = folder.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
            do {
                try data.write(to: temporary)
            } catch {
                throw ECGSignalError(path: path, reason: "cannot write (\(error.localizedDescription))")
            }
            temporaries.append((temporary, destination))
        }
        for (temporary, destination) in temporaries {
            do {
                if rename(temporary.path, destination.path) != 0 {
                    throw ECGSignalError(path: destination.path, reason: "cannot write (\(String(cString: strerror(errno))))")
                }
            }
        }
        temporaries.removeAll()
    }
}
