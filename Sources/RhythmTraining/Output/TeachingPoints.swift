import RhythmLibrary

/// The teaching text of a rhythm as the answer key, the quiz and the drills show it.
enum TeachingPoints {
    /// The criteria that decide the rhythm, one per line, labelled.
    static func criteria(of rhythm: RhythmDefinition) -> [(label: String, text: String)] {
        let c = rhythm.criteria
        return [
            ("Rate", c.rate.text), ("Regularity", c.regularity.text), ("P waves", c.pWaves.text),
            ("PR", c.prInterval.text), ("QRS", c.qrs.text),
        ]
    }

    /// The features that set the rhythm apart.
    static func keyFeatures(of rhythm: RhythmDefinition) -> [String] { rhythm.criteria.features }

    /// How to tell `rhythm` from `other`, if the library documents the confusion either way round.
    static func howToTell(_ rhythm: RhythmDefinition, from other: RhythmDefinition) -> String? {
        rhythm.criteria.confusions.first { $0.id == other.id }?.how
            ?? other.criteria.confusions.first { $0.id == rhythm.id }?.how
    }

    /// Wrong options for a multiple-choice question: the rhythm's documented
    /// confusions first, then rhythms of the same group, then of the pool.
    static func distractors(for rhythm: RhythmDefinition, among pool: [RhythmDefinition], library: RhythmLibrary, count: Int) -> [RhythmDefinition] {
        var chosen: [RhythmDefinition] = []
        func add(_ candidate: RhythmDefinition?) {
            guard let candidate, candidate.id != rhythm.id, chosen.count < count,
                  !chosen.contains(where: { $0.id == candidate.id }) else { return }
            chosen.append(candidate)
        }
        for confusion in rhythm.criteria.confusions { add(library.definition(named: confusion.id)) }
        for other in library.definitions where other.group == rhythm.group { add(other) }
        for other in pool { add(other) }
        for other in library.definitions { add(other) }
        return chosen
    }
}
