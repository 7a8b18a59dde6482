import ArgumentParser
import Foundation
import RhythmLibrary

/// `rhythmstrip rhythms`: the rhythm library, as a table or one rhythm's criteria.
struct RhythmsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rhythms",
        abstract: "List the rhythm library, or show how to identify one rhythm.",
        discussion: """
            Without arguments, lists every rhythm: id, name and group. `rhythms show ID`
            prints the identification criteria as a learner reads them. Ids and aliases
            (AF, VT, Wenckebach, ...) are both accepted.
            """,
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    /// `--rhythms DIR`: extra or replacement definitions, shared by the commands that use the library.
    struct LibraryOptions: ParsableArguments {
        @Option(name: .customLong("rhythms"), help: ArgumentHelp(
            "A folder of rhythm definitions (*.yaml) that add to or replace the built-in ones.",
            valueName: "dir"))
        var folder: String?

        func load() throws -> RhythmLibrary {
            guard let folder else { return .builtIn }
            return try RhythmLibrary(loadingOverrides: URL(fileURLWithPath: folder))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every rhythm: id, name, group.")

        @OptionGroup var library: LibraryOptions

        func run() throws {
            let definitions = try library.load().definitions
            let idWidth = max(2, definitions.map(\.id.count).max() ?? 0)
            let nameWidth = max(4, definitions.map(\.name.count).max() ?? 0)
            func row(_ id: String, _ name: String, _ group: String) -> String {
                id.padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  "
                    + name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  " + group
            }
            print(row("ID", "NAME", "GROUP"))
            for definition in definitions {
                print(row(definition.id, definition.name, definition.group.title))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show how to identify one rhythm.")

        @OptionGroup var library: LibraryOptions

        @Argument(help: "A rhythm id or alias (see `rhythmstrip rhythms`).")
        var rhythm: String

        func run() throws {
            let library = try library.load()
            print(Self.describe(try library.resolve(rhythm), in: library), terminator: "")
        }

        /// The criteria laid out for a learner, wrapped to 78 columns.
        static func describe(_ definition: RhythmDefinition, in library: RhythmLibrary) -> String {
            let criteria = definition.criteria
            var text = "\(definition.name) (\(definition.id))\n"
            text += "Group: \(definition.group.title)\n"
            if !definition.aliases.isEmpty { text += wrap(definition.aliases.joined(separator: ", "), prefix: "Also called: ") }
            text += "\n" + wrap(definition.summary) + "\n"
            let items = [
                ("Rate", criteria.rate.text), ("Regularity", criteria.regularity.text),
                ("P waves", criteria.pWaves.text), ("PR interval", criteria.prInterval.text),
                ("QRS", criteria.qrs.text),
            ]
            for (label, value) in items {
                text += wrap(value, prefix: (label + ":").padding(toLength: 13, withPad: " ", startingAt: 0))
            }
            text += "\nDistinguishing features:\n"
            for feature in criteria.features { text += wrap(feature, prefix: "  - ") }
            text += "\nCommonly confused with:\n"
            for confusion in criteria.confusions {
                let name = library.definition(named: confusion.id)?.name ?? confusion.id
                text += wrap("\(name) (\(confusion.id)): \(confusion.how)", prefix: "  - ")
            }
            return text
        }

        /// Word-wraps one paragraph after `prefix` (kept as written); continuation
        /// lines are indented by the prefix's width.
        static func wrap(_ paragraph: String, prefix: String = "", width: Int = 78) -> String {
            var lines: [String] = []
            var line = prefix
            var lineHasWords = false
            for word in paragraph.split(separator: " ") {
                if lineHasWords, line.count + 1 + word.count > width {
                    lines.append(line)
                    line = String(repeating: " ", count: prefix.count)
                    lineHasWords = false
                }
                line += (lineHasWords ? " " : "") + word
                lineHasWords = true
            }
            lines.append(line)
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
