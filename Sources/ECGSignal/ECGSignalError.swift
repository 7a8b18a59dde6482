/// An error in reading or writing a recording, naming the file and where in it.
public struct ECGSignalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the file the problem is.
    public enum Location: Sendable, Equatable {
        case file
        case line(Int)
        case byteOffset(Int)
    }

    /// The path of the file at fault.
    public var path: String
    public var location: Location
    /// What is wrong, in words a user can act on.
    public var reason: String

    public init(path: String, location: Location = .file, reason: String) {
        self.path = path
        self.location = location
        self.reason = reason
    }

    public var description: String {
        switch location {
        case .file: return "\(path): \(reason)"
        case .line(let line): return "\(path):\(line): \(reason)"
        case .byteOffset(let offset): return "\(path): at byte \(offset): \(reason)"
        }
    }
}
