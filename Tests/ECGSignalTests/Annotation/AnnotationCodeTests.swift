import Testing
@testable import ECGSignal

@Suite struct AnnotationCodeTests {
    /// `wfdb_qrs` of the WFDB library's lib/ecgmap.h, codes 0...49.
    static let wfdbQRS: [Bool] = [
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
        1, 1, 0, 0, 1, 1, 0, 0, 1, 0,
        0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    ].map { $0 == 1 }

    @Test func isBeatMatchesTheWFDBTable() {
        for raw in UInt8(0)...AnnotationCode.maximum {
            #expect(AnnotationCode(rawValue: raw).isBeat == Self.wfdbQRS[Int(raw)], "code \(raw)")
        }
    }

    /// Mnemonics as in `cstring` of lib/annot.c, for the codes ecgcodes.h defines.
    @Test(arguments: [
        (1, "N"), (2, "L"), (3, "R"), (4, "a"), (5, "V"), (6, "F"), (7, "J"), (8, "A"), (9, "S"), (10, "E"),
        (11, "j"), (12, "/"), (13, "Q"), (14, "~"), (16, "|"), (18, "s"), (19, "T"), (20, "*"), (21, "D"),
        (22, "\""), (23, "="), (24, "p"), (25, "B"), (26, "^"), (27, "t"), (28, "+"), (29, "u"), (30, "?"),
        (31, "!"), (32, "["), (33, "]"), (34, "e"), (35, "n"), (36, "@"), (37, "x"), (38, "f"), (39, "("),
        (40, ")"), (41, "r"),
    ] as [(UInt8, String)])
    func mnemonicsMatchWFDB(code: UInt8, mnemonic: String) {
        #expect(AnnotationCode(rawValue: code).mnemonic == mnemonic)
        #expect(AnnotationCode(mnemonic: mnemonic)?.rawValue == code)
    }

    @Test func rhythmEpisodesRunToTheNextChangeOrTheEnd() {
        let annotations = [
            Annotation(sample: 10, code: .rhythmChange, auxText: "(N"),
            Annotation(sample: 50, code: .normal),
            Annotation(sample: 400, code: .rhythmChange, auxText: "(AFIB"),
            Annotation(sample: 500, code: .rhythmChange),   // no label: not a rhythm change
            Annotation(sample: 900, code: .rhythmChange, aux: Array("(N".utf8) + [0]),
        ]
        let episodes = RhythmEpisode.episodes(in: annotations, recordLength: 1000)
        #expect(episodes == [
            RhythmEpisode(label: "(N", start: 10, end: 400),
            RhythmEpisode(label: "(AFIB", start: 400, end: 900),
            RhythmEpisode(label: "(N", start: 900, end: 1000),
        ])
        #expect(episodes[1].rhythm == "AFIB")
        #expect(episodes[1].length == 500)
    }
}
