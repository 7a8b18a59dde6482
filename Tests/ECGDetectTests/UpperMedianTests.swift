import PropertyBased
import Testing
@testable import ECGDetect

@Suite struct UpperMedianTests {
    /// The branch-free insertion leaves the values sorted, as `sorted()`
    /// does, and the median is the middle one (`sorted()[count / 2]`), for
    /// any values, ties and extremes among them, of any count from 1 to 16
    /// (the decider's and the path chooser's).
    @Test func sortsTheValuesAndTakesTheMiddleOne() async {
        await propertyCheck(input: Gen.int(in: -5...5).array(of: 1...16), Gen.int(in: 0...3)) { small, scale in
            // Small values give many ties; scaled, large ones and extremes.
            let values = small.map { scale == 3 ? ($0 < 0 ? Int.min : $0 > 3 ? Int.max : $0) : $0 * [1, 1000, 1 << 40][scale] }
            let (median, sorted) = withUnsafeTemporaryAllocation(of: Int.self, capacity: 16) { scratch in
                (UpperMedian.of(count: values.count, sortingInto: scratch) { values[$0] }, Array(scratch[..<values.count]))
            }
            #expect(sorted == values.sorted())
            #expect(median == values.sorted()[values.count / 2])
        }
    }

    /// The same for 32-bit values (the decider's slopes).
    @Test func theMedianOfSlopes() async {
        await propertyCheck(input: Gen.int(in: 0...70_000).array(of: 1...8)) { values in
            let slopes = values.map { Int32($0) }
            let median = withUnsafeTemporaryAllocation(of: Int32.self, capacity: 8) { scratch in
                UpperMedian.of(count: slopes.count, sortingInto: scratch) { slopes[$0] }
            }
            #expect(median == slopes.sorted()[slopes.count / 2])
        }
    }
}
