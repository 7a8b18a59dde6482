import Foundation

/// Writes a set of output files all-or-nothing, for tools that produce
/// several files at once (a record and its annotations, a CSV and its sidecar).
public enum AtomicFileWriter {
    /// Writes every file to a temporary file beside its destination, then
    /// renames them into place; on an error before the renames nothing appears.
    public static func write(_ files: [(path: String, data: Data)]) throws {
        try FileAccess.writeAtomically(files)
    }
}
