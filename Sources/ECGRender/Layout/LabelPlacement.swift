/// Finds where a caliper's label can go without covering the trace, another caliper or another label.
///
/// The trace is drawn after the labels, so a label it crosses becomes hard to read: a PR label right of
/// its caliper lands on the QRS that ends the interval, a QRS label left of its caliper on the QRS itself.
/// A label goes right of its caliper or left of it, moved further out in small steps until it is clear;
/// when no place within reach is clear, the one that crosses the least.
struct LabelPlacement {
    /// A rectangle in pixels, edges included.
    struct Box {
        var left: Float, top: Float, right: Float, bottom: Float

        func overlaps(_ other: Box) -> Bool {
            left <= other.right && other.left <= right && top <= other.bottom && other.top <= bottom
        }
    }

    /// The trace's points in pixels (NaN where samples are missing).
    private let xs: [Float], ys: [Float]
    /// Half the trace's stroke width: a label that close to the trace touches it.
    private let margin: Float
    /// Caliper lines and labels already placed.
    private var taken: [Box] = []

    init(traceXs: [Float], traceYs: [Float], traceHalfWidth: Float) {
        xs = traceXs
        ys = traceYs
        margin = traceHalfWidth
    }

    /// Marks a caliper line or bar as taken.
    mutating func reserve(_ box: Box) {
        taken.append(box)
    }

    /// The left edge for a label `width` × `height` pixels at `top`, beside a caliper from `start` to `end`,
    /// `gap` pixels away from it, moved out by up to `reach` pixels in steps of `step`; reserves its box.
    mutating func place(
        width: Int, height: Int, top: Int, start: Int, end: Int, gap: Int, reach: Int, step: Int, imageWidth: Int
    ) -> Int {
        var best: (x: Int, crossings: Int)?
        for shift in stride(from: 0, through: max(0, reach), by: max(1, step)) {
            for x in [end + gap + shift, start - gap - width - shift] where x >= 0 && x + width <= imageWidth {
                let crossings = crossings(of: box(x: x, top: top, width: width, height: height))
                if Self.isBetter(crossings, than: best?.crossings) { best = (x, crossings) }
            }
            if let best, best.crossings == 0 { break }
        }
        let x = best?.x ?? max(0, min(end + gap, imageWidth - width))
        taken.append(box(x: x, top: top, width: width, height: height))
        return x
    }

    /// A clear place beats a crossing one; of clear places the first found (the smaller move, then the right
    /// side); of crossing ones the one that crosses less.
    private static func isBetter(_ crossings: Int, than best: Int?) -> Bool {
        guard let best else { return true }
        if (crossings == 0) != (best == 0) { return crossings == 0 }
        return crossings != 0 && crossings < best
    }

    private func box(x: Int, top: Int, width: Int, height: Int) -> Box {
        Box(left: Float(x), top: Float(top), right: Float(x + width - 1), bottom: Float(top + height - 1))
    }

    /// How many trace segments pass through the box (widened by the stroke), plus a heavy count for every
    /// caliper or label it overlaps. Segments, not points: a steep QRS stroke has few samples in a box it crosses.
    private func crossings(of box: Box) -> Int {
        let wide = Box(left: box.left - margin, top: box.top - margin, right: box.right + margin, bottom: box.bottom + margin)
        var count = 0
        var index = 1
        while index < xs.count {
            let x0 = xs[index - 1], x1 = xs[index], y0 = ys[index - 1], y1 = ys[index]
            index += 1
            guard x0.isFinite, x1.isFinite, y0.isFinite, y1.isFinite, max(x0, x1) >= wide.left else { continue }
            if min(x0, x1) > wide.right { break }
            if Box(left: min(x0, x1), top: min(y0, y1), right: max(x0, x1), bottom: max(y0, y1)).overlaps(wide) {
                count += 1
            }
        }
        return count + 1000 * taken.filter { $0.overlaps(box) }.count
    }
}
