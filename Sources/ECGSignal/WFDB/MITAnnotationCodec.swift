import Foundation

/// The MIT annotation file format, as the WFDB library's `lib/annot.c`
/// reads (`getann`) and writes (`putann`) it.
///
/// Each annotation is a 16-bit little-endian word: code in the top 6 bits,
/// time since the previous annotation in the low 10 bits. Pseudo-codes
/// follow it: SKIP (59, a 32-bit time step stored high half first), NUM (60),
/// SUB (61), CHN (62), AUX (63, a length byte then that many bytes, padded
/// to an even count). A zero word ends the file. `chan` and `num` carry over
/// from one annotation to the next; `subtyp` and `aux` do not.
enum MITAnnotationCodec {
    static let skip: UInt16 = 59, num: UInt16 = 60, sub: UInt16 = 61, chn: UInt16 = 62, aux: UInt16 = 63
    static let maximumInterval = 1023
    /// Annotation times must be below 2^40 samples (35 years at 1 kHz), so
    /// that writing one never takes more than 512 SKIPs of 2^31 - 1.
    static let maximumTime = 1 << 40

    /// The text of the note that declares an annotation file's time resolution.
    static let timeResolutionPrefix = "## time resolution: "

    static func decode(_ bytes: some Collection<UInt8>, path: String) throws -> WFDBAnnotationFile {
        let bytes = Array(bytes)
        guard !bytes.isEmpty else { throw ECGSignalError(path: path, reason: "empty annotation file") }
        var annotations: [Annotation] = []
        var position = 0
        var time = 0
        var channel: UInt8 = 0
        var number: Int8 = 0

        func word(at offset: Int) throws -> UInt16 {
            guard offset + 1 < bytes.count else {
                throw ECGSignalError(path: path, location: .byteOffset(offset),
                                     reason: "truncated annotation file: no end-of-file marker (a zero word)")
            }
            return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
        }
        func advance(_ delta: Int, at offset: Int) throws {
            let (sum, overflow) = time.addingReportingOverflow(delta)
            // A SKIP may step back (putann writes SKIP -1 before a code-0
            // annotation at time 0); annotations themselves need times >= 0.
            guard !overflow, sum >= -(1 << 32) else {
                throw ECGSignalError(path: path, location: .byteOffset(offset), reason: "annotation time overflows")
            }
            time = sum
        }

        while true {
            let start = position
            let value = try word(at: position)
            position += 2
            if value == 0 { break }
            let code = value >> 10
            let data = Int(value & 0x03FF)
            switch code {
            case skip:
                let high = try word(at: position), low = try word(at: position + 2)
                position += 4
                let interval = Int(Int32(bitPattern: UInt32(high) << 16 | UInt32(low)))
                try advance(interval, at: start)
            case num, sub, chn, aux:
                throw ECGSignalError(path: path, location: .byteOffset(start),
                                     reason: "pseudo-annotation \(code) before any annotation")
            default:
                guard code <= AnnotationCode.maximum else {
                    throw ECGSignalError(path: path, location: .byteOffset(start), reason: "invalid annotation code \(code)")
                }
                try advance(data, at: start)
                guard time >= 0 else {
                    throw ECGSignalError(path: path, location: .byteOffset(start), reason: "annotation at negative time \(time)")
                }
                guard time < maximumTime else {
                    throw ECGSignalError(path: path, location: .byteOffset(start), reason: "annotation time \(time) exceeds the supported 2^40 samples")
                }
                var annotation = Annotation(sample: time, code: AnnotationCode(rawValue: UInt8(code)), channel: channel, num: number)
                // Pseudo-codes that modify this annotation.
                modifiers: while true {
                    let next = try word(at: position)
                    let nextCode = next >> 10
                    let nextData = next & 0x03FF
                    switch nextCode {
                    case sub:
                        annotation.subtype = Int8(truncatingIfNeeded: nextData)
                    case chn:
                        annotation.channel = UInt8(truncatingIfNeeded: nextData)
                    case num:
                        annotation.num = Int8(truncatingIfNeeded: nextData)
                    case aux:
                        let length = Int(next & 0x00FF)
                        let padded = length + (length & 1)
                        guard position + 2 + padded <= bytes.count else {
                            throw ECGSignalError(path: path, location: .byteOffset(position),
                                                 reason: "auxiliary information of \(length) bytes runs past the end of the file")
                        }
                        annotation.aux = Array(bytes[(position + 2)..<(position + 2 + length)])
                        position += padded
                    default:
                        break modifiers
                    }
                    position += 2
                }
                channel = annotation.channel
                number = annotation.num
                annotations.append(annotation)
            }
        }
        if position < bytes.count, bytes[position...].contains(where: { $0 != 0 }) {
            throw ECGSignalError(path: path, location: .byteOffset(position), reason: "data after the end-of-file marker")
        }
        // The time-resolution note, when present, is the first annotation.
        var resolution: Double? = nil
        if let first = annotations.first, first.sample == 0, first.code == .note,
           let text = first.auxText, text.hasPrefix(timeResolutionPrefix) {
            let value = text.dropFirst(timeResolutionPrefix.count).trimmingCharacters(in: .whitespaces)
            if let frequency = Double(value), frequency.isFinite, frequency > 0 {
                resolution = frequency
                annotations.removeFirst()
            }
        }
        return WFDBAnnotationFile(timeResolution: resolution, annotations: annotations)
    }

    /// The low 10 bits of a value, as `DATA & value` in `putann`.
    private static func tenBits(_ value: Int) -> UInt16 { UInt16(truncatingIfNeeded: value) & 0x03FF }

    static func encode(_ file: WFDBAnnotationFile, path: String) throws -> Data {
        var writer = Writer(path: path, capacity: file.annotations.count * 2 + 64)
        defer { writer.deallocate() }
        // The time-resolution note, when the file declares one, comes first
        // and counts as annotation 0.
        var offset = 0
        if let resolution = file.timeResolution {
            guard resolution.isFinite, resolution > 0 else {
                throw ECGSignalError(path: path, reason: "invalid time resolution \(resolution)")
            }
            let note = Annotation(sample: 0, code: .note, auxText: timeResolutionPrefix + WFDBHeader.format(resolution))
            try withUnsafePointer(to: note) { try writer.write($0, index: 0) }
            offset = 1
        }
        try file.annotations.withUnsafeBufferPointer { annotations in
            guard let first = annotations.baseAddress else { return }
            for index in annotations.indices {
                try writer.write(first + index, index: index + offset)
            }
        }
        writer.reserve(2)
        writer.put(0)
        return Data(bytes: writer.storage, count: writer.count)
    }

    /// The words of an annotation file as `putann` writes them, into a
    /// buffer it grows itself.
    ///
    /// A struct with mutating methods writing through a pointer, where local
    /// functions appending to an array captured it: the captured variables
    /// were checked for exclusive access, and the array for uniqueness and
    /// capacity, at every byte (measured: 360 instructions per annotation,
    /// now 90). Annotations are read in place, without copying their `aux`.
    private struct Writer {
        let path: String
        var storage: UnsafeMutablePointer<UInt8>
        var count = 0
        var capacity: Int
        var previousTime = 0
        var previousChannel: UInt8 = 0
        var previousNumber: Int8 = 0

        init(path: String, capacity: Int) {
            self.path = path
            self.capacity = capacity
            storage = .allocate(capacity: capacity)
        }

        func deallocate() { storage.deallocate() }

        /// Makes room for `extra` more bytes.
        @inline(__always)
        mutating func reserve(_ extra: Int) {
            guard count + extra > capacity else { return }
            let grown = Swift.max(2 * capacity, count + extra)
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            larger.update(from: storage, count: count)
            storage.deallocate()
            storage = larger
            capacity = grown
        }

        /// Writes a word; room for it must have been reserved.
        @inline(__always)
        mutating func put(_ word: UInt16) {
            storage[count] = UInt8(truncatingIfNeeded: word)
            storage[count + 1] = UInt8(truncatingIfNeeded: word >> 8)
            count += 2
        }

        /// SKIPs forward or back by `interval`: one SKIP holds a signed
        /// 32-bit step; longer steps take several.
        mutating func writeSkip(_ interval: Int) {
            var remaining = interval
            repeat {
                let step = Int32(clamping: remaining)
                remaining -= Int(step)
                let bits = UInt32(bitPattern: step)
                reserve(6)
                put(skip << 10)
                put(UInt16(truncatingIfNeeded: bits >> 16))
                put(UInt16(truncatingIfNeeded: bits))
            } while remaining != 0
        }

        mutating func write(_ annotation: UnsafePointer<Annotation>, index: Int) throws {
            let code = annotation.pointee.code.rawValue
            let sample = annotation.pointee.sample
            let auxCount = annotation.pointee.aux.count
            guard code <= AnnotationCode.maximum else {
                throw ECGSignalError(path: path, reason: "annotation \(index) has invalid code \(code)")
            }
            guard auxCount <= 255 else {
                throw ECGSignalError(path: path, reason: "annotation \(index) has \(auxCount) bytes of auxiliary information (at most 255)")
            }
            var (delta, overflow) = sample.subtractingReportingOverflow(previousTime)
            guard !overflow, sample >= 0, sample < maximumTime else {
                throw ECGSignalError(path: path, reason: "annotation \(index) has invalid time \(sample) (0 ..< 2^40)")
            }
            if code == AnnotationCode.notQRS.rawValue {
                // A zero word would read as the end of the file: step to one
                // sample before and write the annotation with interval 1.
                writeSkip(delta - 1)
                delta = 1
            } else if delta > maximumInterval || delta < 0 {
                writeSkip(delta)
                delta = 0
            }
            // Five words (the annotation, SUB, CHN, NUM, AUX), the auxiliary
            // bytes and a padding byte.
            reserve(10 + auxCount + 1)
            put(UInt16(delta) | UInt16(code) << 10)
            let subtype = annotation.pointee.subtype
            if subtype != 0 {
                put(sub << 10 | tenBits(Int(subtype)))
            }
            let channel = annotation.pointee.channel
            if channel != previousChannel {
                put(chn << 10 | tenBits(Int(channel)))
            }
            let number = annotation.pointee.num
            if number != previousNumber {
                put(num << 10 | tenBits(Int(number)))
            }
            if auxCount > 0 {
                put(aux << 10 | UInt16(auxCount))
                annotation.pointee.aux.withUnsafeBufferPointer { bytes in
                    (storage + count).update(from: bytes.baseAddress!, count: auxCount)
                }
                count += auxCount
                if auxCount & 1 == 1 {
                    storage[count] = 0
                    count += 1
                }
            }
            previousTime = sample
            previousChannel = channel
            previousNumber = number
        }
    }
}

/// The contents of an MIT annotation file: its annotations and, when the file
/// declares one, the time resolution its sample times count in.
public struct WFDBAnnotationFile: Sendable, Equatable {
    /// Ticks per second of the annotation times, when the file declares it
    /// with a `## time resolution:` note (otherwise the record's frequency).
    public var timeResolution: Double?
    public var annotations: [Annotation]

    public init(timeResolution: Double? = nil, annotations: [Annotation]) {
        self.timeResolution = timeResolution
        self.annotations = annotations
    }
}
