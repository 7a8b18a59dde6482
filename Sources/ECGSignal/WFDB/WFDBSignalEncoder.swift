import Foundation

/// Encodes per-lead samples as one multiplexed WFDB signal file (formats 212 and 16).
enum WFDBSignalEncoder {
    /// The bytes of a signal file holding `samples` (one array per signal,
    /// equal lengths), or an error naming `path` when a sample does not fit
    /// the format.
    static func encode(_ samples: [[Int32]], format: WFDBSignalFormat, path: String) throws -> Data {
        guard format.isWritable else {
            throw ECGSignalError(path: path, reason: "writing signal format \(format.rawValue) is not supported (use 212 or 16)")
        }
        let signalCount = samples.count
        let length = samples.first?.count ?? 0
        let range = format.sampleRange
        for (signal, values) in samples.enumerated() {
            guard values.count == length else {
                throw ECGSignalError(path: path, reason: "signal \(signal) has \(values.count) samples, signal 0 has \(length)")
            }
            if let index = values.firstIndex(where: { !range.contains($0) }) {
                throw ECGSignalError(
                    path: path,
                    reason: "sample \(index) of signal \(signal) is \(values[index]), outside the range \(range.lowerBound)...\(range.upperBound) of format \(format.rawValue)"
                )
            }
        }
        let (total, overflow) = length.multipliedReportingOverflow(by: signalCount)
        guard !overflow, let byteCount = format.byteCount(forSamples: total) else {
            throw ECGSignalError(path: path, reason: "record too large to write")
        }
        var data = Data(count: byteCount)
        data.withUnsafeMutableBytes { raw in
            guard let out = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            switch format {
            case .format16:
                var offset = 0
                for frame in 0..<length {
                    for signal in 0..<signalCount {
                        let value = UInt16(bitPattern: Int16(truncatingIfNeeded: samples[signal][frame]))
                        out[offset] = UInt8(truncatingIfNeeded: value)
                        out[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
                        offset += 2
                    }
                }
            default:
                // Format 212: sample pairs in three bytes, in file order.
                var offset = 0
                var pending: UInt16? = nil
                for frame in 0..<length {
                    for signal in 0..<signalCount {
                        let value = UInt16(bitPattern: Int16(truncatingIfNeeded: samples[signal][frame])) & 0x0FFF
                        if let first = pending {
                            out[offset] = UInt8(truncatingIfNeeded: first)
                            out[offset + 1] = UInt8(truncatingIfNeeded: (first >> 8) | ((value >> 8) << 4))
                            out[offset + 2] = UInt8(truncatingIfNeeded: value)
                            offset += 3
                            pending = nil
                        } else {
                            pending = value
                        }
                    }
                }
                if let first = pending {
                    out[offset] = UInt8(truncatingIfNeeded: first)
                    out[offset + 1] = UInt8(truncatingIfNeeded: first >> 8)
                }
            }
        }
        return data
    }

    /// The WFDB checksum of a signal: the 16-bit signed sum of its samples.
    static func checksum(_ values: [Int32], count: Int? = nil) -> Int {
        values.withUnsafeBufferPointer { buffer in
            var sum: Int32 = 0
            for index in 0..<min(count ?? buffer.count, buffer.count) { sum &+= buffer[index] }
            return Int(Int16(truncatingIfNeeded: sum))
        }
    }
}
