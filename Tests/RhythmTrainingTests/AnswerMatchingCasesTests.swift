import Foundation
import RhythmLibrary
import Testing
@testable import RhythmTraining

/// The typed-answer cases the browser drill's JavaScript is also held to
/// (Tests/Browser/answer_matching_cases.json, checked in the page by
/// drill_browser_test.mjs): both drills read a learner's answer the same way.
@Suite("Typed answers: the shared cases of the terminal and browser drills")
struct AnswerMatchingCasesTests {
    struct Cases: Decodable {
        struct Case: Decodable {
            var input: String
            var rhythm: String?
            var ambiguous: [String]?
            var unknown: Bool?
        }
        var pool: [String]
        var cases: [Case]
    }

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Browser/answer_matching_cases.json")

    @Test("every shared case gives the expected rhythm, ambiguity or unknown")
    func sharedCases() throws {
        let cases = try JSONDecoder().decode(Cases.self, from: Data(contentsOf: Self.file))
        let library = RhythmLibrary.builtIn
        let pool = try cases.pool.map { try #require(library.definition(named: $0)) }
        let matcher = AnswerMatcher(options: pool, library: library)
        #expect(cases.cases.count >= 20)
        for item in cases.cases {
            let result = matcher.match(item.input)
            if let id = item.rhythm {
                #expect(result == .rhythm(library.definition(named: id)!), "'\(item.input)' gave \(result)")
            } else if let ids = item.ambiguous {
                guard case .ambiguous(let rhythms) = result else {
                    Issue.record("'\(item.input)' gave \(result), expected ambiguous \(ids)")
                    continue
                }
                #expect(Set(rhythms.map(\.id)) == Set(ids), "'\(item.input)'")
            } else {
                #expect(result == .unknown, "'\(item.input)' gave \(result)")
            }
        }
    }
}
