import PropertyBased
import Testing
@testable import ECGDetect

@Suite struct SortedWindowTests {
    /// After every append the window holds the last `N` values appended,
    /// sorted (as `sorted()` of them), and its median is the middle one of
    /// those (`sorted()[count / 2]`), for any values, ties and extremes among
    /// them.
    static func holdsTheLastValuesSorted<let N: Int>(_ window: SortedWindow<N, Int>, after values: [Int]) {
        var window = window
        var model: [Int] = []
        for value in values {
            window.append(value)
            model.append(value)
            if model.count > N { model.removeFirst() }
            #expect(window.count == model.count)
            #expect(window.sortedValues == model.sorted())
            #expect(window.upperMedian == model.sorted()[model.count / 2])
        }
    }

    @Test func keepsTheLastValuesSortedAndTheirMedian() async {
        await propertyCheck(input: Gen.int(in: -6...6).array(of: 0...120), Gen.int(in: 0...2)) { small, scale in
            // Small values give many ties; scaled, large ones and extremes.
            let values = small.map { scale == 2 ? ($0 < -4 ? Int.min : $0 > 4 ? Int.max : $0) : $0 * [1, 1 << 40][scale] }
            Self.holdsTheLastValuesSorted(SortedWindow<1, Int>(filler: 0), after: values)
            Self.holdsTheLastValuesSorted(SortedWindow<2, Int>(filler: 0), after: values)
            Self.holdsTheLastValuesSorted(SortedWindow<5, Int>(filler: 0), after: values)
            Self.holdsTheLastValuesSorted(SortedWindow<16, Int>(filler: 0), after: values)
        }
    }

    /// The path chooser's window: intervals of a real range, the median
    /// read after each one as the chooser reads it.
    @Test func theChoosersWindowGivesTheMedianOfTheLastSixteen() async {
        await propertyCheck(input: Gen.int(in: 50...800).array(of: 1...300)) { intervals in
            var window = SortedWindow<16, Int>(filler: 0)
            for (k, interval) in intervals.enumerated() {
                window.append(interval)
                let last = intervals[Swift.max(0, k - 15)...k].sorted()
                #expect(window.upperMedian == last[last.count / 2])
            }
        }
    }
}
