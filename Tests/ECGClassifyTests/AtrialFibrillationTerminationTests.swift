import Testing
@testable import ECGClassify

/// An AF episode that stops with a pause (sinus node slow to recover) ends at
/// the pause, not up to 16 escape beats later where the long irregularity
/// window lets go of it.
struct AtrialFibrillationTerminationTests {
    static let fs = AtrialFibrillationFixture.fs

    /// Sinus (0.8 s), AF (0.4-1.0 s, seeded), a 3 s pause, then a slow, nearly regular escape rhythm (1.40 / 1.45 s).
    static func record(seed: UInt64, pause: Double = 3.0) -> (beats: [Int], afEnd: Int) {
        var state = seed
        func next() -> Double { AtrialFibrillationFixture.uniform(&state) }
        var beats = [Int(fs)]
        func add(_ rr: Double) { beats.append(beats.last! + Int(rr * fs)) }
        for _ in 0..<60 { add(0.8) }
        for _ in 0..<90 { add(0.4 + 0.6 * next()) }
        let afEnd = beats.last!
        add(pause)
        for k in 0..<60 { add(k % 2 == 0 ? 1.40 : 1.45) }
        return (beats, afEnd)
    }

    static func episodes(_ beats: [Int], pauseRatio: Double?) -> [Range<Int>] {
        AtrialFibrillationFixture.episodes(beats, pauseRatio: pauseRatio)
    }

    /// The offset lands within about one AF cycle of the last fibrillation beat,
    /// closer than without the rule, for the ratio and for it +/- 20 %.
    @Test(arguments: [UInt64(1), 2, 3, 4], [2.0, 2.5, 3.0])
    func episodeEndsAtTheTerminationPause(seed: UInt64, ratio: Double) throws {
        let (beats, afEnd) = Self.record(seed: seed)
        let with = Self.episodes(beats, pauseRatio: ratio)
        let without = Self.episodes(beats, pauseRatio: nil)
        let episode = try #require(with.count == 1 ? with.first : nil, "episodes \(with)")
        let plain = try #require(without.count == 1 ? without.first : nil, "episodes \(without)")
        let error = Double(abs(episode.upperBound - afEnd)) / Self.fs
        let plainError = Double(abs(plain.upperBound - afEnd)) / Self.fs
        #expect(error <= 1.0, "offset \(error) s from the last AF beat")
        #expect(error < plainError, "with the pause rule \(error) s, without \(plainError) s")
        // The onset is not touched.
        #expect(episode.lowerBound == plain.lowerBound)
    }

    /// Long cycles inside AF (R-R up to 1.0 s against a median near 0.7 s) are
    /// not pauses: an AF episode ending without a pause is unchanged.
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func noPauseLeavesTheEpisodeAlone(seed: UInt64) {
        let (beats, _) = AtrialFibrillationEdgeTests.record(seed: seed)
        #expect(Self.episodes(beats, pauseRatio: AtrialFibrillationTracker.terminationPause) == Self.episodes(beats, pauseRatio: nil))
    }

    /// A pause that shortens a 30 s episode below 30 s does not delete it: the
    /// 30 s criterion applies to the irregular stretch found.
    @Test func pauseDoesNotDeleteAnEpisode() {
        var state: UInt64 = 5
        func next() -> Double { AtrialFibrillationFixture.uniform(&state) }
        var beats = [Int(Self.fs)]
        func add(_ rr: Double) { beats.append(beats.last! + Int(rr * Self.fs)) }
        for _ in 0..<60 { add(0.8) }
        for _ in 0..<46 { add(0.4 + 0.6 * next()) }   // about 32 s of AF
        add(3.0)
        for k in 0..<60 { add(k % 2 == 0 ? 1.40 : 1.45) }
        let plain = Self.episodes(beats, pauseRatio: nil)
        let with = Self.episodes(beats, pauseRatio: AtrialFibrillationTracker.terminationPause)
        #expect(plain.count == 1, "without the rule \(plain)")
        #expect(with.count == 1, "with the rule \(with)")
        if let cut = with.first, let found = plain.first {
            // Cut short below 30 s, yet kept.
            #expect(cut.count < Int(AtrialFibrillationTracker.minimumEpisode * Self.fs) && cut.upperBound < found.upperBound,
                    "with the rule \(cut), without \(found)")
        }
    }
}
