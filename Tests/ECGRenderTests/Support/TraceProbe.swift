import ECGRender
import Foundation

/// Renders strips in a measuring theme and reads them back from the PNG file.
///
/// In `TraceProbe.theme` every ink except the trace has blue = 255 and the
/// trace is black, so `(255 - blue) / 255` is exactly the trace coverage of a
/// pixel, over paper, grid or marks alike; the grid is told apart by its green.
enum TraceProbe {
    static let theme = Theme(
        name: "probe",
        paper: RGBColor(255, 255, 255), minorLine: RGBColor(255, 200, 255), majorLine: RGBColor(255, 100, 255),
        marks: RGBColor(255, 0, 255), panel: RGBColor(255, 255, 255), trace: RGBColor(0, 0, 0),
        beatMark: RGBColor(0, 0, 255), caliper: RGBColor(0, 0, 255))

    static let majorGreen = 100
    static let minorGreen = 200

    /// Renders, writes the PNG to a temporary file and decodes it with libpng.
    static func decode(_ page: StripPage, style: StripStyle, signals: [StripSignal]) throws -> DecodedPNG {
        let image = try StripRenderer(style: style).render(page, signals: signals)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: url) }
        try image.writePNG(to: url)
        return try DecodedPNG(url: url)
    }
}

extension DecodedPNG {
    /// Trace coverage 0...1 of a pixel (in `TraceProbe.theme`).
    func coverage(_ x: Int, _ y: Int) -> Double {
        Double(255 - pixel(x, y).b) / 255
    }

    /// The coverage-weighted centre of the trace along column `x` within rows `range`, or nil if no trace.
    func traceCentre(column x: Int, rows range: Range<Int>) -> Double? {
        var sum = 0.0, weighted = 0.0
        for y in range {
            let c = coverage(x, y)
            sum += c
            weighted += c * (Double(y) + 0.5)
        }
        return sum > 0.2 ? weighted / sum : nil
    }

    /// The coverage-weighted centre of the trace along row `y` within columns `range`.
    func traceCentre(row y: Int, columns range: Range<Int>) -> Double? {
        var sum = 0.0, weighted = 0.0
        for x in range {
            let c = coverage(x, y)
            sum += c
            weighted += c * (Double(x) + 0.5)
        }
        return sum > 0.2 ? weighted / sum : nil
    }

    /// Runs of columns on row `y` whose green channel is `green` (a grid line colour): centres in pixels.
    func lineCentres(row y: Int, green: Int) -> [Double] {
        var centres: [Double] = []
        var runStart: Int?
        for x in 0...width {
            let isLine = x < width && pixel(x, y).g == green && pixel(x, y).b == 255
            if isLine, runStart == nil { runStart = x }
            if !isLine, let start = runStart {
                centres.append(Double(start + x) / 2)
                runStart = nil
            }
        }
        return centres
    }

    /// Runs of rows on column `x` whose green channel is `green`: centres in pixels.
    func lineCentres(column x: Int, green: Int) -> [Double] {
        var centres: [Double] = []
        var runStart: Int?
        for y in 0...height {
            let isLine = y < height && pixel(x, y).g == green && pixel(x, y).b == 255
            if isLine, runStart == nil { runStart = y }
            if !isLine, let start = runStart {
                centres.append(Double(start + y) / 2)
                runStart = nil
            }
        }
        return centres
    }
}
