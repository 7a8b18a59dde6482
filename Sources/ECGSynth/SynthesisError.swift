/// A synthesis request that cannot be met, with the reason.
public struct SynthesisError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
