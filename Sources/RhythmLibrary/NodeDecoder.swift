import Yams

/// Decodes a `Decodable` value from a composed YAML node (Yams 5.0 decodes
/// only from text, which meant parsing every definition a second time), and
/// records which keys of each mapping the value asked for, so that the keys
/// nobody asked for (unknown or misspelled fields) can be named.
///
/// Scalars are converted with Yams' own `ScalarConstructible` conversions,
/// as its `YAMLDecoder` does.
final class NodeDecoder {
    /// The keys asked for in each mapping, by path (`criteria.rate`, `confusions[1]`).
    private(set) var askedKeys: [String: Set<String>] = [:]

    func decode<T: Decodable>(_ type: T.Type, from node: Node) throws -> T {
        try T(from: NodeDecoding(node: node, codingPath: [], log: self))
    }

    fileprivate func asked(_ key: String, at path: [any CodingKey]) {
        askedKeys[Self.path(path), default: []].insert(key)
    }

    /// A coding path written as the unknown-key walk writes it.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return text
    }
}

/// A list position as a coding key.
private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct NodeDecoding: Decoder {
    let node: Node
    let codingPath: [any CodingKey]
    let log: NodeDecoder
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let mapping) = node else { throw mismatch([String: Any].self, codingPath, node) }
        var values: [String: Node] = [:]
        for (key, value) in mapping where values[key.string ?? ""] == nil { values[key.string ?? ""] = value }
        return KeyedDecodingContainer(KeyedNodeContainer<Key>(values: values, codingPath: codingPath, log: log))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let sequence) = node else { throw mismatch([Any].self, codingPath, node) }
        return UnkeyedNodeContainer(items: Array(sequence), codingPath: codingPath, log: log)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleNodeContainer(node: node, codingPath: codingPath, log: log) }
}

private func mismatch(_ type: Any.Type, _ path: [any CodingKey], _ node: Node) -> DecodingError {
    .typeMismatch(type, .init(codingPath: path, debugDescription: "Expected to decode \(type) but found \(describe(node)) instead."))
}

private func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar): return "'\(scalar.string)'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    }
}

/// A node converted to `T`: scalars of the basic types with Yams' own
/// conversions (as its decoder does), anything else by `T`'s decoding.
/// The types are compared directly: a dynamic cast to a protocol per value
/// cost more than the rest of the decoding.
private func value<T: Decodable>(_ type: T.Type, _ node: Node, _ path: [any CodingKey], _ log: NodeDecoder) throws -> T {
    func scalar() throws -> Node.Scalar {
        guard case .scalar(let scalar) = node else { throw mismatch(type, path, node) }
        return scalar
    }
    func converted<S: ScalarConstructible>(_ kind: S.Type) throws -> T {
        guard let result = S.construct(from: try scalar()) else { throw mismatch(type, path, node) }
        return result as! T
    }
    if T.self == String.self { return try converted(String.self) }
    if T.self == Double.self { return try converted(Double.self) }
    if T.self == Int.self { return try converted(Int.self) }
    if T.self == Bool.self { return try converted(Bool.self) }
    if T.self == Float.self { return try converted(Float.self) }
    return try T(from: NodeDecoding(node: node, codingPath: path, log: log))
}

private func isNull(_ node: Node) -> Bool { node.null != nil }

private struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let values: [String: Node]
    let codingPath: [any CodingKey]
    let log: NodeDecoder

    var allKeys: [Key] { values.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool {
        log.asked(key.stringValue, at: codingPath)
        return values[key.stringValue] != nil
    }

    private func node(_ key: Key) throws -> Node {
        log.asked(key.stringValue, at: codingPath)
        guard let node = values[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
        }
        return node
    }

    func decodeNil(forKey key: Key) throws -> Bool { isNull(try node(key)) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try value(type, try node(key), codingPath + [key], log)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoding(node: try node(key), codingPath: codingPath + [key], log: log).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoding(node: try node(key), codingPath: codingPath + [key], log: log).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { NodeDecoding(node: .mapping(Node.Mapping([])), codingPath: codingPath, log: log) }

    func superDecoder(forKey key: Key) throws -> any Decoder { NodeDecoding(node: try node(key), codingPath: codingPath + [key], log: log) }
}

private struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
    let items: [Node]
    let codingPath: [any CodingKey]
    let log: NodeDecoder
    var currentIndex = 0

    init(items: [Node], codingPath: [any CodingKey], log: NodeDecoder) {
        self.items = items
        self.codingPath = codingPath
        self.log = log
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next(_ type: Any.Type) throws -> (Node, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "Unkeyed container is at end."))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, isNull(items[currentIndex]) else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (node, path) = try next(type)
        return try value(type, node, path, log)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (node, path) = try next([String: Any].self)
        return try NodeDecoding(node: node, codingPath: path, log: log).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (node, path) = try next([Any].self)
        return try NodeDecoding(node: node, codingPath: path, log: log).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (node, path) = try next(Any.self)
        return NodeDecoding(node: node, codingPath: path, log: log)
    }
}

private struct SingleNodeContainer: SingleValueDecodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    let log: NodeDecoder

    func decodeNil() -> Bool { isNull(node) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try value(type, node, codingPath, log) }
}
