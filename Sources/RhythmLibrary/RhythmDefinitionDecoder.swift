import Foundation
import Yams

/// Decodes one definition file strictly: unknown fields are errors, and every
/// error names the file and the field.
enum RhythmDefinitionDecoder {
    static func decode(_ text: String, file: String) throws -> RhythmDefinition {
        let source: Node
        do {
            // No implicit tags: scalars are converted to the type asked for (as Yams'
            // decoder does), and tag resolution, a regular expression per scalar, was
            // most of the cost of loading the library.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                throw RhythmLibraryError(file: file, field: "", reason: "the file is empty")
            }
            source = node
        } catch let error as RhythmLibraryError {
            throw error
        } catch {
            throw RhythmLibraryError(file: file, field: "", reason: "not valid YAML: \(error)")
        }
        let definition: RhythmDefinition
        let decoder = NodeDecoder()
        do {
            definition = try decoder.decode(RhythmDefinition.self, from: source)
        } catch let error as DecodingError {
            throw describe(error, file: file)
        } catch {
            throw RhythmLibraryError(file: file, field: "", reason: "\(error)")
        }
        // Codable ignores keys it does not know: a key of the file that the
        // decoding never asked for is unknown.
        if let unknown = firstUnknownKey(in: source, asked: decoder.askedKeys, path: "") {
            throw RhythmLibraryError(file: file, field: unknown, reason: "unknown field")
        }
        let expectedName = "\(definition.id).yaml"
        let base = (file as NSString).lastPathComponent
        if base != expectedName && base != "\(definition.id).yml" {
            throw RhythmLibraryError(file: file, field: "id", reason: "id '\(definition.id)' must match the file name (\(expectedName))")
        }
        return definition
    }

    /// The first key of `source`, in file order and depth first, that the
    /// decoding did not ask for (`asked`: the keys asked for, by mapping path).
    private static func firstUnknownKey(in source: Node, asked: [String: Set<String>], path: String) -> String? {
        switch source {
        case .mapping(let mapping):
            let known = asked[path] ?? []
            for (key, value) in mapping {
                let name = key.string ?? "?"
                let field = path.isEmpty ? name : "\(path).\(name)"
                if value.null != nil { continue }
                guard known.contains(name) else { return field }
                if let unknown = firstUnknownKey(in: value, asked: asked, path: field) { return unknown }
            }
        case .sequence(let sequence):
            for (index, item) in sequence.enumerated() {
                if let unknown = firstUnknownKey(in: item, asked: asked, path: "\(path)[\(index)]") { return unknown }
            }
        default:
            break
        }
        return nil
    }

    private static func describe(_ error: DecodingError, file: String) -> RhythmLibraryError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
                .joined().replacingOccurrences(of: ".[", with: "[")
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return RhythmLibraryError(file: file, field: field, reason: "required field is missing")
        case .typeMismatch(let type, let context):
            return RhythmLibraryError(file: file, field: path(context.codingPath), reason: "expected \(typeName(type)); \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return RhythmLibraryError(file: file, field: path(context.codingPath), reason: "expected \(typeName(type)), found nothing")
        case .dataCorrupted(let context):
            return RhythmLibraryError(file: file, field: path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            return RhythmLibraryError(file: file, field: "", reason: "\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type: return "a number"
        case is String.Type: return "text"
        case is [String].Type: return "a list of text"
        default: return String(describing: type)
        }
    }
}
