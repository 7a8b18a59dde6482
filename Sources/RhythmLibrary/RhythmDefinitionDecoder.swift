import Foundation
import Yams

/// Decodes one definition file strictly: unknown fields are errors, and every
/// error names the file and the field.
enum RhythmDefinitionDecoder {
    static func decode(_ text: String, file: String) throws -> RhythmDefinition {
        let source: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw RhythmLibraryError(file: file, field: "", reason: "the file is empty")
            }
            source = node
        } catch let error as RhythmLibraryError {
            throw error
        } catch {
            throw RhythmLibraryError(file: file, field: "", reason: "not valid YAML: \(error)")
        }
        let definition: RhythmDefinition
        do {
            definition = try YAMLDecoder().decode(RhythmDefinition.self, from: text)
        } catch let error as DecodingError {
            throw describe(error, file: file)
        } catch {
            throw RhythmLibraryError(file: file, field: "", reason: "\(error)")
        }
        // Codable ignores keys it does not know. Re-encode what was understood
        // and compare: any key of the file missing from it is unknown.
        let understood = try Yams.compose(yaml: YAMLEncoder().encode(definition))
        if let unknown = firstUnknownKey(in: source, understood: understood, path: "") {
            throw RhythmLibraryError(file: file, field: unknown, reason: "unknown field")
        }
        let expectedName = "\(definition.id).yaml"
        let base = (file as NSString).lastPathComponent
        if base != expectedName && base != "\(definition.id).yml" {
            throw RhythmLibraryError(file: file, field: "id", reason: "id '\(definition.id)' must match the file name (\(expectedName))")
        }
        return definition
    }

    private static func firstUnknownKey(in source: Node, understood: Node?, path: String) -> String? {
        switch source {
        case .mapping(let mapping):
            let known = understood?.mapping
            for (key, value) in mapping {
                let name = key.string ?? "?"
                let field = path.isEmpty ? name : "\(path).\(name)"
                if value.null != nil { continue }
                guard let counterpart = known?[name] else { return field }
                if let unknown = firstUnknownKey(in: value, understood: counterpart, path: field) { return unknown }
            }
        case .sequence(let sequence):
            let known = understood?.sequence
            for (index, item) in sequence.enumerated() {
                let counterpart = known.flatMap { index < $0.count ? $0[index] : nil }
                if let unknown = firstUnknownKey(in: item, understood: counterpart, path: "\(path)[\(index)]") {
                    return unknown
                }
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
