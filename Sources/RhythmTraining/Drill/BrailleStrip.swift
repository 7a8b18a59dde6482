/// Draws a strip in the terminal with Unicode braille characters (2 × 4 dots
/// each), with a dotted line every second along the bottom.
public struct BrailleStrip: Sendable {
    /// Characters across; each is two dots wide.
    public var columns: Int
    /// Character rows; each is four dots tall.
    public var rows: Int

    /// The span shown below and above the baseline (the median), mV.
    static let millivoltsBelow = 0.8
    static let millivoltsAbove = 1.7

    public init(columns: Int = 100, rows: Int = 10) {
        self.columns = max(10, columns)
        self.rows = max(3, rows)
    }

    /// The lines of the picture of `millivolts` sampled at `samplingFrequency`.
    public func render(_ millivolts: [Float], samplingFrequency: Double) -> [String] {
        let width = columns * 2, height = rows * 4
        var dots = [Bool](repeating: false, count: width * height)
        guard !millivolts.isEmpty, samplingFrequency > 0 else { return lines(dots, width: width) }
        // Vertical range: the median on a fixed line, a fixed mV scale so
        // amplitudes compare between strips (like the 10 mm/mV of paper;
        // coarse and fine VF differ only in amplitude). Taller waves are cut
        // at the edge, as a monitor does.
        let sorted = millivolts.sorted()
        let median = Double(sorted[sorted.count / 2])
        let low = median - Self.millivoltsBelow, high = median + Self.millivoltsAbove
        func y(_ value: Float) -> Int {
            let fraction = (Double(value) - low) / (high - low)
            return min(height - 1, max(0, Int(((1 - fraction) * Double(height - 1)).rounded())))
        }
        // Each dot column: the min and max of its samples, joined to the previous column.
        let samplesPerColumn = Double(millivolts.count) / Double(width)
        var previous: Int?
        for x in 0..<width {
            let start = Int(Double(x) * samplesPerColumn)
            let end = max(start + 1, min(millivolts.count, Int(Double(x + 1) * samplesPerColumn)))
            var top = Int.max, bottom = Int.min
            for sample in millivolts[start..<min(end, millivolts.count)] {
                let row = y(sample)
                top = min(top, row)
                bottom = max(bottom, row)
            }
            if let previous { top = min(top, previous); bottom = max(bottom, previous) }
            for row in top...bottom { dots[row * width + x] = true }
            previous = (top + bottom) / 2
        }
        var picture = lines(dots, width: width)
        let secondsAcross = Double(millivolts.count) / samplingFrequency
        var scale = [Character](repeating: " ", count: columns)
        var second = 0
        while Double(second) <= secondsAcross {
            let label = "\(second)s"
            let column = min(columns - label.count, Int(Double(second) / secondsAcross * Double(columns)))
            for (offset, character) in label.enumerated() where column >= 0 && column + offset < columns {
                scale[column + offset] = character
            }
            second += 1
        }
        picture.append(String(scale))
        picture.append(String(format: "(height %.1f mV, %d rows of dots per mV)", Self.millivoltsBelow + Self.millivoltsAbove,
                              Int((Double(height) / (Self.millivoltsBelow + Self.millivoltsAbove)).rounded())))
        return picture
    }

    private func lines(_ dots: [Bool], width: Int) -> [String] {
        // Braille dot numbering: bits 0-2 and 6 are the left column top to bottom, 3-5 and 7 the right.
        let bits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
        var result: [String] = []
        for row in 0..<rows {
            var line = ""
            for column in 0..<columns {
                var code: UInt32 = 0
                for dy in 0..<4 {
                    for dx in 0..<2 where dots[(row * 4 + dy) * width + column * 2 + dx] {
                        code |= bits[dy][dx]
                    }
                }
                line.unicodeScalars.append(Unicode.Scalar(0x2800 + code)!)
            }
            result.append(line)
        }
        return result
    }
}
