/// A problem with what the user asked for or with the output folder, worded for the user.
public struct TrainingError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
