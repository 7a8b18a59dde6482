import RhythmLibrary

/// The rhythms a deck or drill draws from: given ids, whole groups, a course,
/// or (with nothing given) the whole library.
public struct RhythmSelection: Sendable {
    public var rhythms: [RhythmDefinition]
    /// A short description for titles and the answer key (`ACLS course`, `afib, mobitz2`).
    public var title: String
    /// Relative weights by rhythm id, from `--rhythms afib:3,nsr` (missing ids weigh 1).
    public var weights: [String: Double]

    public init(rhythms: [RhythmDefinition], title: String, weights: [String: Double] = [:]) {
        self.rhythms = rhythms
        self.title = title
        self.weights = weights
    }

    /// Resolves the command-line choices; at most one of them may be given.
    ///
    /// - Parameters:
    ///   - rhythms: ids or aliases separated by commas (`afib,Mobitz II`), each
    ///     optionally weighted (`afib:3,nsr` draws afib three times as often).
    ///   - groups: group names separated by commas (`bradycardia,av-block`).
    ///   - course: a course name (`acls`).
    public static func resolve(
        rhythms: String?, groups: String?, course: String?, library: RhythmLibrary = .builtIn
    ) throws -> RhythmSelection {
        let given = [rhythms, groups, course].compactMap { $0 }
        guard given.count <= 1 else {
            throw TrainingError("give only one of --rhythms, --group and --course")
        }
        if let rhythms {
            let names = split(rhythms)
            guard !names.isEmpty else { throw TrainingError("--rhythms is empty; give rhythm ids such as afib,mobitz2") }
            var chosen: [RhythmDefinition] = []
            var weights: [String: Double] = [:]
            for item in names {
                var name = item
                var weight: Double?
                if let colon = item.lastIndex(of: ":") {
                    let text = item[item.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    guard let value = Double(text), value.isFinite, value > 0, value <= 100 else {
                        throw TrainingError("weight '\(text)' of '\(item)' must be a number above 0 and at most 100 (as in afib:3)")
                    }
                    weight = value
                    name = item[..<colon].trimmingCharacters(in: .whitespaces)
                }
                let definition: RhythmDefinition
                do {
                    definition = try library.resolve(name)
                } catch let error as UnknownRhythmError {
                    throw TrainingError(error.description)
                }
                if !chosen.contains(where: { $0.id == definition.id }) { chosen.append(definition) }
                if let weight { weights[definition.id] = weight }
            }
            return RhythmSelection(rhythms: chosen, title: chosen.map(\.id).joined(separator: ", "), weights: weights)
        }
        if let groups {
            let names = split(groups)
            guard !names.isEmpty else { throw TrainingError("--group is empty; give group names such as bradycardia") }
            var chosen: [RhythmDefinition] = []
            var titles: [String] = []
            for name in names {
                guard let group = RhythmGroup(rawValue: name.lowercased()) else {
                    let all = RhythmGroup.allCases.map(\.rawValue)
                    let close = all.filter { distance(name.lowercased(), $0) <= max(2, name.count / 3) || $0.hasPrefix(name.lowercased()) }
                    let hint = close.isEmpty ? "" : "; did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))?"
                    throw TrainingError("unknown rhythm group '\(name)'\(hint) (groups: \(all.joined(separator: ", ")))")
                }
                titles.append(group.title)
                for definition in library.definitions where definition.group == group
                    && !chosen.contains(where: { $0.id == definition.id }) {
                    chosen.append(definition)
                }
            }
            return RhythmSelection(rhythms: chosen, title: titles.joined(separator: ", "))
        }
        if let course {
            guard let preset = Course(rawValue: course.lowercased()) else {
                throw TrainingError("unknown course '\(course)'; available: \(Course.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let chosen = try preset.rhythmIDs.map { id in
                guard let definition = library.definition(named: id) else {
                    throw TrainingError("the \(preset.rawValue) course needs rhythm '\(id)', which the library lacks")
                }
                return definition
            }
            return RhythmSelection(rhythms: chosen, title: preset.title)
        }
        return RhythmSelection(rhythms: library.definitions, title: "All \(library.definitions.count) rhythms of the library")
    }

    private static func split(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func distance(_ a: String, _ b: String) -> Int { EditDistance.between(a, b) }
}
