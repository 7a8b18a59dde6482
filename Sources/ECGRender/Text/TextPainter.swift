/// Draws text with the built-in bitmap font, scaled to a size in millimetres.
struct TextPainter {
    /// Pixels per font pixel.
    let scale: Int

    /// A painter whose capital letters are about `capHeight` millimetres tall at this resolution.
    init(capHeight: Double, pixelsPerMillimetre: Double) {
        scale = max(1, Int((capHeight * pixelsPerMillimetre / Double(BitmapFont.capHeight)).rounded()))
    }

    /// The width in pixels of a line of text.
    func width(of text: String) -> Int {
        let count = text.unicodeScalars.count
        return count == 0 ? 0 : (count * BitmapFont.advance - 1) * scale
    }

    /// The height in pixels of the capitals.
    var capHeightPixels: Int { BitmapFont.capHeight * scale }

    /// The full line height in pixels, descenders included.
    var lineHeightPixels: Int { BitmapFont.glyphHeight * scale }

    /// Draws `text` with the top of its capitals at `(x, y)`.
    func draw(_ text: String, x: Int, y: Int, ink: Ink, on canvas: inout IndexedCanvas) {
        var penX = x
        for scalar in text.unicodeScalars {
            let glyph = BitmapFont.glyph(scalar)
            for (row, mask) in glyph.enumerated() where mask != 0 {
                for column in 0..<BitmapFont.glyphWidth where mask & (1 << UInt8(BitmapFont.glyphWidth - 1 - column)) != 0 {
                    canvas.fill(x: penX + column * scale, y: y + row * scale, width: scale, height: scale, ink: ink)
                }
            }
            penX += BitmapFont.advance * scale
        }
    }

    /// Draws `text` on a padded box of `background`, so it stays legible over the grid.
    /// Returns the box's width in pixels.
    @discardableResult
    func drawBoxed(_ text: String, x: Int, y: Int, ink: Ink, background: Ink, on canvas: inout IndexedCanvas) -> Int {
        let pad = scale * 2
        let boxWidth = width(of: text) + 2 * pad
        canvas.fill(x: x, y: y, width: boxWidth, height: capHeightPixels + 2 * pad + 2 * scale, ink: background)
        draw(text, x: x + pad, y: y + pad, ink: ink, on: &canvas)
        return boxWidth
    }
}
