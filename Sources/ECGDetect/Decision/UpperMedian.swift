/// The median of a few values, the upper one of an even count: the running
/// medians of the decider (of eight intervals, of the recent beats' slopes),
/// taken at every beat.
///
/// Sorted by insertion without a branch on the values: each value goes in
/// by a pass of minima and maxima over the values before it (`insert`),
/// where the usual insertion sort mispredicted the end of most of its
/// searches.
enum UpperMedian {
    /// The median of `value(0)`, …, `value(count - 1)` (the upper one of an
    /// even count), sorted into `scratch`, which holds at least `count`
    /// values; `count` is at least one.
    @inline(__always)
    static func of<Value: Comparable>(
        count: Int, sortingInto scratch: UnsafeMutableBufferPointer<Value>, _ value: (Int) -> Value
    ) -> Value {
        for k in 0..<count { insert(value(k), into: scratch, count: k) }
        return scratch[count / 2]
    }

    /// Inserts `x` into the sorted `sorted[0 ..< count]`, which becomes
    /// `sorted[0 ..< count + 1]` (room for it), without a branch on the
    /// values.
    ///
    /// With `s` sorted, `x` inserted gives `t[j] = min(s[j], max(s[j - 1], x))`
    /// (`s[-1]` below and `s[count]` above every value): `s[j]` below the
    /// place of `x`, `x` at it, `s[j - 1]` after it. Computed from the top
    /// down in place.
    @inline(__always)
    static func insert<Value: Comparable>(_ x: Value, into sorted: UnsafeMutableBufferPointer<Value>, count: Int) {
        guard count > 0 else {
            sorted[0] = x
            return
        }
        sorted[count] = Swift.max(sorted[count &- 1], x)
        var j = count &- 1
        while j > 0 {
            sorted[j] = Swift.min(sorted[j], Swift.max(sorted[j &- 1], x))
            j &-= 1
        }
        sorted[0] = Swift.min(sorted[0], x)
    }

    /// Removes one `x` from the sorted `sorted[0 ..< count]`, which holds it,
    /// leaving `sorted[0 ..< count - 1]` sorted, without a branch on the
    /// values: below the first `x` a value stays, from it on the next one
    /// moves down.
    @inline(__always)
    static func remove<Value: Comparable>(_ x: Value, from sorted: UnsafeMutableBufferPointer<Value>, count: Int) {
        var j = 0
        while j < count &- 1 {
            let value = sorted[j], next = sorted[j &+ 1]
            sorted[j] = value < x ? value : next
            j &+= 1
        }
    }
}
