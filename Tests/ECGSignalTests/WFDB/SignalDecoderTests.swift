import PropertyBased
import Testing
@testable import ECGSignal

/// The decoder's fast paths agree with its general, sample-by-sample path.
@Suite struct SignalDecoderTests {
    /// Format 212 with two signals: the eight-frame vector steps and the
    /// byte-by-byte tail give the general reader's samples for any bytes and
    /// any frame count (below, at and above a multiple of eight).
    @Test func twoSignalFormat212FastPathMatchesTheGeneralReader() async {
        await propertyCheck(input: Gen.uint8().array(of: 0...200)) { bytes in
            #expect(Self.decoded(bytes, fast: true) == Self.decoded(bytes, fast: false))
        }
    }

    /// The sums the fast path returns are the wrapping sums of the samples it
    /// decoded (the record reader checks the header's checksums with them).
    @Test func twoSignalFormat212FastPathSumsItsSamples() async {
        await propertyCheck(input: Gen.uint8().array(of: 3...300)) { bytes in
            let frameCount = bytes.count / 3
            var first = [Int32](repeating: 0, count: frameCount)
            var second = first
            let sums = bytes.withUnsafeBufferPointer { bytes in
                first.withUnsafeMutableBufferPointer { a in
                    second.withUnsafeMutableBufferPointer { b in
                        WFDBSignalDecoder.decode212TwoSignals(bytes.baseAddress!, a.baseAddress!, b.baseAddress!, frameCount)
                    }
                }
            }
            #expect(sums.first == first.reduce(0, &+))
            #expect(sums.second == second.reduce(0, &+))
        }
    }

    /// With a signal (or both) given no destination, the fast path stores
    /// the other exactly as when it stores both, returns the same sums for
    /// both, and writes nothing where the left-out signal would go.
    @Test(arguments: [(true, false), (false, true), (false, false)])
    func twoSignalFormat212FastPathCanLeaveASignalOut(storesFirst: Bool, storesSecond: Bool) async {
        await propertyCheck(input: Gen.uint8().array(of: 3...300)) { bytes in
            let frameCount = bytes.count / 3
            let both = Self.decoded(bytes, fast: true)
            let sentinel: Int32 = 0x7EAD_BEEF
            var first = [Int32](repeating: sentinel, count: frameCount)
            var second = first
            let sums = bytes.withUnsafeBufferPointer { bytes in
                first.withUnsafeMutableBufferPointer { a in
                    second.withUnsafeMutableBufferPointer { b in
                        WFDBSignalDecoder.decode212TwoSignals(
                            bytes.baseAddress!, storesFirst ? a.baseAddress! : nil, storesSecond ? b.baseAddress! : nil, frameCount)
                    }
                }
            }
            let untouched = [Int32](repeating: sentinel, count: frameCount)
            #expect(first == (storesFirst ? both[0] : untouched))
            #expect(second == (storesSecond ? both[1] : untouched))
            #expect(sums.first == both[0].reduce(0, &+))
            #expect(sums.second == both[1].reduce(0, &+))
        }
    }

    /// The two signals of `bytes` (as many whole frames as they hold), by the
    /// fast path or by the general reader.
    static func decoded(_ bytes: [UInt8], fast: Bool) -> [[Int32]] {
        let frameCount = bytes.count / 3
        guard frameCount > 0 else { return [[], []] }
        var first = [Int32](repeating: 0, count: frameCount)
        var second = first
        bytes.withUnsafeBufferPointer { bytes in
            let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
            first.withUnsafeMutableBufferPointer { a in
                second.withUnsafeMutableBufferPointer { b in
                    if fast {
                        WFDBSignalDecoder.decode212TwoSignals(base, a.baseAddress!, b.baseAddress!, frameCount)
                    } else {
                        WFDBSignalDecoder.decode212TwoSignalsSequentially(base, a.baseAddress!, b.baseAddress!, frameCount)
                    }
                }
            }
        }
        return [first, second]
    }

    /// Every 12-bit value, both signs, in both positions of a group.
    @Test func twoSignalFormat212DecodesEveryValue() {
        let values = (Int32(-2048)...2047).map { $0 }
        var bytes: [UInt8] = []
        for (a, b) in zip(values, values.reversed()) {
            let ua = UInt32(bitPattern: a) & 0xFFF, ub = UInt32(bitPattern: b) & 0xFFF
            bytes += [UInt8(ua & 0xFF), UInt8(ua >> 8 | (ub >> 8) << 4), UInt8(ub & 0xFF)]
        }
        var first = [Int32](repeating: 0, count: values.count)
        var second = first
        bytes.withUnsafeBufferPointer { bytes in
            first.withUnsafeMutableBufferPointer { a in
                second.withUnsafeMutableBufferPointer { b in
                    _ = WFDBSignalDecoder.decode212TwoSignals(bytes.baseAddress!, a.baseAddress!, b.baseAddress!, values.count)
                }
            }
        }
        #expect(first == values)
        #expect(second == values.reversed())
    }
}
