import Foundation
import Yams

/// The rhythm definitions: the built-in ones of `Rhythms/`, compiled into the
/// binary, plus any loaded from a folder at run time.
public struct RhythmLibrary: Sendable {
    /// All definitions, sorted by group then id.
    public private(set) var definitions: [RhythmDefinition]

    /// The definitions compiled into the binary.
    public static let builtIn: RhythmLibrary = {
        do {
            return try RhythmLibrary(files: embeddedFiles.map { ($0.name, $0.text) })
        } catch {
            // The build embeds only files the test suite validates; reaching
            // here means a broken Rhythms/ file was compiled in.
            preconditionFailure("built-in rhythm library is invalid: \(error)")
        }
    }()

    /// Parses and validates definitions given as (file name, YAML text).
    public init(files: [(name: String, text: String)]) throws {
        var byID: [String: RhythmDefinition] = [:]
        var fileOf: [String: String] = [:]
        for (name, text) in files {
            let definition = try RhythmDefinitionDecoder.decode(text, file: name)
            byID[definition.id] = definition
            fileOf[definition.id] = name
        }
        try self.init(validating: byID, files: fileOf)
    }

    /// The built-in library with the `*.yaml` definitions of `folder` added;
    /// a file whose id matches a built-in rhythm replaces it.
    public init(loadingOverrides folder: URL) throws {
        let path = folder.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RhythmLibraryError(file: path, field: "", reason: "no such folder of rhythm definitions")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
        var byID = Dictionary(uniqueKeysWithValues: Self.builtIn.definitions.map { ($0.id, $0) })
        var fileOf = Dictionary(uniqueKeysWithValues: Self.builtIn.definitions.map { ($0.id, "\($0.id).yaml") })
        for name in names {
            let file = folder.appendingPathComponent(name)
            let text: String
            do {
                text = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw RhythmLibraryError(file: file.path, field: "", reason: "cannot be read as UTF-8 text")
            }
            let definition = try RhythmDefinitionDecoder.decode(text, file: file.path)
            byID[definition.id] = definition
            fileOf[definition.id] = file.path
        }
        try self.init(validating: byID, files: fileOf)
    }

    private init(validating byID: [String: RhythmDefinition], files: [String: String]) throws {
        for (id, definition) in byID {
            try RhythmValidator.validate(definition, file: files[id] ?? "\(id).yaml", knownIDs: Set(byID.keys))
        }
        definitions = byID.values.sorted {
            let left = RhythmGroup.allCases.firstIndex(of: $0.group)!
            let right = RhythmGroup.allCases.firstIndex(of: $1.group)!
            return left != right ? left < right : $0.id < $1.id
        }
    }

    /// The definition with this id or alias (case-insensitive), if any.
    public func definition(named name: String) -> RhythmDefinition? {
        definitions.first { $0.id == name } ?? definitions.first { $0.isNamed(name) }
    }

    /// The definition with this id or alias, or an error suggesting the closest ids.
    public func resolve(_ name: String) throws -> RhythmDefinition {
        if let definition = definition(named: name) { return definition }
        let suggestions = suggestions(for: name)
        var reason = "unknown rhythm '\(name)'"
        if !suggestions.isEmpty {
            reason += "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?"
        }
        reason += " (`rhythmstrip rhythms` lists them)"
        throw UnknownRhythmError(name: name, suggestions: suggestions, description: reason)
    }

    /// Ids whose id or aliases are closest to `name` by edit distance.
    public func suggestions(for name: String) -> [String] {
        let key = name.lowercased()
        var scored: [(id: String, distance: Int)] = []
        for definition in definitions {
            let names = [definition.id] + definition.aliases
            var best = names.map { EditDistance.between(key, $0.lowercased()) }.min() ?? .max
            if names.contains(where: { $0.lowercased().hasPrefix(key) && key.count >= 2 }) { best = min(best, 1) }
            scored.append((definition.id, best))
        }
        let limit = max(2, key.count / 3)
        let close = scored.filter { $0.distance <= limit }.sorted { ($0.distance, $0.id) < ($1.distance, $1.id) }
        return Array(close.prefix(3).map(\.id))
    }
}

/// A rhythm name that is neither an id nor an alias of the library.
public struct UnknownRhythmError: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var suggestions: [String]
    public var description: String
}

/// Levenshtein distance between names, for did-you-mean suggestions and
/// forgiving answer matching.
public enum EditDistance {
    /// The number of single-character insertions, deletions and substitutions
    /// that turn `a` into `b`.
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
