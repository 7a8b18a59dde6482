/// A WFDB header file (`NAME.hea`): the record line, one line per signal (or
/// per segment, for a multi-segment record) and comment lines.
///
/// Follows the WFDB header specification version 10 (`wfdb-spec/HEADERS.md`).
/// Parsing accepts LF and CRLF line endings; `text` formats with LF.
public struct WFDBHeader: Sendable, Equatable {
    public var recordName: String
    /// The number of segments of a multi-segment record; nil for an ordinary record.
    public var segmentCount: Int?
    public var signalCount: Int
    /// Samples per second per signal (250 when the header omits it).
    public var samplingFrequency: Double
    public var counterFrequency: Double?
    public var baseCounter: Double?
    /// Samples per signal; nil when unspecified (then the signal files decide).
    public var length: Int?
    /// Time of day of sample 0, as written (`HH:MM:SS`).
    public var baseTime: String?
    /// Date of sample 0, as written (`DD/MM/YYYY`).
    public var baseDate: String?
    public var signals: [WFDBSignalSpecification]
    public var segments: [WFDBSegmentSpecification]
    /// Comment lines, without the `#` and the blanks after it.
    public var comments: [String]

    public init(
        recordName: String,
        segmentCount: Int? = nil,
        signalCount: Int,
        samplingFrequency: Double,
        counterFrequency: Double? = nil,
        baseCounter: Double? = nil,
        length: Int? = nil,
        baseTime: String? = nil,
        baseDate: String? = nil,
        signals: [WFDBSignalSpecification] = [],
        segments: [WFDBSegmentSpecification] = [],
        comments: [String] = []
    ) {
        self.recordName = recordName
        self.segmentCount = segmentCount
        self.signalCount = signalCount
        self.samplingFrequency = samplingFrequency
        self.counterFrequency = counterFrequency
        self.baseCounter = baseCounter
        self.length = length
        self.baseTime = baseTime
        self.baseDate = baseDate
        self.signals = signals
        self.segments = segments
        self.comments = comments
    }

    /// The largest number of signals a header may declare; guards allocations.
    static let maximumSignalCount = 4096
    /// The largest samples-per-frame value accepted.
    static let maximumSamplesPerFrame = 65536

    /// Whether this is a multi-segment record.
    public var isMultiSegment: Bool { segmentCount != nil }

    // MARK: Parsing

    /// Parses header text; `path` names the file in errors.
    public init(parsing bytes: some Collection<UInt8>, path: String) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines: [(number: Int, text: Substring)] = []
        var comments: [String] = []
        var number = 0
        // "\r\n" is one Character in Swift, so split on both forms.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var line = rawLine
            if line.last == "\r" { line = line.dropLast() }
            let trimmed = line.drop { Self.isBlank($0) }
            if trimmed.isEmpty { continue }
            if trimmed.first == "#" {
                // A stray "\r" before the line end ("\r\r\n") is not part of the comment.
                var comment = String(trimmed.dropFirst().drop { Self.isBlank($0) })
                while comment.unicodeScalars.last == "\r" { comment.unicodeScalars.removeLast() }
                comments.append(comment)
                continue
            }
            lines.append((number, line))
        }
        guard let recordLine = lines.first else {
            throw ECGSignalError(path: path, reason: bytes.isEmpty ? "empty header file" : "header has no record line")
        }
        let fields = Self.fields(of: recordLine.text)
        let fail = { (reason: String) in ECGSignalError(path: path, location: .line(recordLine.number), reason: reason) }
        guard fields.count >= 2 else {
            throw fail("record line needs at least a record name and a number of signals")
        }
        // Record name, optionally "/number of segments".
        let nameField = fields[0].text
        if let slash = nameField.firstIndex(of: "/") {
            recordName = String(nameField[..<slash])
            guard let count = Int(nameField[nameField.index(after: slash)...]), count > 0, count <= 1_000_000 else {
                throw fail("invalid number of segments in '\(nameField)'")
            }
            segmentCount = count
        } else {
            recordName = String(nameField)
            segmentCount = nil
        }
        guard !recordName.isEmpty else { throw fail("empty record name") }
        guard let signalCount = Int(fields[1].text), signalCount >= 0 else {
            throw fail("invalid number of signals '\(fields[1].text)'")
        }
        guard signalCount <= Self.maximumSignalCount else {
            throw fail("number of signals \(signalCount) exceeds the supported maximum \(Self.maximumSignalCount)")
        }
        self.signalCount = signalCount
        // Sampling frequency[/counter frequency[(base counter)]].
        samplingFrequency = 250
        counterFrequency = nil
        baseCounter = nil
        if fields.count > 2 {
            var spec = fields[2].text
            if let open = spec.firstIndex(of: "(") {
                guard spec.last == ")" else { throw fail("unclosed base counter in '\(spec)'") }
                let inner = spec[spec.index(after: open)..<spec.index(before: spec.endIndex)]
                guard let value = Self.number(inner) else { throw fail("invalid base counter '\(inner)'") }
                baseCounter = value
                spec = spec[..<open]
            }
            if baseCounter != nil, !spec.contains("/") {
                throw fail("a base counter needs a counter frequency ('fs/counter(base)') in '\(fields[2].text)'")
            }
            if let slash = spec.firstIndex(of: "/") {
                let counter = spec[spec.index(after: slash)...]
                guard let value = Self.number(counter) else { throw fail("invalid counter frequency '\(counter)'") }
                counterFrequency = value
                spec = spec[..<slash]
            }
            guard let frequency = Self.number(spec), frequency > 0 else {
                throw fail("invalid sampling frequency '\(spec)'")
            }
            samplingFrequency = frequency
        }
        length = nil
        if fields.count > 3 {
            guard let value = Int(fields[3].text), value >= 0 else {
                throw fail("invalid number of samples per signal '\(fields[3].text)'")
            }
            length = value == 0 ? nil : value
        }
        baseTime = fields.count > 4 ? String(fields[4].text) : nil
        baseDate = fields.count > 5 ? String(fields[5].text) : nil
        if let baseTime, !baseTime.allSatisfy({ $0.isNumber || $0 == ":" || $0 == "." }) {
            throw fail("invalid base time '\(baseTime)' (expected HH:MM:SS)")
        }
        if let baseDate, !baseDate.allSatisfy({ $0.isNumber || $0 == "/" }) {
            throw fail("invalid base date '\(baseDate)' (expected DD/MM/YYYY)")
        }
        self.comments = comments

        signals = []
        segments = []
        let rest = lines.dropFirst()
        if let segmentCount {
            guard rest.count >= segmentCount else {
                throw fail("record declares \(segmentCount) segments but the header has \(rest.count) segment lines")
            }
            for line in rest.prefix(segmentCount) {
                let fields = Self.fields(of: line.text)
                guard fields.count >= 2, let length = Int(fields[1].text), length >= 0 else {
                    throw ECGSignalError(path: path, location: .line(line.number),
                                         reason: "segment line needs a record name and a length")
                }
                segments.append(WFDBSegmentSpecification(recordName: String(fields[0].text), length: length, line: line.number))
            }
        } else {
            guard rest.count >= signalCount else {
                throw fail("record declares \(signalCount) signals but the header has \(rest.count) signal lines")
            }
            for line in rest.prefix(signalCount) {
                signals.append(try Self.signal(line.text, lineNumber: line.number, path: path))
            }
        }
    }

    /// Reads and parses a header file.
    public init(contentsOf path: String) throws {
        let bytes = try FileAccess.read(path)
        try self.init(parsing: bytes, path: path)
    }

    private static func signal(_ line: Substring, lineNumber: Int, path: String) throws -> WFDBSignalSpecification {
        let fail = { (reason: String) in ECGSignalError(path: path, location: .line(lineNumber), reason: reason) }
        let fields = Self.fields(of: line)
        guard fields.count >= 2 else { throw fail("signal line needs a file name and a format") }
        // Format[xsamples per frame][:skew][+byte offset].
        let formatField = fields[1].text
        var digits = formatField.prefix { $0.isASCII && $0.isNumber }
        guard let code = Int(digits) else { throw fail("invalid signal format '\(formatField)'") }
        guard let format = WFDBSignalFormat(rawValue: code) else {
            throw fail("unsupported signal format \(code) (supported: 0, 8, 16, 24, 32, 61, 80, 160, 212, 310, 311)")
        }
        var spec = WFDBSignalSpecification(fileName: String(fields[0].text), format: format, line: lineNumber)
        var remainder = formatField.dropFirst(digits.count)
        for (marker, limit) in [("x", maximumSamplesPerFrame), (":", Int(Int32.max)), ("+", Int(Int32.max))] {
            guard remainder.first == Character(marker) else { continue }
            remainder = remainder.dropFirst()
            digits = remainder.prefix { $0.isASCII && $0.isNumber }
            guard let value = Int(digits), value <= limit else {
                throw fail("invalid '\(marker)' modifier in signal format '\(formatField)'")
            }
            remainder = remainder.dropFirst(digits.count)
            switch marker {
            case "x": spec.samplesPerFrame = value
            case ":": spec.skew = value
            default: spec.byteOffset = value
            }
        }
        guard remainder.isEmpty else { throw fail("invalid signal format '\(formatField)'") }
        guard spec.samplesPerFrame >= 1 || !formatField.contains("x") else {
            throw fail("samples per frame must be at least 1 in '\(formatField)'")
        }
        spec.samplesPerFrame = max(spec.samplesPerFrame, 1)
        guard fields.count > 2 else { return spec }
        // Gain[(baseline)][/units].
        // Searched by Unicode scalar: units may start with a combining mark.
        var gainField = fields[2].text
        if let slash = gainField.unicodeScalars.firstIndex(of: "/"),
           gainField.unicodeScalars.firstIndex(of: "(").map({ slash > $0 }) ?? true {
            spec.units = String(gainField.unicodeScalars[gainField.unicodeScalars.index(after: slash)...])
            gainField = gainField[..<slash]
        }
        if let open = gainField.unicodeScalars.firstIndex(of: "(") {
            let scalars = gainField.unicodeScalars
            guard scalars.last == ")",
                  let baseline = Int(String(scalars[scalars.index(after: open)..<scalars.index(before: scalars.endIndex)])) else {
                throw fail("invalid baseline in '\(fields[2].text)'")
            }
            spec.baseline = baseline
            gainField = gainField[..<open]
        }
        guard let gain = number(gainField) else { throw fail("invalid ADC gain '\(fields[2].text)'") }
        spec.gain = gain
        func integer(_ index: Int, _ name: String) throws -> Int? {
            guard fields.count > index else { return nil }
            guard let value = Int(fields[index].text), value.magnitude <= UInt(Int32.max) else {
                throw fail("invalid \(name) '\(fields[index].text)'")
            }
            return value
        }
        spec.adcResolution = try integer(3, "ADC resolution")
        if let resolution = spec.adcResolution, !(0...32).contains(resolution) {
            throw fail("ADC resolution \(resolution) is outside 0...32 bits")
        }
        spec.adcZero = try integer(4, "ADC zero")
        spec.initialValue = try integer(5, "initial value")
        spec.checksum = try integer(6, "checksum")
        spec.blockSize = try integer(7, "block size")
        if fields.count > 8 {
            let start = fields[8].range.lowerBound
            var end = line.endIndex
            while end > start, isBlank(line.unicodeScalars[line.unicodeScalars.index(before: end)]) {
                end = line.unicodeScalars.index(before: end)
            }
            spec.description = String(line[start..<end])
        }
        return spec
    }

    /// Field separators, as the WFDB library's `strtok(…, " \t\n\r")`.
    private static func isBlank(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\r"
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r"
    }

    /// Whitespace-separated fields with their positions in the line.
    ///
    /// Scans Unicode scalars, not Characters: a combining mark after a blank
    /// forms one Character with it, but still follows a field separator.
    private static func fields(of line: Substring) -> [(text: Substring, range: Range<Substring.Index>)] {
        var result: [(Substring, Range<Substring.Index>)] = []
        let scalars = line.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            while index < scalars.endIndex, isBlank(scalars[index]) { index = scalars.index(after: index) }
            guard index < scalars.endIndex else { break }
            let start = index
            while index < scalars.endIndex, !isBlank(scalars[index]) { index = scalars.index(after: index) }
            result.append((line[start..<index], start..<index))
        }
        return result
    }

    /// A finite floating-point number written as `scanf` would read it.
    static func number(_ text: Substring) -> Double? {
        var text = text
        if text.hasSuffix(".") { text = text.dropLast() }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              let value = Double(text), value.isFinite else { return nil }
        return value
    }

    // MARK: Formatting

    /// The header as WFDB header text, LF line endings.
    public var text: String {
        var lines: [String] = []
        var record = recordName
        if let segmentCount { record += "/\(segmentCount)" }
        record += " \(signalCount) \(Self.format(samplingFrequency))"
        if let counterFrequency {
            record += "/\(Self.format(counterFrequency))"
            if let baseCounter { record += "(\(Self.format(baseCounter)))" }
        }
        if length != nil || baseTime != nil {
            record += " \(length ?? 0)"
            if let baseTime {
                record += " \(baseTime)"
                if let baseDate { record += " \(baseDate)" }
            }
        }
        lines.append(record)
        for segment in segments {
            lines.append("\(segment.recordName) \(segment.length)")
        }
        for signal in signals {
            var line = "\(signal.fileName) \(signal.format.rawValue)"
            if signal.samplesPerFrame != 1 { line += "x\(signal.samplesPerFrame)" }
            if signal.skew != 0 { line += ":\(signal.skew)" }
            if signal.byteOffset != 0 { line += "+\(signal.byteOffset)" }
            // Later fields can only be written when the earlier ones are.
            let hasMore = signal.adcResolution != nil || signal.adcZero != nil || signal.initialValue != nil
                || signal.checksum != nil || signal.blockSize != nil || signal.description != nil
            if signal.gain != nil || signal.baseline != nil || signal.units != nil || hasMore {
                line += " \(Self.format(signal.gain ?? 0))"
                if let baseline = signal.baseline { line += "(\(baseline))" }
                if let units = signal.units { line += "/\(units)" }
            }
            let tail: [Int?] = [signal.adcResolution, signal.adcZero, signal.initialValue, signal.checksum, signal.blockSize]
            let defaults = [0, 0, signal.effectiveADCZero, 0, 0]
            let lastPresent = signal.description != nil ? tail.count - 1 : (tail.lastIndex { $0 != nil } ?? -1)
            if lastPresent >= 0 {
                for index in 0...lastPresent { line += " \(tail[index] ?? defaults[index])" }
            }
            if let description = signal.description, !description.isEmpty { line += " \(description)" }
            lines.append(line)
        }
        for comment in comments { lines.append("# \(comment)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A number as WFDB writes it: integers without a decimal point, others in
    /// the shortest form that reads back exactly.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
