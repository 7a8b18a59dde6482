import RhythmLibrary
import Testing
@testable import RhythmTraining

@Suite("Rhythm selection and answer matching")
struct SelectionAndMatchingTests {
    @Test("the ACLS course resolves to library rhythms of the brady, tachy and arrest algorithms")
    func acls() throws {
        let selection = try RhythmSelection.resolve(rhythms: nil, groups: nil, course: "acls")
        let ids = Set(selection.rhythms.map(\.id))
        #expect(ids.isSuperset(of: ["sinus-brady", "mobitz2", "chb", "afib", "svt", "vt-mono", "torsades", "vf-coarse", "asystole"]))
        #expect(selection.rhythms.count == Course.acls.rhythmIDs.count)
    }

    @Test("an unknown rhythm id fails with a did-you-mean")
    func unknownRhythm() {
        #expect {
            try RhythmSelection.resolve(rhythms: "afib,mobits2", groups: nil, course: nil)
        } throws: { error in
            "\(error)".contains("mobits2") && "\(error)".contains("did you mean 'mobitz2'")
        }
    }

    @Test("an unknown group fails naming the close group")
    func unknownGroup() {
        #expect {
            try RhythmSelection.resolve(rhythms: nil, groups: "bradycardai", course: nil)
        } throws: { error in "\(error)".contains("'bradycardia'") }
    }

    @Test("groups collect their rhythms; two choices at once are refused")
    func groups() throws {
        let selection = try RhythmSelection.resolve(rhythms: nil, groups: "av-block", course: nil)
        #expect(Set(selection.rhythms.map(\.id)) == ["av-block-1", "av-block-2to1", "mobitz1", "mobitz2", "chb"])
        #expect(throws: TrainingError.self) { try RhythmSelection.resolve(rhythms: "afib", groups: "av-block", course: nil) }
    }

    @Test("answers by number, id, alias, name and with small typos", arguments: [
        ("2", "afib"), ("afib", "afib"), ("A-fib", "afib"), ("atrial fibrilation", "afib"),
        ("Mobitz II", "mobitz2"), ("wenckebach", "mobitz1"), ("third degree av block", "chb"),
        ("normal sinus rythm", "nsr"), ("VT", "vt-mono"),
    ])
    func matches(input: String, id: String) throws {
        let library = RhythmLibrary.builtIn
        let options = try ["nsr", "afib", "mobitz1"].map { try library.resolve($0) }
        let matcher = AnswerMatcher(options: options)
        guard case .rhythm(let rhythm) = matcher.match(input) else {
            Issue.record("'\(input)' did not match")
            return
        }
        #expect(rhythm.id == id)
    }

    @Test("nonsense and out-of-range numbers are not answers", arguments: ["", "xyzzy", "9", "0"])
    func unknownAnswers(input: String) throws {
        let options = try ["nsr", "afib"].map { try RhythmLibrary.builtIn.resolve($0) }
        #expect(AnswerMatcher(options: options).match(input) == .unknown)
    }
}

@Suite("Weighted selections")
struct WeightedSelectionTests {
    @Test("id:N weights a rhythm in the deck; a bad weight is refused")
    func weights() throws {
        let selection = try RhythmSelection.resolve(rhythms: "afib:3, nsr", groups: nil, course: nil)
        #expect(selection.weights == ["afib": 3])
        let plans = try DeckPlanner(selection: selection, count: 8, difficulty: .easy, seed: 2, weights: selection.weights).plan()
        #expect(plans.filter { $0.rhythm.id == "afib" }.count == 6)
        for bad in ["afib:0", "afib:x", "afib:-2", "afib:1000"] {
            #expect(throws: TrainingError.self) { try RhythmSelection.resolve(rhythms: bad, groups: nil, course: nil) }
        }
    }
}
