@testable import ECGDetect
import Testing

/// The memo of R peaks finds candidates by feature peak and gives back what was remembered.
@Suite struct LocationMemoTests {
    /// Candidates alone, crowded (every sample, several in a stretch of the
    /// table) and sparse (stretches of the table without any).
    @Test(arguments: [[Int](), [0], [7], [3, 10, 250, 251, 4000], Array(stride(from: 5, to: 5000, by: 37)),
                      Array(0..<600), Array(stride(from: 1, to: 5000, by: 611))])
    func findsEveryCandidateAndNothingElse(peaks: [Int]) {
        let memo = LocationMemo(peaks: peaks)
        for (position, peak) in peaks.enumerated() {
            #expect(memo.slot(ofPeak: peak) == position)
            #expect(memo.location(in: position) == nil)
        }
        let candidates = Set(peaks)
        for index in -2...5002 where !candidates.contains(index) {
            #expect(memo.slot(ofPeak: index) == nil)
        }
    }

    @Test func remembersWhatItIsGiven() throws {
        let memo = LocationMemo(peaks: [3, 10, 250])
        let slot = try #require(memo.slot(ofPeak: 10))
        memo.remember((location: 17, amplitude: -42), in: slot)
        let known = try #require(memo.location(in: slot))
        #expect(known.location == 17 && known.amplitude == -42)
        #expect(memo.location(in: 0) == nil && memo.location(in: 2) == nil)
        // An R peak at sample 0 is remembered too (the "not located" mark is negative).
        memo.remember((location: 0, amplitude: 5), in: 0)
        #expect(memo.location(in: 0)?.location == 0)
    }
}
