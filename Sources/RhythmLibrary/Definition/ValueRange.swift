/// A closed range of values written `[min, max]` in a definition; a strip draws
/// one value from it, so every strip differs.
public struct ValueRange: Sendable, Hashable, Codable, CustomStringConvertible {
    public var lowerBound: Double
    public var upperBound: Double

    public init(_ lowerBound: Double, _ upperBound: Double) {
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        guard container.count == 2 else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a range [min, max] of two numbers")
        }
        lowerBound = try container.decode(Double.self)
        upperBound = try container.decode(Double.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(lowerBound)
        try container.encode(upperBound)
    }

    public func contains(_ value: Double) -> Bool { value >= lowerBound && value <= upperBound }

    /// Whether this range lies within `other`.
    public func isWithin(_ other: ValueRange) -> Bool {
        lowerBound >= other.lowerBound && upperBound <= other.upperBound
    }

    public var midpoint: Double { (lowerBound + upperBound) / 2 }

    public var description: String { "[\(Self.format(lowerBound)), \(Self.format(upperBound))]" }

    public static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}

/// A value written either as one item or as a list of items to choose from.
public struct OneOrMany<Element: Codable & Sendable & Hashable>: Sendable, Hashable, Codable {
    public var choices: [Element]

    public init(_ choices: [Element]) { self.choices = choices }

    public init(from decoder: any Decoder) throws {
        if let list = try? [Element](from: decoder) {
            choices = list
        } else {
            choices = [try Element(from: decoder)]
        }
        if choices.isEmpty {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "expected at least one choice"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if choices.count == 1 { try choices[0].encode(to: encoder) } else { try choices.encode(to: encoder) }
    }
}
