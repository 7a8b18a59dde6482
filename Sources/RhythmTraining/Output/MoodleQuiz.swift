import Foundation
import RhythmLibrary

/// A Moodle XML quiz: one multiple-choice question per strip, the picture
/// embedded in the question text (`@@PLUGINFILE@@` with a base64 `<file>`),
/// the wrong options taken from the rhythm's documented confusions.
///
/// Follows the format of Moodle's documentation ("Moodle XML format"):
/// `<quiz>` of `<question type="multichoice">` with `<name>`, `<questiontext>`,
/// `<generalfeedback>`, `<defaultgrade>`, `<penalty>`, `<hidden>`, `<single>`,
/// `<shuffleanswers>`, `<answernumbering>` and `<answer fraction>` elements,
/// preceded by a category question.
struct MoodleQuiz {
    var category: String
    var strips: [MadeStrip]
    var names: [String]
    var pool: [RhythmDefinition]
    var library: RhythmLibrary
    /// Wrong options per question.
    static let distractorCount = 4

    func xml() -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <quiz>
            <!-- Made by rhythmstrip deck; import in Moodle: Question bank > Import > Moodle XML format. -->
              <question type="category">
                <category><text>$course$/top/\(HTMLText.escape(category))</text></category>
              </question>

            """
        for (strip, name) in zip(strips, names) {
            out += question(strip, name: name)
        }
        out += "</quiz>\n"
        return out
    }

    private func question(_ strip: MadeStrip, name: String) -> String {
        let rhythm = strip.plan.rhythm
        let file = "\(name).png"
        let widthPixels = Int((strip.widthMillimetres / 25.4 * 96).rounded())
        let text = """
            <p>Strip \(strip.plan.number): identify the rhythm (lead II, 25 mm/s, 10 mm/mV).</p>\
            <p><img src="@@PLUGINFILE@@/\(file)" alt="ECG rhythm strip \(strip.plan.number)" width="\(widthPixels)" style="max-width: 100%; height: auto;"></p>
            """
        var general = "<p><strong>\(HTMLText.escape(rhythm.name))</strong> (\(HTMLText.escape(rhythm.group.title))).</p><ul>"
        for item in TeachingPoints.criteria(of: rhythm) {
            general += "<li><strong>\(item.label):</strong> \(HTMLText.escape(item.text))</li>"
        }
        general += "</ul><p>On this strip: \(HTMLText.escape(strip.figures.summary)).</p>"
        var answers = answer(fraction: 100, text: rhythm.name, feedback: "Correct: " + (rhythm.criteria.features.first ?? rhythm.summary))
        let wrong = TeachingPoints.distractors(for: rhythm, among: pool, library: library, count: Self.distractorCount)
        for other in wrong {
            let how = TeachingPoints.howToTell(rhythm, from: other) ?? "This strip is \(rhythm.name): \(rhythm.criteria.features.first ?? rhythm.summary)"
            answers += answer(fraction: 0, text: other.name, feedback: how)
        }
        return """
              <question type="multichoice">
                <name><text>Strip \(String(format: "%02d", strip.plan.number)): rhythm identification</text></name>
                <questiontext format="html">
                  <text>\(Self.cdata(text))</text>
                  <file name="\(file)" path="/" encoding="base64">\(strip.questionPNG.base64EncodedString())</file>
                </questiontext>
                <generalfeedback format="html">
                  <text>\(Self.cdata(general))</text>
                </generalfeedback>
                <defaultgrade>1.0000000</defaultgrade>
                <penalty>0.3333333</penalty>
                <hidden>0</hidden>
                <idnumber></idnumber>
                <single>true</single>
                <shuffleanswers>true</shuffleanswers>
                <answernumbering>abc</answernumbering>
                <showstandardinstruction>0</showstandardinstruction>
                <correctfeedback format="html"><text>Your answer is correct.</text></correctfeedback>
                <partiallycorrectfeedback format="html"><text>Your answer is partially correct.</text></partiallycorrectfeedback>
                <incorrectfeedback format="html"><text>Your answer is incorrect.</text></incorrectfeedback>
            \(answers)  </question>

            """
    }

    private func answer(fraction: Int, text: String, feedback: String) -> String {
        """
              <answer fraction="\(fraction)" format="html">
                <text>\(Self.cdata(HTMLText.escape(text)))</text>
                <feedback format="html"><text>\(Self.cdata(HTMLText.escape(feedback)))</text></feedback>
              </answer>

        """
    }

    /// A CDATA section; a `]]>` inside is split across two sections.
    static func cdata(_ text: String) -> String {
        "<![CDATA[" + text.replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>") + "]]>"
    }
}
