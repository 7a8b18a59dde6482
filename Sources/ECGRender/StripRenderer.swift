import ECGSignal

/// Draws strip pages on ECG paper at true scale.
///
/// The paper of each page layout is painted once and cached; every strip
/// copies it and draws only its own marks and trace over it. A renderer is
/// safe to share between threads.
///
/// ```swift
/// let renderer = StripRenderer(style: StripStyle(dpi: 300, theme: .classic))
/// let image = try renderer.render(.rhythmStrip(start: 10), record: record)
/// try image.writePNG(to: URL(fileURLWithPath: "strip.png"))
/// ```
public struct StripRenderer: Sendable {
    public let style: StripStyle
    private let cache = PaperCache()
    private let palette: [RGBColor]

    /// Largest image the renderer makes, in pixels (a full A4 page at 600 DPI is 35 M).
    public static let maximumPixels = 40_000_000
    /// Largest start time accepted, in seconds (over three years).
    static let maximumTime = 1e8

    public init(style: StripStyle = StripStyle()) {
        self.style = style
        palette = Ink.palette(for: style.theme)
    }

    /// Draws `page` from `signals` (indexed by the rows' `lead`).
    public func render(_ page: StripPage, signals: [StripSignal]) throws(StripRenderError) -> StripImage {
        try style.validate()
        try validate(page, signals: signals)
        let geometry = PageGeometry(style: style, page: page)
        let pixelCount = geometry.widthPixels * geometry.heightPixels
        guard pixelCount <= Self.maximumPixels else {
            throw .imageTooLarge(width: geometry.widthPixels, height: geometry.heightPixels)
        }
        var canvas = cache.paper(for: geometry)
        let painter = PagePainter(style: style, page: page, geometry: geometry)
        painter.paint(signals: signals, on: &canvas)
        return StripImage(canvas: canvas, palette: palette, dpi: style.dpi)
    }

    /// Draws `page` from a record's leads, converting only the time the page shows.
    public func render(_ page: StripPage, record: ECGRecord) throws(StripRenderError) -> StripImage {
        let starts = page.rows.map(\.start).filter(\.isFinite)
        let start = starts.min() ?? 0
        let end = (starts.max() ?? 0) + (page.seconds.isFinite ? page.seconds : 0)
        return try render(page, signals: StripSignal.leads(of: record, from: start, to: end))
    }

    private func validate(_ page: StripPage, signals: [StripSignal]) throws(StripRenderError) {
        guard !page.rows.isEmpty else { throw .invalidPage("the page has no rows") }
        guard page.seconds.isFinite, page.seconds > 0, page.seconds <= 3600 else {
            throw .invalidPage("row duration \(page.seconds) s is outside 0–3600 s")
        }
        for (index, row) in page.rows.enumerated() {
            guard signals.indices.contains(row.lead) else {
                throw .invalidPage("row \(index + 1) asks for lead \(row.lead + 1), but there are \(signals.count) leads")
            }
            guard row.start.isFinite, abs(row.start) <= Self.maximumTime else {
                throw .invalidPage("row \(index + 1) starts at \(row.start) s, outside ±\(Int(Self.maximumTime)) s")
            }
            let signal = signals[row.lead]
            guard signal.samplingFrequency.isFinite, (0.001...1_000_000).contains(signal.samplingFrequency) else {
                throw .invalidPage("lead \(signal.name) has sampling frequency \(signal.samplingFrequency) Hz (0.001 Hz to 1 MHz)")
            }
            guard signal.startTime.isFinite, abs(signal.startTime) <= Self.maximumTime else {
                throw .invalidPage("lead \(signal.name) starts at \(signal.startTime) s, outside ±\(Int(Self.maximumTime)) s")
            }
        }
    }
}
