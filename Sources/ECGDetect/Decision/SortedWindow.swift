/// The last `capacity` values appended, kept in order and sorted, for a
/// running median read at any time without sorting.
///
/// The path chooser's reference interval is the median of the last sixteen
/// clean intervals, renewed every fourth: sorting sixteen values then cost
/// more than keeping them sorted, a value in and a value out per interval
/// (`UpperMedian.insert` and `remove`, without a branch on the values).
struct SortedWindow<let capacity: Int, Element: Comparable> {
    /// The values in the order appended.
    private var recent: RecentRing<capacity, Element>
    /// The same values in increasing order: `sorted[0 ..< count]`.
    private var sorted: InlineArray<capacity, Element>

    /// An empty window; `filler` only occupies the slots not yet written.
    init(filler: Element) {
        recent = RecentRing(filler: filler)
        sorted = InlineArray(repeating: filler)
    }

    /// The number of values held, at most `capacity`.
    var count: Int { recent.count }

    /// The most values held.
    var capacity: Int { capacity }

    /// Appends `value`, dropping the oldest value when the window is full.
    mutating func append(_ value: Element) {
        var count = recent.count
        // The value that leaves, read before `sorted` is borrowed.
        let leaving = count == capacity ? recent[0] : nil
        var span = sorted.mutableSpan
        span.withUnsafeMutableBufferPointer { sorted in
            if let leaving {
                UpperMedian.remove(leaving, from: sorted, count: count)
                count &-= 1
            }
            UpperMedian.insert(value, into: sorted, count: count)
        }
        recent.append(value)
    }

    /// The median of the values held (the upper one of an even count); the
    /// window must not be empty.
    var upperMedian: Element {
        precondition(count > 0, "the median of an empty window")
        return sorted[count / 2]
    }

    /// The values held, in increasing order.
    var sortedValues: [Element] { (0..<count).map { sorted[$0] } }
}

extension SortedWindow: Sendable where Element: Sendable {}
