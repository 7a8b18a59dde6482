import Foundation
import Testing
@testable import RhythmLibrary

@Suite struct RhythmLibraryTests {
    static let requiredIDs = [
        "nsr", "sinus-brady", "sinus-tach", "sinus-arrhythmia", "sinus-pause", "sinus-pac", "sinus-pvc",
        "vent-bigeminy", "vent-trigeminy", "pvc-couplets", "afib", "afib-rvr", "aflutter-2to1",
        "aflutter-4to1", "aflutter-variable", "mat", "svt", "junctional", "junctional-accel",
        "junctional-tach", "av-block-1", "mobitz1", "mobitz2", "av-block-2to1", "chb",
        "idioventricular", "aivr", "vt-mono", "torsades", "vf-coarse", "vf-fine", "asystole",
        "paced-atrial", "paced-ventricular", "paced-av", "sinus-bbb",
    ]

    @Test func builtInHasEveryRequiredRhythm() {
        let ids = Set(RhythmLibrary.builtIn.definitions.map(\.id))
        for id in Self.requiredIDs { #expect(ids.contains(id), "missing \(id)") }
        #expect(RhythmLibrary.builtIn.definitions.count >= 33)
    }

    @Test func builtInMatchesTheRhythmsFolder() throws {
        // The embedded copy must be the current Rhythms/*.yaml (the plugin reruns on edits).
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Rhythms")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names == RhythmLibrary.embeddedFiles.map(\.name))
        for (name, text) in RhythmLibrary.embeddedFiles {
            let onDisk = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(onDisk == text || onDisk == text + "\n", "\(name) differs from the embedded copy")
        }
    }

    @Test func namesAndAliasesAreUnambiguous() {
        var seen: [String: String] = [:]
        for definition in RhythmLibrary.builtIn.definitions {
            for key in Set(([definition.id] + definition.aliases).map { $0.lowercased() }) {
                let name = key
                #expect(seen[key] == nil, "\(name) names both \(seen[key] ?? "") and \(definition.id)")
                seen[key] = definition.id
            }
            #expect(!definition.criteria.features.isEmpty)
            #expect(!definition.criteria.confusions.isEmpty, "\(definition.id) lists no confusions")
        }
    }

    @Test func resolvesAliasesAndSuggestsCloseIDs() throws {
        let library = RhythmLibrary.builtIn
        #expect(try library.resolve("VT").id == "vt-mono")
        #expect(try library.resolve("vf").id == "vf-coarse")
        #expect(try library.resolve("Wenckebach").id == "mobitz1")
        #expect(throws: UnknownRhythmError.self) { try library.resolve("afibb") }
        #expect(library.suggestions(for: "afibb").first == "afib")
        #expect(library.suggestions(for: "mobits2").contains("mobitz2"))
    }

    // MARK: Rejecting bad definitions

    static let nsrText = RhythmLibrary.embeddedFiles.first { $0.name == "nsr.yaml" }!.text

    func loadError(for text: String, file: String = "nsr.yaml") -> RhythmLibraryError? {
        do {
            _ = try RhythmLibrary(files: RhythmLibrary.embeddedFiles.filter { $0.name != file } + [(file, text)])
            return nil
        } catch let error as RhythmLibraryError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func rejectsAnUnknownField() throws {
        let text = Self.nsrText.replacingOccurrences(of: "    variability: [0.01, 0.04]", with: "    variabilty: [0.01, 0.04]")
        let error = try #require(loadError(for: text))
        #expect(error.file == "nsr.yaml")
        #expect(error.field == "synthesis.atria.variabilty")
        #expect(error.reason.contains("unknown"))
    }

    /// Unknown keys inside list items and wrong types are named by their path;
    /// with two unknown keys the first in the file is reported.
    @Test func namesUnknownKeysInListsAndTheFirstOfSeveral() throws {
        let inList = Self.nsrText.replacingOccurrences(of: "- id: av-block-1", with: "- id: av-block-1\n      howto: extra")
        let listError = try #require(loadError(for: inList))
        #expect(listError.field == "criteria.confusions[1].howto")
        #expect(listError.reason.contains("unknown"))
        let two = Self.nsrText.replacingOccurrences(of: "group: normal\n", with: "group: normal\ncolour: red\n")
            .replacingOccurrences(of: "    variability: [0.01, 0.04]", with: "    variabilty: [0.01, 0.04]")
        #expect(try #require(loadError(for: two)).field == "colour")
        let wrongType = try #require(loadError(for: Self.nsrText.replacingOccurrences(of: "rate: [62, 98]", with: "rate: [62, fast]")))
        #expect(wrongType.field == "synthesis.atria.rate[1]")
        #expect(wrongType.reason.contains("a number"))
    }

    @Test func rejectsMinAboveMax() throws {
        let text = Self.nsrText.replacingOccurrences(of: "rate: [62, 98]", with: "rate: [98, 62]")
        let error = try #require(loadError(for: text))
        #expect(error.field == "synthesis.atria.rate")
        #expect(error.reason.contains("above max"))
    }

    @Test func rejectsARateTheModelCannotMake() throws {
        let text = Self.nsrText.replacingOccurrences(of: "rate: [62, 98]", with: "rate: [62, 400]")
        let error = try #require(loadError(for: text))
        #expect(error.field == "synthesis.atria.rate")
        #expect(error.reason.contains("outside what the synthesizer can make"))
    }

    @Test func rejectsSynthesisOutsideItsOwnCriteria() throws {
        let text = Self.nsrText.replacingOccurrences(of: "pr: [0.13, 0.19]", with: "pr: [0.13, 0.26]")
        let error = try #require(loadError(for: text))
        #expect(error.field == "synthesis.conduction.pr")
        #expect(error.reason.contains("criteria.prInterval.seconds"))
    }

    @Test func rejectsAMissingFieldAndABadEnum() throws {
        let missing = try #require(loadError(for: Self.nsrText.replacingOccurrences(of: "group: normal\n", with: "")))
        #expect(missing.field == "group")
        let badEnum = try #require(loadError(for: Self.nsrText.replacingOccurrences(of: "group: normal", with: "group: sinus")))
        #expect(badEnum.field == "group")
        let badConfusion = try #require(loadError(for: Self.nsrText.replacingOccurrences(of: "- id: av-block-1", with: "- id: av-block-9")))
        #expect(badConfusion.field == "criteria.confusions[1].id")
    }

    @Test func rejectsIDNotMatchingFileName() throws {
        let error = try #require(loadError(for: Self.nsrText, file: "sinus.yaml"))
        #expect(error.field == "id")
    }

    @Test func overridesFromAFolderReplaceAndAdd() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rhythms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let renamed = Self.nsrText.replacingOccurrences(of: "name: Normal sinus rhythm", with: "name: Sinus rhythm (local)")
        try renamed.write(to: folder.appendingPathComponent("nsr.yaml"), atomically: true, encoding: .utf8)
        let added = Self.nsrText.replacingOccurrences(of: "id: nsr", with: "id: nsr-slow")
            .replacingOccurrences(of: "aliases: [NSR, sinus rhythm, SR, normal]", with: "aliases: []")
        try added.write(to: folder.appendingPathComponent("nsr-slow.yaml"), atomically: true, encoding: .utf8)
        let library = try RhythmLibrary(loadingOverrides: folder)
        #expect(library.definition(named: "nsr")?.name == "Sinus rhythm (local)")
        #expect(library.definition(named: "nsr-slow") != nil)
        #expect(library.definitions.count == RhythmLibrary.builtIn.definitions.count + 1)

        let broken = Self.nsrText.replacingOccurrences(of: "duration: [0.07, 0.10]    # s", with: "duration: [0.07, 0.30]")
        try broken.write(to: folder.appendingPathComponent("nsr.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try RhythmLibrary(loadingOverrides: folder)
            Issue.record("a QRS of 0.30 s was accepted")
        } catch let error as RhythmLibraryError {
            #expect(error.file.hasSuffix("nsr.yaml") && error.file.contains(folder.lastPathComponent))
            #expect(error.field == "synthesis.ventricles.qrs.duration")
        }
    }
}
