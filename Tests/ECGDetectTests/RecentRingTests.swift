import PropertyBased
import Testing
@testable import ECGDetect

@Suite struct RecentRingTests {
    /// Any sequence of operations leaves a ring of capacity `N` holding what
    /// an array that drops its first element past the capacity holds: the
    /// operation codes are appends of their value (0 ..< 90), removals of
    /// the last value (90 ..< 95, when not empty) and rewrites of a value
    /// (95 ..< 100).
    static func holdsTheLastValues<let N: Int>(_ ring: RecentRing<N, Int>, after operations: [Int]) {
        var ring = ring
        var model: [Int] = []
        for (step, code) in operations.enumerated() {
            if code < 90 {
                ring.append(code)
                model.append(code)
                if model.count > N { model.removeFirst() }
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

    @Test func aRingHoldsTheLastValuesAppendedOldestFirst() async {
        await propertyCheck(input: Gen.int(in: 0...99).array(of: 0...200)) { operations in
            Self.holdsTheLastValues(RecentRing<1, Int>(filler: -1), after: operations)
            Self.holdsTheLastValues(RecentRing<3, Int>(filler: -1), after: operations)
            Self.holdsTheLastValues(RecentRing<8, Int>(filler: -1), after: operations)
            Self.holdsTheLastValues(RecentRing<9, Int>(filler: -1), after: operations)
        }
    }

    @Test func theCapacityIsTheGenericOne() {
        #expect(RecentRing<9, Int>(filler: 0).capacity == 9)
        #expect(RecentRing<9, Int>(filler: 0).isEmpty)
    }
}
