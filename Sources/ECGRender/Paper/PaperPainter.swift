/// Draws the paper of a page: the grid, the 3-second tick marks and the header and footer bands.
///
/// Everything here depends only on the page geometry and theme, so the
/// renderer caches the result and copies it for every strip.
enum PaperPainter {
    /// Seconds between tick marks along the top of each row.
    static let tickInterval = 3.0
    /// Length of a tick mark, mm.
    static let tickLength = 2.0

    static func paint(_ geometry: PageGeometry) -> IndexedCanvas {
        var canvas = IndexedCanvas(width: geometry.widthPixels, height: geometry.heightPixels, ink: .paper)
        if geometry.headerHeight > 0 {
            canvas.fill(x: 0, y: 0, width: canvas.width, height: geometry.pixel(geometry.headerHeight), ink: .panel)
        }
        if geometry.footerHeight > 0 {
            canvas.fill(
                x: 0, y: geometry.footerTopPixel, width: canvas.width,
                height: canvas.height - geometry.footerTopPixel, ink: .panel)
        }
        let gridTopPixel = geometry.pixel(geometry.gridTop)
        let gridBottomPixel = geometry.lineStart(geometry.gridBottom, thickness: geometry.majorThickness)
            + geometry.majorThickness
        let gridRight = geometry.lineStart(geometry.width, thickness: geometry.majorThickness) + geometry.majorThickness
        let columns = Int(geometry.width.rounded())
        let rows = Int((geometry.gridBottom - geometry.gridTop).rounded())
        // Minor lines first, then major lines over them.
        for major in [false, true] {
            let thickness = major ? geometry.majorThickness : geometry.minorThickness
            let ink: Ink = major ? .majorLine : .minorLine
            for k in 0...columns where (k % 5 == 0) == major {
                let x = geometry.lineStart(Double(k), thickness: thickness)
                canvas.fill(x: x, y: gridTopPixel, width: thickness, height: gridBottomPixel - gridTopPixel, ink: ink)
            }
            for k in 0...rows where (k % 5 == 0) == major {
                let y = geometry.lineStart(geometry.gridTop + Double(k), thickness: thickness)
                canvas.fill(x: 0, y: y, width: gridRight, height: thickness, ink: ink)
            }
        }
        // Row borders are major lines even when the row height is not a multiple of 5 mm.
        for row in 0..<geometry.rowCount {
            for edge in [geometry.rowTop(row), geometry.rowTop(row) + geometry.rowHeight, geometry.rowTop(row + 1)] {
                let y = geometry.lineStart(edge, thickness: geometry.majorThickness)
                canvas.fill(x: 0, y: y, width: gridRight, height: geometry.majorThickness, ink: .majorLine)
            }
        }
        paintTicks(geometry, on: &canvas)
        return canvas
    }

    /// Tick marks every 3 seconds from the start of each row, down from the row's top edge.
    private static func paintTicks(_ geometry: PageGeometry, on canvas: inout IndexedCanvas) {
        let thickness = max(2, geometry.pixel(0.35))
        let count = Int((geometry.seconds / tickInterval + 1e-9).rounded(.down))
        for row in 0..<geometry.rowCount {
            let top = geometry.pixel(geometry.rowTop(row))
            let length = geometry.pixel(tickLength)
            for tick in 0...count {
                let millimetres = geometry.leadIn + Double(tick) * tickInterval * geometry.speed
                let x = geometry.lineStart(millimetres, thickness: thickness)
                canvas.fill(x: x, y: top, width: thickness, height: length, ink: .marks)
            }
        }
    }
}
