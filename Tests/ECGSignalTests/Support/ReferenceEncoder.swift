import Foundation
@testable import ECGSignal

/// A plain, bit-by-bit encoder of every WFDB signal format, written from the
/// specification (`wfdb-spec/SIGNALS.md`) independently of the library's
/// decoder, to produce test files.
enum ReferenceEncoder {
    /// Encodes samples given in file order (frame by frame, signal by signal).
    /// Format 8 takes the differences from the caller's `initialValues`.
    static func encode(_ fileOrder: [Int32], format: WFDBSignalFormat) -> [UInt8] {
        var out: [UInt8] = []
        func le(_ value: Int64, bytes: Int) {
            for index in 0..<bytes { out.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
        }
        switch format {
        case .null: break
        case .format8: for value in fileOrder { out.append(UInt8(bitPattern: Int8(value))) }
        case .format16: for value in fileOrder { le(Int64(value), bytes: 2) }
        case .format24: for value in fileOrder { le(Int64(value), bytes: 3) }
        case .format32: for value in fileOrder { le(Int64(value), bytes: 4) }
        case .format61:
            for value in fileOrder {
                let bits = UInt16(bitPattern: Int16(value))
                out.append(UInt8(bits >> 8)); out.append(UInt8(bits & 0xFF))
            }
        case .format80: for value in fileOrder { out.append(UInt8(value + 128)) }
        case .format160: for value in fileOrder { le(Int64(value) + 32768, bytes: 2) }
        case .format212:
            var index = 0
            while index < fileOrder.count {
                let a = UInt32(bitPattern: fileOrder[index]) & 0xFFF
                if index + 1 < fileOrder.count {
                    let b = UInt32(bitPattern: fileOrder[index + 1]) & 0xFFF
                    out += [UInt8(a & 0xFF), UInt8((a >> 8) | ((b >> 8) << 4)), UInt8(b & 0xFF)]
                } else {
                    out += [UInt8(a & 0xFF), UInt8(a >> 8)]
                }
                index += 2
            }
        case .format310:
            var index = 0
            while index < fileOrder.count {
                let s = (0..<3).map { index + $0 < fileOrder.count ? UInt16(bitPattern: Int16(fileOrder[index + $0])) & 0x3FF : 0 }
                // Word 0: bits 1...10 = s0, bits 11...15 = low 5 bits of s2.
                // Word 1: bits 1...10 = s1, bits 11...15 = high 5 bits of s2.
                let w0 = (s[0] << 1) | ((s[2] & 0x1F) << 11)
                let w1 = (s[1] << 1) | ((s[2] >> 5) << 11)
                let remaining = fileOrder.count - index
                out += [UInt8(w0 & 0xFF), UInt8(w0 >> 8)]
                if remaining >= 2 { out += [UInt8(w1 & 0xFF), UInt8(w1 >> 8)] }
                index += 3
            }
        case .format311:
            var index = 0
            while index < fileOrder.count {
                let s = (0..<3).map { index + $0 < fileOrder.count ? UInt32(bitPattern: fileOrder[index + $0]) & 0x3FF : 0 }
                let word = s[0] | (s[1] << 10) | (s[2] << 20)
                let remaining = fileOrder.count - index
                let bytes = remaining >= 3 ? 4 : remaining == 2 ? 3 : 2
                for byte in 0..<bytes { out.append(UInt8(truncatingIfNeeded: word >> (8 * UInt32(byte)))) }
                index += 3
            }
        }
        return out
    }

    /// Interleaves per-lead samples into file order (one sample per frame).
    static func fileOrder(_ leads: [[Int32]]) -> [Int32] {
        guard let length = leads.first?.count else { return [] }
        return (0..<length).flatMap { frame in leads.map { $0[frame] } }
    }

    /// File-order first differences for format 8, each lead from its initial value.
    static func differences(_ leads: [[Int32]], initialValues: [Int32]) -> [Int32] {
        let diffs = leads.enumerated().map { index, values in
            values.enumerated().map { position, value in value - (position == 0 ? initialValues[index] : values[position - 1]) }
        }
        return fileOrder(diffs)
    }

    /// A header for `leads` stored in one file `name.dat` of `format`.
    static func header(name: String, leads: [[Int32]], format: WFDBSignalFormat, frequency: Double = 250) -> WFDBHeader {
        WFDBHeader(
            recordName: name, signalCount: leads.count, samplingFrequency: frequency, length: leads.first?.count ?? 0,
            signals: leads.enumerated().map { index, values in
                WFDBSignalSpecification(
                    fileName: "\(name).dat", format: format, gain: 200, baseline: 0, units: "mV",
                    adcResolution: format == .format310 || format == .format311 ? 10 : 12, adcZero: 0,
                    initialValue: Int(values.first ?? 0),
                    checksum: WFDBSignalEncoder.checksum(values), blockSize: 0, description: "lead\(index)"
                )
            }
        )
    }

    /// Test samples that fit `format`: a deterministic walk over the format's range.
    static func samples(leads: Int, length: Int, format: WFDBSignalFormat, seed: UInt64 = 1) -> [[Int32]] {
        let range: ClosedRange<Int64> = format == .format8
            ? -300...300
            : Int64(max(format.sampleRange.lowerBound, -100_000))...Int64(min(format.sampleRange.upperBound, 100_000))
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<leads).map { _ in
            var value: Int64 = 0
            return (0..<length).map { position in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let step = Int64((state >> 33) % 201) - 100
                // Include the extremes of the range early on.
                if format != .format8, position == 1 { return Int32(range.lowerBound) }
                if format != .format8, position == 2 { return Int32(range.upperBound) }
                value = min(range.upperBound, max(range.lowerBound, value + (format == .format8 ? step % 60 : step * 37)))
                return Int32(value)
            }
        }
    }
}
