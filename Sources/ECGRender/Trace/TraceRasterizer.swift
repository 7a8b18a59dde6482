/// Strokes polylines with an anti-aliased line of constant width.
///
/// Each segment is a capsule (all points within half the line width of the
/// segment); a pixel's coverage is approximated from the distance `d` of its
/// centre to the segment as `clamp(halfWidth + 0.5 - d, 0, 1)`, and a pixel
/// keeps the largest coverage of all segments. The width therefore does not
/// depend on the slope, steep QRS edges have no gaps (consecutive capsules
/// overlap), and joints are round without double-darkening.
struct TraceRasterizer {
    /// Half the line width, in pixels.
    let halfWidth: Float
    /// Rows the trace may touch: `clipTop..<clipBottom`.
    let clipTop: Int
    let clipBottom: Int

    /// Longest piece a segment is cut into, so that each bounding box stays small.
    private static let maximumPieceLength: Float = 4

    /// Strokes the polyline through `xs[i], ys[i]` (pixel coordinates, pixel
    /// `(c, r)` covering `[c, c+1) × [r, r+1)`). Non-finite points break the line.
    func stroke(xs: [Float], ys: [Float], on canvas: inout IndexedCanvas) {
        let count = min(xs.count, ys.count)
        guard count > 0 else { return }
        let width = canvas.width
        let top = max(0, clipTop), bottom = min(canvas.height, clipBottom)
        guard top < bottom else { return }
        canvas.pixels.withUnsafeMutableBufferPointer { pixels in
            var context = Context(
                pixels: pixels, width: width, top: top, bottom: bottom,
                reach: halfWidth + 0.5, halfWidth: halfWidth)
            if count == 1 {
                context.segment(xs[0], ys[0], xs[0], ys[0])
                return
            }
            for index in 1..<count {
                let ax = xs[index - 1], ay = ys[index - 1], bx = xs[index], by = ys[index]
                guard ax.isFinite, ay.isFinite, bx.isFinite, by.isFinite else { continue }
                let dx = bx - ax, dy = by - ay
                let length = (dx * dx + dy * dy).squareRoot()
                if length <= Self.maximumPieceLength {
                    context.segment(ax, ay, bx, by)
                } else {
                    // Collinear pieces: their union is the same capsule.
                    let pieces = Int((length / Self.maximumPieceLength).rounded(.up))
                    let step = 1 / Float(pieces)
                    var previousX = ax, previousY = ay
                    for piece in 1...pieces {
                        let t = Float(piece) * step
                        let x = piece == pieces ? bx : ax + dx * t
                        let y = piece == pieces ? by : ay + dy * t
                        context.segment(previousX, previousY, x, y)
                        previousX = x
                        previousY = y
                    }
                }
            }
        }
    }

    private struct Context {
        let pixels: UnsafeMutableBufferPointer<UInt8>
        let width: Int
        let top: Int
        let bottom: Int
        /// Distance beyond which a pixel centre gets no coverage.
        let reach: Float
        let halfWidth: Float

        @inline(__always)
        mutating func segment(_ ax: Float, _ ay: Float, _ bx: Float, _ by: Float) {
            let minX = max(0, Int((min(ax, bx) - reach).rounded(.down)))
            let maxX = min(width - 1, Int((max(ax, bx) + reach).rounded(.up)))
            let minY = max(top, Int((min(ay, by) - reach).rounded(.down)))
            let maxY = min(bottom - 1, Int((max(ay, by) + reach).rounded(.up)))
            guard minX <= maxX, minY <= maxY else { return }
            let dx = bx - ax, dy = by - ay
            let lengthSquared = dx * dx + dy * dy
            let inverseLength: Float = lengthSquared > 1e-12 ? 1 / lengthSquared : 0
            let reachSquared = reach * reach
            let levels = Float(Ink.fullCoverage)
            let coverageMask: UInt8 = Ink.fullCoverage
            let inkMask: UInt8 = ~coverageMask
            for row in minY...maxY {
                let py = Float(row) + 0.5 - ay
                let base = row * width
                for column in minX...maxX {
                    let px = Float(column) + 0.5 - ax
                    var t = (px * dx + py * dy) * inverseLength
                    t = min(1, max(0, t))
                    let ex = px - t * dx, ey = py - t * dy
                    let distanceSquared = ex * ex + ey * ey
                    guard distanceSquared < reachSquared else { continue }
                    let coverage = min(1, reach - distanceSquared.squareRoot())
                    let level = UInt8(coverage * levels + 0.5)
                    let old = pixels[base + column]
                    if level > old & coverageMask {
                        pixels[base + column] = (old & inkMask) | level
                    }
                }
            }
        }
    }
}
