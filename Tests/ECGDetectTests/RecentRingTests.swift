import PropertyBased
import Testing
@testable import ECGDetect

@Suite struct RecentRingTests {
    /// Any sequence of operations leaves the ring holding what an array
    /// that drops its first element past the capacity holds: the operation
    /// codes are appends of their value (0 ..< 90), removals of the last
    /// value (90 ..< 95, when not empty) and rewrites of a value (95 ..< 100).
    @Test func aRingHoldsTheLastValuesAppendedOldestFirst() async {
        await propertyCheck(input: Gen.int(in: 1...10), Gen.int(in: 0...99).array(of: 0...200)) { capacity, operations in
            var ring = RecentRing<Int>(capacity: capacity)
            var model: [Int] = []
            for (step, code) in operations.enumerated() {
                if code < 90 {
                    ring.append(code)
                    model.append(code)
                    if model.count > capacity { model.removeFirst() }
                } else if code < 95, !model.isEmpty {
                    #expect(ring.removeLast() == model.removeLast())
                } else if !model.isEmpty {
                    let position = step % model.count
                    ring[position] = -code
                    model[position] = -code
                }
                #expect(Array(ring) == model)
                #expect(ring.count <= ring.capacity)
            }
        }
    }
}
