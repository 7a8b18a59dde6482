/// Several `KnotCurve`s in one flat, manually managed buffer, for evaluation
/// in a hot loop: no reference counting, no bounds checks beyond the clamping,
/// a reciprocal instead of a division. Call `deallocate()` when done.
struct KnotTable {
    private let knots: UnsafeMutablePointer<Double>
    /// Per curve: start time, 1/step, offset of its first knot, index of its last knot.
    private let starts: UnsafeMutablePointer<Double>
    private let inverseSteps: UnsafeMutablePointer<Double>
    private let offsets: UnsafeMutablePointer<Int>
    private let lastIndexes: UnsafeMutablePointer<Int>

    init(_ curves: [KnotCurve]) {
        let total = curves.reduce(0) { $0 + $1.values.count }
        knots = .allocate(capacity: max(1, total))
        starts = .allocate(capacity: curves.count)
        inverseSteps = .allocate(capacity: curves.count)
        offsets = .allocate(capacity: curves.count)
        lastIndexes = .allocate(capacity: curves.count)
        var offset = 0
        for (index, curve) in curves.enumerated() {
            starts[index] = curve.start
            inverseSteps[index] = 1 / curve.step
            offsets[index] = offset
            lastIndexes[index] = curve.values.count - 1
            for value in curve.values {
                knots[offset] = value
                offset += 1
            }
        }
    }

    func deallocate() {
        knots.deallocate()
        starts.deallocate()
        inverseSteps.deallocate()
        offsets.deallocate()
        lastIndexes.deallocate()
    }

    /// `curves[curve].value(at: t)` (cosine interpolation, held constant outside the knots).
    @inline(__always)
    func value(_ curve: Int, at t: Double) -> Double {
        let position = (t - starts[curve]) * inverseSteps[curve]
        let row = knots + offsets[curve]
        let lastIndex = lastIndexes[curve]
        if !(position > 0) { return row[0] }
        if position >= Double(lastIndex) { return row[lastIndex] }
        let index = Int(position)
        let fraction = position - Double(index)
        let smooth = fraction * fraction * (3 - 2 * fraction)
        return row[index] + (row[index + 1] - row[index]) * smooth
    }
}
