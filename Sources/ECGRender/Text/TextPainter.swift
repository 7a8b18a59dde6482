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

    /// `text`, shortened with "..." if needed to fit `width` pixels.
    func fitting(_ text: String, width: Int) -> String {
        guard self.width(of: text) > width else { return text }
        let advance = BitmapFont.advance * scale
        let count = max(0, (width + scale) / advance - 3)
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(count))) + "..."
    }

    /// `text` broken into lines at spaces so that each fits `width` pixels (a word longer than a line is cut).
    func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if self.width(of: candidate) <= width {
                current = candidate
            } else {
                if !current.isEmpty { lines.append(current) }
                current = fitting(word, width: width)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

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
