/// The median of a few values, the upper one of an even count: the running
/// medians of the decider and of the path chooser (of eight or sixteen
/// intervals, of the recent beats' slopes), taken at every beat or every
/// few.
///
/// Sorted by insertion without a branch on the values: each value goes in
/// by a pass of minima and maxima over the values before it (see `of`),
/// where the usual insertion sort mispredicted the end of most of its
/// searches.
enum UpperMedian {
    /// The median of `value(0)`, …, `value(count - 1)` (the upper one of an
    /// even count), sorted into `scratch`, which holds at least `count`
    /// values; `count` is at least one.
    ///
    /// With `s` sorted, `x` inserted gives `t[j] = min(s[j], max(s[j - 1], x))`
    /// (`s[-1]` below and `s[k]` above every value): `s[j]` below the place
    /// of `x`, `x` at it, `s[j - 1]` after it. Computed from the top down in
    /// place.
    @inline(__always)
    static func of<Value: Comparable>(
        count: Int, sortingInto scratch: UnsafeMutableBufferPointer<Value>, _ value: (Int) -> Value
    ) -> Value {
        scratch[0] = value(0)
        for k in 1..<Swift.max(1, count) {
            let x = value(k)
            scratch[k] = Swift.max(scratch[k &- 1], x)
            var j = k &- 1
            while j > 0 {
                scratch[j] = Swift.min(scratch[j], Swift.max(scratch[j &- 1], x))
                j &-= 1
            }
            scratch[0] = Swift.min(scratch[0], x)
        }
        return scratch[count / 2]
    }
}
