import Testing
@testable import ECGClassify

/// The edges of an AF episode sit at the first and last irregular beats, not
/// half a long window away from them.
struct AtrialFibrillationEdgeTests {
    static let fs = AtrialFibrillationFixture.fs

    /// Sinus (R-R 0.8 s), then AF (R-R 0.4-1.0 s, seeded), then sinus; beat times in samples and the true AF range.
    static func record(sinusBeats: Int = 60, afBeats: Int = 90, seed: UInt64 = 3) -> (beats: [Int], af: Range<Int>) {
        var state = seed
        func next() -> Double { AtrialFibrillationFixture.uniform(&state) }
        var beats = [Int(fs)]
        func add(_ rr: Double) { beats.append(beats.last! + Int(rr * fs)) }
        for _ in 0..<sinusBeats { add(0.8) }
        let start = beats.last!
        for _ in 0..<afBeats { add(0.4 + 0.6 * next()) }
        let end = beats.last!
        for _ in 0..<sinusBeats { add(0.8) }
        return (beats, start..<end)
    }

    static func episodes(_ beats: [Int], edges: Bool) -> [Range<Int>] {
        AtrialFibrillationFixture.episodes(beats, edges: edges)
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func edgesSitAtTheIrregularBeats(seed: UInt64) throws {
        let (beats, af) = Self.record(seed: seed)
        let sharp = Self.episodes(beats, edges: true)
        let blunt = Self.episodes(beats, edges: false)
        let episode = try #require(sharp.count == 1 ? sharp.first : nil, "episodes \(sharp)")
        let wide = try #require(blunt.count == 1 ? blunt.first : nil, "episodes \(blunt)")
        func error(_ e: Range<Int>) -> Double {
            Double(abs(e.lowerBound - af.lowerBound) + abs(e.upperBound - af.upperBound)) / Self.fs
        }
        // Within about three beats at each edge, and closer than the long window alone.
        #expect(error(episode) <= 5, "edge error \(error(episode)) s")
        #expect(error(episode) <= error(wide), "sharpened \(error(episode)) s, long window \(error(wide)) s")
    }

    @Test func regularRhythmHasNoEpisode() {
        let beats = (0..<300).map { Int(Self.fs) + $0 * Int(0.8 * Self.fs) }
        #expect(Self.episodes(beats, edges: true).isEmpty)
    }
}
