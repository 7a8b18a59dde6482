import Foundation

/// ECG records as CSV text: one column per lead, an optional time column first.
///
/// Import rules:
/// - The first row is a header when any of its cells is not a number. Header
///   cells name the leads, optionally with units: `MLII (mV)` or `V1 [uV]`.
///   A first column named `time`, `t`, `seconds` or `time (ms)` holds sample
///   times (seconds unless its units say `ms`).
/// - Without a header row every column is a lead, unless no sampling
///   frequency is given: then the first column must be a uniform time column.
/// - The sampling frequency comes from the time column (uniform steps within
///   1 %) or from `samplingFrequency`; when both are given they must agree.
/// - A lead with units in the header holds physical values, quantised with
///   `gain` ADC units per millivolt. A lead without units holds digital
///   samples when all its values are integers, millivolts otherwise.
///
/// Delimiters `,`, `;` and tab are recognised from the first line.
public enum CSVRecord {
    /// Reads a CSV file as a record named after the file.
    public static func read(_ path: String, samplingFrequency: Double? = nil, gain: Double = 200) throws -> ECGRecord {
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(FileAccess.read(path), path: path, name: name, samplingFrequency: samplingFrequency, gain: gain)
    }

    /// Writes a record as CSV, atomically: a time column in seconds (unless
    /// `timeColumn` is false) and one column per lead, digital samples or,
    /// with `physical`, values in each lead's units.
    public static func write(_ record: ECGRecord, to path: String, physical: Bool = false, timeColumn: Bool = true) throws {
        try FileAccess.writeAtomically([(path, encode(record, physical: physical, timeColumn: timeColumn))])
    }

    // MARK: Parsing

    struct Column {
        var name: String
        var units: String?
    }

    /// Parses CSV bytes; `path` names the file in errors.
    public static func parse(
        _ bytes: some Collection<UInt8>, path: String, name: String = "csv",
        samplingFrequency: Double? = nil, gain: Double = 200
    ) throws -> ECGRecord {
        let bytes = Array(bytes)
        guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw ECGSignalError(path: path, reason: "empty CSV file")
        }
        guard gain.isFinite, gain > 0 else { throw ECGSignalError(path: path, reason: "invalid gain \(gain)") }
        if let samplingFrequency, !(samplingFrequency.isFinite && samplingFrequency > 0) {
            throw ECGSignalError(path: path, reason: "invalid sampling frequency \(samplingFrequency)")
        }
        // Lines, with their 1-based numbers; blank lines are skipped.
        var lines: [(number: Int, range: Range<Int>)] = []
        var start = 0, lineNumber = 1
        for index in 0...bytes.count {
            if index == bytes.count || bytes[index] == 0x0A {
                var end = index
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                if bytes[start..<end].contains(where: { $0 != 0x20 && $0 != 0x09 }) { lines.append((lineNumber, start..<end)) }
                start = index + 1
                lineNumber += 1
            }
        }
        let first = bytes[lines[0].range]
        let delimiter: UInt8 = first.contains(0x2C) ? 0x2C : first.contains(0x09) ? 0x09 : first.contains(0x3B) ? 0x3B : 0x2C

        func cells(_ line: Range<Int>) -> [Substring] {
            let text = String(decoding: bytes[line], as: UTF8.self)
            return text.split(separator: Character(UnicodeScalar(delimiter)), omittingEmptySubsequences: false).map { cell in
                var cell = cell.trimmingCharacters(in: .whitespaces)[...]
                if cell.count >= 2, cell.first == "\"", cell.last == "\"" { cell = cell.dropFirst().dropLast() }
                return cell
            }
        }

        let firstCells = cells(lines[0].range)
        let hasHeader = firstCells.contains { number($0) == nil }
        let columnCount = firstCells.count
        var columns = (0..<columnCount).map { Column(name: "signal \($0)", units: nil) }
        if hasHeader { columns = firstCells.map(column) }
        let dataLines = hasHeader ? Array(lines.dropFirst()) : lines
        guard !dataLines.isEmpty else {
            throw ECGSignalError(path: path, location: .line(lines[0].number), reason: "no samples after the header row")
        }
        var timeIndex: Int? = nil
        var timeScale = 1.0
        if hasHeader, let timeColumn = columns.first, isTimeName(timeColumn.name) {
            timeIndex = 0
            if let units = timeColumn.units?.lowercased() {
                switch units {
                case "s", "sec", "seconds": timeScale = 1
                case "ms", "msec", "milliseconds": timeScale = 0.001
                default:
                    throw ECGSignalError(path: path, location: .line(lines[0].number), reason: "unknown time units '\(units)' (use s or ms)")
                }
            }
        } else if !hasHeader, samplingFrequency == nil {
            guard columnCount >= 2 else {
                throw ECGSignalError(path: path, reason: "no sampling frequency: give one (--fs) or a time column")
            }
            timeIndex = 0
        }

        // Values column by column; integers are kept exactly. Cells are
        // scanned as bytes: a 30-minute record has millions of them.
        var values = [[Double]](repeating: [], count: columnCount)
        var integral = [Bool](repeating: true, count: columnCount)
        for index in values.indices { values[index].reserveCapacity(dataLines.count) }
        try bytes.withUnsafeBufferPointer { buffer in
            for line in dataLines {
                var column = 0
                var cellStart = line.range.lowerBound
                var position = line.range.lowerBound
                while true {
                    let atEnd = position == line.range.upperBound
                    if atEnd || buffer[position] == delimiter {
                        guard column < columnCount else {
                            throw ECGSignalError(path: path, location: .line(line.number),
                                                 reason: "row has more than \(columnCount) columns")
                        }
                        var lower = cellStart, upper = position
                        while lower < upper, buffer[lower] == 0x20 || buffer[lower] == 0x09 { lower += 1 }
                        while upper > lower, buffer[upper - 1] == 0x20 || buffer[upper - 1] == 0x09 { upper -= 1 }
                        if upper - lower >= 2, buffer[lower] == 0x22, buffer[upper - 1] == 0x22 { lower += 1; upper -= 1 }
                        let cell = UnsafeBufferPointer(rebasing: buffer[lower..<upper])
                        if let integer = Self.integer(cell) {
                            values[column].append(Double(integer))
                        } else {
                            let text = String(decoding: cell, as: UTF8.self)
                            guard let value = number(text[...]) else {
                                throw ECGSignalError(path: path, location: .line(line.number),
                                                     reason: "column \(column + 1) ('\(columns[column].name)'): '\(text.prefix(40))' is not a number")
                            }
                            integral[column] = false
                            values[column].append(value)
                        }
                        column += 1
                        if atEnd { break }
                        cellStart = position + 1
                    }
                    position += 1
                }
                guard column == columnCount else {
                    throw ECGSignalError(path: path, location: .line(line.number),
                                         reason: "row has \(column) columns, expected \(columnCount)")
                }
            }
        }

        // Sampling frequency.
        var frequency = samplingFrequency
        if let timeIndex {
            let times = values[timeIndex]
            guard times.count >= 2 else {
                if let frequency { return try build(frequency) }
                throw ECGSignalError(path: path, reason: "one sample is not enough to find the sampling frequency: give one (--fs)")
            }
            let step = (times[times.count - 1] - times[0]) / Double(times.count - 1)
            guard step > 0 else {
                throw ECGSignalError(path: path, location: .line(dataLines[1].number), reason: "time column does not increase")
            }
            // Each step must match the first one; the frequency uses the mean step.
            let firstStep = times[1] - times[0]
            for index in 1..<times.count where abs(times[index] - times[index - 1] - firstStep) > step * 0.01 {
                if !hasHeader && samplingFrequency == nil {
                    throw ECGSignalError(path: path, reason: "no sampling frequency: give one (--fs) or a time column (the first column is not uniformly spaced)")
                }
                throw ECGSignalError(path: path, location: .line(dataLines[index].number),
                                     reason: "time column is not uniformly spaced (step \(times[index] - times[index - 1]), expected \(firstStep))")
            }
            var fromTime = 1 / (step * timeScale)
            if abs(fromTime - fromTime.rounded()) < fromTime * 1e-3 { fromTime = fromTime.rounded() }
            if let given = frequency, abs(given - fromTime) > given * 0.01 {
                throw ECGSignalError(path: path, reason: "the time column gives \(fromTime) Hz but the sampling frequency given is \(given) Hz")
            }
            frequency = frequency ?? fromTime
        }
        return try build(frequency ?? 0)

        func build(_ frequency: Double) throws -> ECGRecord {
            var leads: [Lead] = []
            var samples: [[Int32]] = []
            for index in 0..<columnCount where index != timeIndex {
                let column = columns[index]
                let digital = column.units == nil && integral[index]
                let units = column.units ?? "mV"
                let lead = Lead(name: column.name, units: units, gain: digital ? gain : gain * Double(Lead(name: "", units: units).millivoltsPerUnit),
                                baseline: 0, adcResolution: 16, adcZero: 0)
                var converted: [Int32] = []
                converted.reserveCapacity(values[index].count)
                for (row, value) in values[index].enumerated() {
                    let scaled = digital ? value : (value * lead.gain).rounded()
                    guard let sample = Int32(exactly: scaled) else {
                        throw ECGSignalError(path: path, location: .line(dataLines[row].number),
                                             reason: "column \(index + 1) ('\(column.name)'): \(value) does not fit a 32-bit sample")
                    }
                    converted.append(sample)
                }
                leads.append(lead)
                samples.append(converted)
            }
            guard !leads.isEmpty else { throw ECGSignalError(path: path, reason: "no lead columns") }
            return ECGRecord(name: name, samplingFrequency: frequency, leads: leads, samples: samples)
        }
    }

    private static func isTimeName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["time", "t", "seconds", "sec", "elapsed time", "timestamp", "time_s", "time_ms"].contains(lower)
            || lower.hasPrefix("time ")
    }

    /// `NAME (UNITS)` or `NAME [UNITS]` → name and units.
    private static func column(_ cell: Substring) -> Column {
        let text = cell.trimmingCharacters(in: .whitespaces)
        for (open, close) in [("(", ")"), ("[", "]")] where text.hasSuffix(close) {
            if let start = text.lastIndex(of: Character(open)) {
                let name = text[..<start].trimmingCharacters(in: .whitespaces)
                let units = text[text.index(after: start)..<text.index(before: text.endIndex)].trimmingCharacters(in: .whitespaces)
                return Column(name: name, units: units.isEmpty ? nil : units)
            }
        }
        if text.lowercased() == "time_ms" { return Column(name: text, units: "ms") }
        return Column(name: text, units: nil)
    }

    /// An optionally signed decimal integer of at most 15 digits, or nil.
    private static func integer(_ cell: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        var negative = false
        if index < cell.count, cell[index] == 0x2D || cell[index] == 0x2B {
            negative = cell[index] == 0x2D
            index += 1
        }
        let digits = cell.count - index
        guard digits > 0, digits <= 15 else { return nil }
        var value = 0
        while index < cell.count {
            let digit = Int(cell[index]) - 0x30
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
            index += 1
        }
        return negative ? -value : value
    }

    /// A finite number, or nil.
    private static func number(_ cell: Substring) -> Double? {
        guard !cell.isEmpty, cell.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 }) else {
            return nil
        }
        if let integer = Int(cell) { return Double(integer) }
        guard let value = Double(cell), value.isFinite else { return nil }
        return value
    }

    // MARK: Writing

    /// The CSV text of a record (see `write`).
    public static func encode(_ record: ECGRecord, physical: Bool = false, timeColumn: Bool = true) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(record.length * (record.leads.count + 1) * 8 + 64)
        func append(_ text: String) { out.append(contentsOf: text.utf8) }
        func clean(_ text: String) -> String {
            String(text.map { $0 == "," || $0 == "\"" || $0.isNewline ? " " : $0 })
        }
        var header: [String] = timeColumn ? ["time (s)"] : []
        for lead in record.leads {
            header.append(physical ? "\(clean(lead.name)) (\(clean(lead.units)))" : clean(lead.name))
        }
        append(header.joined(separator: ","))
        out.append(0x0A)
        // Enough decimals that values read back to the same digital sample.
        let decimals = record.leads.map { lead in
            max(3, Int(log10(max(abs(lead.effectiveGain), 1)).rounded(.up)) + 1)
        }
        let scales = record.leads.map { lead in 1 / lead.effectiveGain }
        let frequency = record.samplingFrequency > 0 ? record.samplingFrequency : 1
        for index in 0..<record.length {
            if timeColumn {
                appendFixed(Double(index) / frequency, decimals: 6, to: &out)
                if !record.leads.isEmpty { out.append(0x2C) }
            }
            for lead in record.leads.indices {
                if lead > 0 { out.append(0x2C) }
                let value = record.samples[lead][index]
                if physical {
                    let physicalValue = Double(Int64(value) - Int64(record.leads[lead].baseline)) * scales[lead]
                    appendFixed(physicalValue, decimals: decimals[lead], to: &out)
                } else {
                    append(String(value))
                }
            }
            out.append(0x0A)
        }
        return Data(out)
    }

    /// Appends `value` with at most `decimals` decimals, trailing zeros removed.
    private static func appendFixed(_ value: Double, decimals: Int, to out: inout [UInt8]) {
        var power = 1.0
        for _ in 0..<decimals { power *= 10 }
        guard value.isFinite, let scaled = Int64(exactly: (value * power).rounded()) else {
            out.append(contentsOf: "\(value)".utf8)
            return
        }
        let negative = scaled < 0
        let magnitude = scaled.magnitude
        let divisor = UInt64(power)
        let whole = magnitude / divisor
        var fraction = magnitude % divisor
        if negative && magnitude != 0 { out.append(0x2D) }
        out.append(contentsOf: String(whole).utf8)
        guard fraction != 0 else { return }
        var digits = decimals
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        out.append(0x2E)
        let text = String(fraction)
        for _ in 0..<(digits - text.count) { out.append(0x30) }
        out.append(contentsOf: text.utf8)
    }
}
