/// The median of a few values, the upper one of an even count, by insertion
/// into a scratch buffer: the running medians of the decider and of the
/// path chooser (of eight or sixteen intervals, of the recent beats' slopes)
/// are taken at every beat, where sorting an array would allocate.
enum UpperMedian {
    /// The median of `value(0)`, …, `value(count - 1)` (the upper one of an
    /// even count), sorted by insertion into `scratch`, which holds at least
    /// `count` values; `count` is at least one.
    @inline(__always)
    static func of<Value: Comparable>(
        count: Int, sortingInto scratch: UnsafeMutableBufferPointer<Value>, _ value: (Int) -> Value
    ) -> Value {
        for k in 0..<count {
            let next = value(k)
            var j = k
            while j > 0 && scratch[j - 1] > next {
                scratch[j] = scratch[j - 1]
                j -= 1
            }
            scratch[j] = next
        }
        return scratch[count / 2]
    }
}
