/// A rhythm definition that cannot be used, naming the file, the field and why.
public struct RhythmLibraryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The definition file (`afib.yaml`, or a path for `--rhythms` files).
    public var file: String
    /// The field at fault as a dotted path (`synthesis.atria.rate`), empty for the whole file.
    public var field: String
    public var reason: String

    public init(file: String, field: String, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String {
        field.isEmpty ? "\(file): \(reason)" : "\(file): \(field): \(reason)"
    }
}
