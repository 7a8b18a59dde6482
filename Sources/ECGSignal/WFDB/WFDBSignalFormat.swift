/// A WFDB signal file storage format (the `format` field of a signal line).
///
/// See the WFDB specification, `SIGNALS.md`, and the WFDB library's
/// `lib/signal.c`. All formats can be read; 212 and 16 can be written.
public enum WFDBSignalFormat: Int, Sendable, CaseIterable, Codable {
    /// A null signal: no file, every sample reads as `WFDB.invalidSample`
    /// (used in the layout segment of variable-layout records).
    case null = 0
    /// 8-bit first differences, summed onto the initial value.
    case format8 = 8
    /// 16-bit two's complement, least significant byte first.
    case format16 = 16
    /// 24-bit two's complement, least significant byte first.
    case format24 = 24
    /// 32-bit two's complement, least significant byte first.
    case format32 = 32
    /// 16-bit two's complement, most significant byte first.
    case format61 = 61
    /// 8-bit offset binary.
    case format80 = 80
    /// 16-bit offset binary, least significant byte first.
    case format160 = 160
    /// Two 12-bit two's complement samples packed into three bytes.
    case format212 = 212
    /// Three 10-bit samples in two 16-bit words (low bit of each word unused).
    case format310 = 310
    /// Three 10-bit samples in one 32-bit little-endian word.
    case format311 = 311

    /// Whether this library can write the format.
    public var isWritable: Bool { self == .format212 || self == .format16 }

    /// The smallest and largest sample value the format can store.
    public var sampleRange: ClosedRange<Int32> {
        switch self {
        case .null: return WFDB.invalidSample...WFDB.invalidSample
        case .format8: return Int32(Int16.min)...Int32(Int16.max)
        case .format16, .format61, .format160: return Int32(Int16.min)...Int32(Int16.max)
        case .format24: return -(1 << 23)...((1 << 23) - 1)
        case .format32: return Int32.min...Int32.max
        case .format80: return -128...127
        case .format212: return -2048...2047
        case .format310, .format311: return -512...511
        }
    }

    /// The number of bytes that hold `count` consecutive samples of a file.
    ///
    /// Packed formats end with a partial group when `count` is not a multiple
    /// of the group size: format 212 stores a last odd sample in two bytes,
    /// 310 one or two trailing samples in two or four bytes, 311 in two or
    /// three bytes (the bytes that contain their bits).
    func byteCount(forSamples count: Int) -> Int? {
        switch self {
        case .null: return 0
        case .format8, .format80: return count
        case .format16, .format61, .format160: return count.multipliedReportingOverflow(by: 2).overflow ? nil : count * 2
        case .format24: return count.multipliedReportingOverflow(by: 3).overflow ? nil : count * 3
        case .format32: return count.multipliedReportingOverflow(by: 4).overflow ? nil : count * 4
        case .format212:
            let pairs = count / 2
            guard !pairs.multipliedReportingOverflow(by: 3).overflow else { return nil }
            return pairs * 3 + (count % 2 == 1 ? 2 : 0)
        case .format310, .format311:
            let groups = count / 3
            guard !groups.multipliedReportingOverflow(by: 4).overflow else { return nil }
            let rest = count % 3
            let tail: Int
            switch (self, rest) {
            case (_, 0): tail = 0
            case (_, 1): tail = 2
            case (.format310, _): tail = 4
            default: tail = 3
            }
            return groups * 4 + tail
        }
    }

    /// The number of whole samples that `byteCount` bytes hold.
    func sampleCount(forBytes byteCount: Int) -> Int {
        switch self {
        case .null: return Int.max
        case .format8, .format80: return byteCount
        case .format16, .format61, .format160: return byteCount / 2
        case .format24: return byteCount / 3
        case .format32: return byteCount / 4
        case .format212:
            return (byteCount / 3) * 2 + (byteCount % 3 >= 2 ? 1 : 0)
        case .format310:
            let rest = byteCount % 4
            return (byteCount / 4) * 3 + (rest >= 2 ? 1 : 0)
        case .format311:
            let rest = byteCount % 4
            return (byteCount / 4) * 3 + (rest >= 3 ? 2 : rest >= 2 ? 1 : 0)
        }
    }
}
