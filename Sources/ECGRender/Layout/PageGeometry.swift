/// Where everything on a strip page goes, in millimetres and in pixels.
///
/// All positions are laid out in millimetres from the image's top-left corner
/// and converted with `pixel(_:)`, which rounds `mm × px/mm` once per position,
/// so the grid never drifts: the line of millimetre `k` is at pixel
/// `round(k × px/mm)` whatever the resolution (11.81 px/mm at 300 DPI).
/// Continuous positions (the trace) use `position(_:)`, the centre of the
/// same pixel grid: a trace at `k` mm is centred on grid line `k`.
struct PageGeometry: Hashable {
    let pixelsPerMillimetre: Double
    /// Paper speed, mm/s.
    let speed: Double
    /// Seconds of signal per row.
    let seconds: Double
    /// Width of the calibration area before the trace starts, mm (whole large squares).
    let leadIn: Double
    /// Total width of the paper, mm (whole large squares).
    let width: Double
    let headerHeight: Double
    let footerHeight: Double
    /// Height of one row, whole millimetres.
    let rowHeight: Double
    let rowCount: Int
    /// Rows with a lane for beat marks under them (answer keys), so marks never cover the trace.
    let beatLanes: [Bool]
    /// Grid line widths in pixels.
    let minorThickness: Int
    let majorThickness: Int

    /// Height of the band above the rows that holds the title, strip number and heart rate.
    static let bandHeight: Double = 8
    /// Height of the lane for beat marks under a row: one large square.
    static let laneHeight: Double = 5

    init(style: StripStyle, page: StripPage) {
        pixelsPerMillimetre = style.pixelsPerMillimetre
        speed = style.speed
        seconds = page.seconds
        let pulseWidth = CalibrationPulse.duration * style.speed
        leadIn = 5 * ((pulseWidth + 5) / 5).rounded(.up)
        width = 5 * ((leadIn + page.seconds * style.speed + 2) / 5).rounded(.up)
        headerHeight = page.hasHeader ? Self.bandHeight : 0
        footerHeight = page.hasFooter ? Self.bandHeight : 0
        rowHeight = style.rowHeight.rounded()
        rowCount = page.rows.count
        beatLanes = page.rows.indices.map { page.hasBeatLane(row: $0) }
        // About 0.08 mm and 0.2 mm: one and two pixels at 200 DPI, two and five at 600.
        minorThickness = max(1, Int((0.08 * style.pixelsPerMillimetre).rounded()))
        majorThickness = max(minorThickness + 1, Int((0.2 * style.pixelsPerMillimetre).rounded()))
    }

    var gridTop: Double { headerHeight }
    var gridBottom: Double { rowTop(rowCount) }

    var widthPixels: Int { pixel(width) + majorThickness }
    var heightPixels: Int { pixel(gridBottom) + majorThickness + pixel(footerHeight) }
    /// The first pixel row of the footer band.
    var footerTopPixel: Int { pixel(gridBottom) + majorThickness }

    /// The pixel index of a position in millimetres.
    func pixel(_ millimetres: Double) -> Int {
        Int((millimetres * pixelsPerMillimetre).rounded())
    }

    /// The continuous pixel coordinate of a position in millimetres (centre of its grid line).
    func position(_ millimetres: Double) -> Float {
        Float(millimetres * pixelsPerMillimetre + 0.5)
    }

    /// The first pixel of a line `thickness` pixels wide at `millimetres`.
    func lineStart(_ millimetres: Double, thickness: Int) -> Int {
        pixel(millimetres) - (thickness - 1) / 2
    }

    /// The top of row `row` (`rowCount` gives the bottom of the last row's lane).
    func rowTop(_ row: Int) -> Double {
        let lanes = beatLanes.prefix(row).filter { $0 }.count
        return gridTop + rowHeight * Double(row) + Self.laneHeight * Double(lanes)
    }

    /// The bottom of a row's trace area (the top of its beat lane, if any).
    func rowBottom(_ row: Int) -> Double { rowTop(row) + rowHeight }

    /// The 0 mV line of a row, about 60 % of the way down so upright QRS
    /// complexes have room: on a large-square line when the row height is a
    /// whole number of large squares (so learners count millimetres from a
    /// heavy line), otherwise on a millimetre line.
    func baseline(_ row: Int) -> Double {
        let offset = rowHeight.truncatingRemainder(dividingBy: 5) == 0
            ? 5 * (rowHeight * 0.6 / 5).rounded()
            : (rowHeight * 0.6).rounded()
        return rowTop(row) + offset
    }

    /// The horizontal position, in mm, of a time within a row that starts at `rowStart` seconds.
    func x(time: Double, rowStart: Double) -> Double { leadIn + (time - rowStart) * speed }
}
