import Foundation
import FoundationXML
import RhythmLibrary
import Testing
@testable import RhythmTraining

@Suite("Deck output")
struct DeckBuilderTests {
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("deck-test-\(UUID().uuidString)")
    }

    static func request(_ out: URL, seed: UInt64 = 21, count: Int = 6, html: Bool = true, force: Bool = false) throws -> DeckRequest {
        let selection = try RhythmSelection.resolve(rhythms: "afib,mobitz2,nsr,vf-coarse,aflutter-2to1", groups: nil, course: nil)
        return DeckRequest(selection: selection, count: count, seconds: 6, difficulty: .mixed, seed: seed, html: html, force: force, output: out)
    }

    static func files(in folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            result[String(url.path.dropFirst(folder.path.count + 1))] = try Data(contentsOf: url)
        }
        return result
    }

    @Test("the same seed gives byte-identical folders; the files a deck promises are there")
    func reproducible() throws {
        let a = Self.temporaryFolder(), b = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        _ = try DeckBuilder.build(Self.request(a))
        _ = try DeckBuilder.build(Self.request(b))
        let filesA = try Self.files(in: a), filesB = try Self.files(in: b)
        #expect(filesA.keys.sorted() == filesB.keys.sorted())
        for (name, data) in filesA { #expect(filesB[name] == data, "\(name) differs") }
        for name in ["strip-01.png", "strip-06-answer.png", "answers.csv", "answers.json", "worksheet.html",
                     "quiz-moodle.xml", "drill.html", "records/strip-03.hea", "records/strip-03.dat", "records/strip-03.atr"] {
            #expect(filesA[name] != nil, "missing \(name)")
        }
        // Nothing left beside the output.
        let parent = a.deletingLastPathComponent()
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: parent.path).filter { $0.hasPrefix(".\(a.lastPathComponent)") }
        #expect(leftovers.isEmpty)
    }

    @Test("answers.json and .csv: one entry per strip with the truth's id, name and group, the seeds")
    func answerKey() throws {
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let summary = try DeckBuilder.build(Self.request(out))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("answers.json"))) as! [String: Any]
        let deck = json["deck"] as! [String: Any]
        #expect(deck["seed"] as? String == "21")
        let strips = json["strips"] as! [[String: Any]]
        #expect(strips.count == 6)
        for (entry, strip) in zip(strips, summary.strips) {
            #expect(entry["rhythmID"] as? String == strip.plan.rhythm.id)
            #expect(entry["rhythmName"] as? String == strip.plan.rhythm.name)
            #expect(entry["aclsGroup"] as? String == strip.plan.rhythm.group.title)
            #expect(entry["stripSeed"] as? String == String(strip.plan.seed))
            #expect((entry["keyFeatures"] as? [String])?.isEmpty == false)
        }
        let csv = try String(contentsOf: out.appendingPathComponent("answers.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\r\n")
        #expect(lines.count == 7)
        #expect(lines[0].hasPrefix("number,question_png,answer_png,record,rhythm_id,rhythm_name,acls_group,rate_bpm"))
    }

    @Test("the Moodle XML follows the documented structure; images decode to the strip PNGs; wrong options are documented confusions")
    func moodle() throws {
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let summary = try DeckBuilder.build(Self.request(out))
        let document = try XMLDocument(contentsOf: out.appendingPathComponent("quiz-moodle.xml"), options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "quiz")
        let questions = root.elements(forName: "question")
        #expect(questions.first?.attribute(forName: "type")?.stringValue == "category")
        let choices = questions.filter { $0.attribute(forName: "type")?.stringValue == "multichoice" }
        #expect(choices.count == summary.strips.count)
        let library = RhythmLibrary.builtIn
        for (question, strip) in zip(choices, summary.strips) {
            for required in ["name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden", "single", "shuffleanswers", "answernumbering"] {
                #expect(!question.elements(forName: required).isEmpty, "missing <\(required)>")
            }
            let text = try #require(question.elements(forName: "questiontext").first)
            #expect(text.attribute(forName: "format")?.stringValue == "html")
            let html = try #require(text.elements(forName: "text").first?.stringValue)
            let file = try #require(text.elements(forName: "file").first)
            let name = try #require(file.attribute(forName: "name")?.stringValue)
            #expect(html.contains("@@PLUGINFILE@@/\(name)"))
            #expect(file.attribute(forName: "encoding")?.stringValue == "base64")
            #expect(file.attribute(forName: "path")?.stringValue == "/")
            let png = try #require(Data(base64Encoded: file.stringValue ?? ""))
            #expect(png == strip.questionPNG)
            #expect(try Data(contentsOf: out.appendingPathComponent(name)) == png)
            #expect(question.elements(forName: "single").first?.stringValue == "true")
            let answers = question.elements(forName: "answer")
            let right = answers.filter { $0.attribute(forName: "fraction")?.stringValue == "100" }
            #expect(right.count == 1)
            #expect(right.first?.elements(forName: "text").first?.stringValue == strip.plan.rhythm.name)
            let wrongNames = answers.filter { $0.attribute(forName: "fraction")?.stringValue == "0" }
                .compactMap { $0.elements(forName: "text").first?.stringValue }
            #expect(wrongNames.count == 4)
            let confusionNames = strip.plan.rhythm.criteria.confusions.compactMap { library.definition(named: $0.id)?.name }
            let expectedConfusions = Array(confusionNames.prefix(4))
            #expect(Array(wrongNames.prefix(expectedConfusions.count)) == expectedConfusions)
        }
    }

    @Test("the worksheet sizes each strip in millimetres from its pixels and DPI, and puts the answers on their own page")
    func worksheet() throws {
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let summary = try DeckBuilder.build(Self.request(out, html: false))
        let html = try String(contentsOf: out.appendingPathComponent("worksheet.html"), encoding: .utf8)
        let png = try Data(contentsOf: out.appendingPathComponent("strip-01.png"))
        // IHDR width, big-endian at byte 16.
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let millimetres = Double(width) / 200 * 25.4
        #expect(html.contains("src=\"strip-01.png\""))
        #expect(html.contains("width: \(HTMLText.millimetres(millimetres))"))
        #expect(html.contains(".answers { break-before: page;"))
        #expect(html.contains("@page { size: portrait; margin: 12mm; }"))
        for strip in summary.strips { #expect(html.contains(HTMLText.escape(strip.plan.rhythm.name))) }
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("drill.html").path))
    }

    @Test("a non-empty folder is refused without force and replaced with it; a file in the way is refused")
    func existingOutput() throws {
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: out.appendingPathComponent("notes.txt"))
        #expect { try DeckBuilder.build(Self.request(out, count: 2)) } throws: { "\($0)".contains("--force") }
        #expect(try String(contentsOf: out.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep")
        _ = try DeckBuilder.build(Self.request(out, count: 2, force: true))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("notes.txt").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("strip-02.png").path))

        let file = Self.temporaryFolder()
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: TrainingError.self) { try DeckBuilder.build(Self.request(file, count: 1, force: true)) }
        #expect(throws: TrainingError.self) { try DeckBuilder.build(Self.request(file.appendingPathComponent("sub"), count: 1)) }
    }

    @Test("the HTML drill is self-contained: images as data: URIs, no external references; a spare strip per rhythm")
    func htmlDrill() throws {
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let summary = try DeckBuilder.build(Self.request(out, count: 3))
        let html = try String(contentsOf: out.appendingPathComponent("drill.html"), encoding: .utf8)
        let rhythms = Set(summary.strips.map(\.plan.rhythm.id)).count
        // The three strips, and one comeback strip for each of their rhythms.
        #expect(html.components(separatedBy: "data:image\\/png;base64,").count == 1 + 3 + rhythms)
        let images = html.components(separatedBy: "data:image\\/png;base64,").dropFirst().map { $0.prefix(while: { $0 != "\"" }) }
        #expect(Set(images).count == images.count, "a spare strip repeats a strip of the session")
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src=\"strip"))
        // Three scripts (settings, questions, code): no "</script>" leaks out of the embedded JSON.
        #expect(html.components(separatedBy: "</script>").count == 4)
    }
}
