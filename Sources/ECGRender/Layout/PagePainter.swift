import Foundation

/// Draws one page's own content over its cached paper: labels, calibration pulses, traces and overlays.
struct PagePainter {
    let style: StripStyle
    let page: StripPage
    let geometry: PageGeometry
    /// Row labels, notes and beat labels.
    let smallText: TextPainter
    /// Title, strip number, heart rate and rhythm label.
    let largeText: TextPainter

    /// Cap height of the labels on the grid, mm.
    static let smallCapHeight = 1.8
    /// Cap height of the header and footer text, mm.
    static let largeCapHeight = 2.6
    /// Distance of the row labels below the row's top edge (under the tick marks), mm.
    static let labelOffset = 2.4

    init(style: StripStyle, page: StripPage, geometry: PageGeometry) {
        self.style = style
        self.page = page
        self.geometry = geometry
        smallText = TextPainter(capHeight: Self.smallCapHeight, pixelsPerMillimetre: geometry.pixelsPerMillimetre)
        largeText = TextPainter(capHeight: Self.largeCapHeight, pixelsPerMillimetre: geometry.pixelsPerMillimetre)
    }

    func paint(signals: [StripSignal], on canvas: inout IndexedCanvas) {
        paintHeader(on: &canvas)
        paintFooter(on: &canvas)
        let traceHalfWidth = Float(max(0.6, style.traceWidth * geometry.pixelsPerMillimetre / 2))
        for (index, row) in page.rows.enumerated() {
            let labelEnd = paintRowLabel(index, row: row, signal: signals[row.lead], on: &canvas)
            paintNotes(row: index, after: labelEnd, on: &canvas)
            paintBeats(row: index, on: &canvas)
            let trace = traceCoordinates(row: index, start: row.start, signal: signals[row.lead])
            paintIntervals(row: index, avoiding: trace, halfWidth: traceHalfWidth, on: &canvas)
            let rasterizer = TraceRasterizer(
                halfWidth: traceHalfWidth,
                clipTop: geometry.pixel(geometry.rowTop(index)),
                clipBottom: geometry.pixel(geometry.rowBottom(index)))
            paintCalibration(row: index, rasterizer: rasterizer, on: &canvas)
            rasterizer.stroke(xs: trace.xs, ys: trace.ys, on: &canvas)
        }
    }

    // MARK: Bands

    private func paintHeader(on canvas: inout IndexedCanvas) {
        guard page.hasHeader else { return }
        let top = (geometry.pixel(geometry.headerHeight) - largeText.capHeightPixels) / 2
        let margin = geometry.pixel(2)
        var x = margin
        // The heart-rate box first: the title gets the room left of it.
        var right = canvas.width - margin
        if let rate = page.heartRate {
            let text = "HR \(rate) /min"
            let pad = geometry.pixel(1.2)
            let boxWidth = largeText.width(of: text) + 2 * pad
            let boxHeight = largeText.capHeightPixels + 2 * pad
            let boxX = canvas.width - margin - boxWidth
            canvas.frame(
                x: boxX, y: top - pad, width: boxWidth, height: boxHeight,
                thickness: max(1, geometry.pixel(0.25)), ink: .marks)
            largeText.draw(text, x: boxX + pad, y: top, ink: .marks, on: &canvas)
            right = boxX - geometry.pixel(3)
        }
        if let number = page.stripNumber {
            let text = largeText.fitting("Strip \(number)", width: right - x)
            largeText.draw(text, x: x, y: top, ink: .marks, on: &canvas)
            x += largeText.width(of: text) + geometry.pixel(5)
        }
        if let title = page.title {
            largeText.draw(largeText.fitting(title, width: right - x), x: x, y: top, ink: .marks, on: &canvas)
        }
    }

    /// The rhythm label: one line in large text, or up to two lines of small text when it is long.
    private func paintFooter(on canvas: inout IndexedCanvas) {
        guard let label = page.overlays.rhythmLabel else { return }
        let bandHeight = canvas.height - geometry.footerTopPixel
        let margin = geometry.pixel(2)
        let width = canvas.width - 2 * margin
        if largeText.width(of: label) <= width {
            let top = geometry.footerTopPixel + (bandHeight - largeText.capHeightPixels) / 2
            largeText.draw(label, x: margin, y: top, ink: .beatMark, on: &canvas)
            return
        }
        var lines = smallText.wrapped(label, width: width)
        if lines.count > 2 {
            lines = [lines[0], smallText.fitting(lines[1...].joined(separator: " "), width: width)]
        }
        let lineHeight = smallText.lineHeightPixels + smallText.scale
        let blockHeight = lineHeight * (lines.count - 1) + smallText.capHeightPixels
        var top = geometry.footerTopPixel + (bandHeight - blockHeight) / 2
        for line in lines {
            smallText.draw(line, x: margin, y: top, ink: .beatMark, on: &canvas)
            top += lineHeight
        }
    }

    // MARK: Row marks

    /// Draws the row's label under its top-left tick marks; returns the pixel where it ends.
    private func paintRowLabel(_ index: Int, row: StripRow, signal: StripSignal, on canvas: inout IndexedCanvas) -> Int {
        var parts = [signal.name]
        if index == 0 {
            parts.append("\(Self.number(style.speed)) mm/s")
            parts.append("\(Self.number(style.gain)) mm/mV")
        }
        if !page.isStacked && page.rows.count > 1 || index == 0 && row.start != 0 {
            parts.append(Self.clock(row.start))
        }
        let text = parts.joined(separator: "  ")
        let y = geometry.pixel(geometry.rowTop(index) + Self.labelOffset)
        // Beside the calibration pulse when a high gain makes the pulse reach the label.
        let labelBottom = Self.labelOffset + Double(smallText.lineHeightPixels + 4 * smallText.scale) / geometry.pixelsPerMillimetre
        let pulseTop = geometry.baseline(index) - CalibrationPulse.millivolts * style.gain - geometry.rowTop(index)
        let x = geometry.pixel(pulseTop < labelBottom + 0.5 ? geometry.leadIn + 0.5 : 1)
        let width = smallText.drawBoxed(text, x: x, y: y, ink: .marks, background: .paper, on: &canvas)
        return x + width
    }

    private func paintNotes(row index: Int, after labelEnd: Int, on canvas: inout IndexedCanvas) {
        let row = page.rows[index]
        var nextFree = labelEnd + geometry.pixel(1)
        let y = geometry.pixel(geometry.rowTop(index) + Self.labelOffset)
        for note in page.overlays.notes.sorted(by: { $0.time < $1.time }) where shows(time: note.time, row: index) {
            let boxWidth = smallText.width(of: note.text) + 4 * smallText.scale
            let wanted = max(nextFree, geometry.pixel(geometry.x(time: note.time, rowStart: row.start)))
            // Keep a note near the end of the row on the paper.
            let x = max(0, min(wanted, canvas.width - boxWidth - geometry.pixel(1)))
            let width = smallText.drawBoxed(note.text, x: x, y: y, ink: .beatMark, background: .paper, on: &canvas)
            nextFree = x + width + geometry.pixel(1)
        }
    }

    /// Beat marks in the lane under the row: a tick at the beat and its label.
    private func paintBeats(row index: Int, on canvas: inout IndexedCanvas) {
        guard geometry.beatLanes[index] else { return }
        let row = page.rows[index]
        let stroke = max(1, geometry.pixel(0.15))
        let laneTop = geometry.pixel(geometry.rowBottom(index))
        let tickLength = geometry.pixel(1.2)
        let boxY = laneTop + tickLength
        for beat in page.overlays.beats where page.beatRow(for: beat.time) == index {
            let center = Int(geometry.position(geometry.x(time: beat.time, rowStart: row.start)))
            let boxWidth = smallText.width(of: beat.label) + 4 * smallText.scale
            canvas.fill(x: center - stroke / 2, y: laneTop, width: stroke, height: tickLength, ink: .beatMark)
            smallText.drawBoxed(
                beat.label, x: center - boxWidth / 2, y: boxY, ink: .beatMark, background: .paper, on: &canvas)
        }
    }

    /// Interval calipers, then their labels where they cover neither the trace nor another caliper
    /// (`LabelPlacement`).
    private func paintIntervals(
        row index: Int, avoiding trace: (xs: [Float], ys: [Float]), halfWidth: Float, on canvas: inout IndexedCanvas
    ) {
        let row = page.rows[index]
        let stroke = max(1, geometry.pixel(0.15))
        var placement = LabelPlacement(traceXs: trace.xs, traceYs: trace.ys, traceHalfWidth: halfWidth)
        var labels: [(text: String, barY: Int, startX: Int, endX: Int)] = []
        for interval in page.overlays.intervals where (interval.row ?? firstRow(showing: interval.start)) == index {
            guard interval.start.isFinite, interval.end.isFinite else { continue }
            // An interval running past the row is drawn up to its edge.
            let visible = (row.start - 1)...(row.start + page.seconds + 1)
            let from = min(interval.start, interval.end).clamped(to: visible)
            let to = max(interval.start, interval.end).clamped(to: visible)
            let startX = geometry.pixel(geometry.x(time: from, rowStart: row.start))
            let endX = geometry.pixel(geometry.x(time: to, rowStart: row.start))
            let baseline = geometry.baseline(index)
            let serif = geometry.pixel(0.6)
            let barY: Int, lineTop: Int, lineBottom: Int
            if interval.kind.lane < IntervalMark.Kind.rr.lane {
                // Wave intervals: a bar in a lane under the baseline, lines from just above the baseline.
                let barMillimetres = baseline + 3 + 3.5 * Double(interval.kind.lane)
                barY = geometry.pixel(min(barMillimetres, geometry.rowBottom(index) - 1))
                lineTop = geometry.pixel(baseline - 2)
                lineBottom = barY + serif
            } else {
                // Beat-to-beat intervals: a bar near the top of the row, lines down to the baseline (R to R).
                barY = geometry.pixel(geometry.rowTop(index) + 7.5)
                lineTop = barY - serif
                lineBottom = geometry.pixel(baseline)
            }
            canvas.fill(x: startX, y: lineTop, width: stroke, height: lineBottom - lineTop, ink: .caliper)
            canvas.fill(x: endX - stroke + 1, y: lineTop, width: stroke, height: lineBottom - lineTop, ink: .caliper)
            canvas.fill(x: startX, y: barY - stroke / 2, width: endX - startX + 1, height: stroke, ink: .caliper)
            for x in [startX, endX - stroke + 1] {
                placement.reserve(.init(left: Float(x), top: Float(lineTop), right: Float(x + stroke - 1), bottom: Float(lineBottom)))
            }
            placement.reserve(.init(left: Float(startX), top: Float(barY - stroke / 2), right: Float(endX), bottom: Float(barY + stroke)))
            labels.append((interval.label, barY, startX, endX))
        }
        for label in labels {
            let width = smallText.width(of: label.text) + 4 * smallText.scale
            let height = smallText.capHeightPixels + 6 * smallText.scale
            let top = label.barY - smallText.capHeightPixels / 2 - 2 * smallText.scale
            let x = placement.place(
                width: width, height: height, top: top, start: label.startX, end: label.endX,
                gap: geometry.pixel(0.8), reach: geometry.pixel(6), step: geometry.pixel(0.5), imageWidth: canvas.width)
            smallText.drawBoxed(label.text, x: x, y: top, ink: .caliper, background: .paper, on: &canvas)
        }
    }

    // MARK: Traces

    private func paintCalibration(row index: Int, rasterizer: TraceRasterizer, on canvas: inout IndexedCanvas) {
        let outline = CalibrationPulse.outline(baseline: geometry.baseline(index), gain: style.gain, speed: style.speed)
        rasterizer.stroke(
            xs: outline.map { geometry.position($0.x) }, ys: outline.map { geometry.position($0.y) }, on: &canvas)
    }

    /// The trace of row `index` in pixel coordinates (NaN where samples are missing), as it is drawn.
    private func traceCoordinates(row index: Int, start: Double, signal: StripSignal) -> (xs: [Float], ys: [Float]) {
        let frequency = signal.samplingFrequency
        let end = start + page.seconds
        let count = signal.millivolts.count
        // Clamped in floating point first: far-off times must not overflow Int.
        let firstIndex = ((start - signal.startTime) * frequency - 1e-9).rounded(.up)
        let lastIndex = ((end - signal.startTime) * frequency + 1e-9).rounded(.down)
        let first = Int(max(0, min(Double(count), firstIndex)))
        let last = Int(max(-1, min(Double(count - 1), lastIndex)))
        guard first <= last else { return ([], []) }
        let values = signal.millivolts[first...last]
        let offset = page.baseline == .median ? Self.median(values) : 0
        let pixelsPerMillimetre = geometry.pixelsPerMillimetre
        let baselineY = geometry.position(geometry.baseline(index))
        let pixelsPerMillivolt = Float(style.gain * pixelsPerMillimetre)
        let x0 = geometry.leadIn + (signal.startTime + Double(first) / frequency - start) * style.speed
        let pixelsPerSample = style.speed / frequency * pixelsPerMillimetre
        var xs = [Float](repeating: 0, count: values.count)
        var ys = [Float](repeating: 0, count: values.count)
        let startX = x0 * pixelsPerMillimetre + 0.5
        for (offsetIndex, value) in values.enumerated() {
            xs[offsetIndex] = Float(startX + Double(offsetIndex) * pixelsPerSample)
            ys[offsetIndex] = baselineY - (value - offset) * pixelsPerMillivolt
        }
        if style.overflow == .compress {
            compress(&ys, row: index)
        }
        // Far outside the row only the direction matters; keep coordinates small enough for Int.
        let limitTop = geometry.position(geometry.rowTop(index)) - 256
        let limitBottom = geometry.position(geometry.rowBottom(index)) + 256
        for offsetIndex in ys.indices where ys[offsetIndex].isFinite {
            ys[offsetIndex] = min(limitBottom, max(limitTop, ys[offsetIndex]))
        }
        return (xs, ys)
    }

    /// Squeezes everything beyond 3 mm from the row's edges into the last 2.5 mm, smoothly (tanh).
    private func compress(_ ys: inout [Float], row index: Int) {
        let top = geometry.position(geometry.rowTop(index))
        let bottom = geometry.position(geometry.rowBottom(index))
        let headroom = Float(2.5 * geometry.pixelsPerMillimetre)
        let softTop = top + Float(3 * geometry.pixelsPerMillimetre)
        let softBottom = bottom - Float(3 * geometry.pixelsPerMillimetre)
        for index in ys.indices {
            let y = ys[index]
            if y < softTop {
                ys[index] = softTop - headroom * Self.tanh((softTop - y) / headroom)
            } else if y > softBottom {
                ys[index] = softBottom + headroom * Self.tanh((y - softBottom) / headroom)
            }
        }
    }

    // MARK: Helpers

    /// Whether `time` falls within row `index`.
    private func shows(time: Double, row index: Int) -> Bool {
        let start = page.rows[index].start
        return time >= start && time < start + page.seconds
    }

    private func firstRow(showing time: Double) -> Int? {
        page.rows.indices.first { shows(time: time, row: $0) }
    }

    private static func median(_ values: ArraySlice<Float>) -> Float {
        let sorted = values.filter(\.isFinite).sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    private static func tanh(_ x: Float) -> Float {
        let e = Foundation.exp(-2 * min(x, 20))
        return (1 - e) / (1 + e)
    }

    /// `25`, `12.5`: a number without a trailing `.0`.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// `0:06`, `12:30.5`: minutes and seconds.
    static func clock(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10).rounded())
        let minutes = tenths / 600
        let rest = tenths % 600
        let wholeSeconds = rest / 10
        let fraction = rest % 10
        let secondsText = (wholeSeconds < 10 ? "0" : "") + String(wholeSeconds) + (fraction == 0 ? "" : ".\(fraction)")
        return "\(minutes):\(secondsText)"
    }
}

extension Double {
    func clamped(to range: ClosedRange<Double>) -> Double {
        Swift.min(range.upperBound, Swift.max(range.lowerBound, self))
    }
}
