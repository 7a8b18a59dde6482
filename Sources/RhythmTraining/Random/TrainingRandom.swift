import ECGSynth

/// The reproducible generator behind deck plans and drill order: the
/// synthesizer's xoshiro256** (stream 0), so the same seed gives the same
/// strips on every platform.
public typealias TrainingRandom = SeededGenerator

extension SeededGenerator {
    /// An index in `0..<count` (count > 0).
    mutating func index(below count: Int) -> Int { Int(next() % UInt64(count)) }

    /// The elements in a random order (Fisher–Yates with this generator, so
    /// the order does not depend on the standard library's shuffle).
    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var result = items
        guard result.count > 1 else { return result }
        for i in stride(from: result.count - 1, to: 0, by: -1) {
            result.swapAt(i, index(below: i + 1))
        }
        return result
    }
}
