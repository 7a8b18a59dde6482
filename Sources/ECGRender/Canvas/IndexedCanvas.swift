/// A palette image being drawn: one byte per pixel, `Ink.pixel | coverage`.
struct IndexedCanvas: Sendable {
    let width: Int
    let height: Int
    var pixels: [UInt8]

    init(width: Int, height: Int, ink: Ink = .paper) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: ink.pixel, count: width * height)
    }

    /// Paints a solid rectangle (clipped to the canvas), removing any trace under it.
    mutating func fill(x: Int, y: Int, width w: Int, height h: Int, ink: Ink) {
        let x0 = max(0, x), x1 = min(width, x + w)
        let y0 = max(0, y), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        let value = ink.pixel
        let stride = width
        pixels.withUnsafeMutableBufferPointer { buffer in
            for row in y0..<y1 {
                let start = row * stride
                for index in (start + x0)..<(start + x1) { buffer[index] = value }
            }
        }
    }

    /// Paints a rectangle outline `thickness` pixels wide, inside the rectangle.
    mutating func frame(x: Int, y: Int, width w: Int, height h: Int, thickness: Int, ink: Ink) {
        fill(x: x, y: y, width: w, height: thickness, ink: ink)
        fill(x: x, y: y + h - thickness, width: w, height: thickness, ink: ink)
        fill(x: x, y: y, width: thickness, height: h, ink: ink)
        fill(x: x + w - thickness, y: y, width: thickness, height: h, ink: ink)
    }

    /// The ink of a pixel, ignoring trace coverage.
    func ink(x: Int, y: Int) -> Ink {
        Ink(rawValue: pixels[y * width + x] >> Ink.coverageBits) ?? .paper
    }
}
