/// Decodes the samples of a WFDB signal file straight into per-lead buffers.
///
/// A signal file holds frames; each frame holds, for every signal of the
/// file in order, `samplesPerFrame` consecutive samples. The decoder writes
/// sample `j` of frame `f` of a signal to `destination[f * samplesPerFrame + j]`.
/// Callers check that the bytes hold `frameCount` frames before decoding
/// (`WFDBSignalFormat.byteCount(forSamples:)`); the decoder does not read
/// past that.
enum WFDBSignalDecoder {
    /// Where one signal of the file goes.
    struct Slot {
        var destination: UnsafeMutablePointer<Int32>
        var samplesPerFrame: Int
    }

    /// Decodes `frameCount` frames from `bytes` into `slots`. Returns the
    /// wrapping sum of each slot's samples (what the header's checksum
    /// covers) when the path computed them on the way, at no extra pass:
    /// format 212 with two signals (MIT-BIH); otherwise nil.
    @discardableResult
    static func decode(
        _ bytes: UnsafeRawBufferPointer,
        format: WFDBSignalFormat,
        slots: [Slot],
        frameCount: Int
    ) -> [Int32]? {
        guard frameCount > 0, !slots.isEmpty else { return nil }
        // A null signal has no bytes; give the readers a valid address anyway.
        let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1)!
        let uniform = slots.allSatisfy { $0.samplesPerFrame == 1 }
        if uniform {
            switch format {
            case .format212 where slots.count == 2:
                let sums = decode212TwoSignals(base, slots[0].destination, slots[1].destination, frameCount)
                return [sums.first, sums.second]
            case .format212 where slots.count % 2 == 0:
                decode212EvenSignals(base, slots.map(\.destination), frameCount)
                return nil
            case .format16:
                decode16(base, slots.map(\.destination), frameCount)
                return nil
            default:
                break
            }
        }
        switch format {
        case .null:
            for slot in slots {
                slot.destination.initialize(repeating: WFDB.invalidSample, count: frameCount &* slot.samplesPerFrame)
            }
        case .format8: decodeSequential(Reader8(base: base), slots, frameCount)
        case .format16: decodeSequential(Reader16(base: base), slots, frameCount)
        case .format24: decodeSequential(Reader24(base: base), slots, frameCount)
        case .format32: decodeSequential(Reader32(base: base), slots, frameCount)
        case .format61: decodeSequential(Reader61(base: base), slots, frameCount)
        case .format80: decodeSequential(Reader80(base: base), slots, frameCount)
        case .format160: decodeSequential(Reader160(base: base), slots, frameCount)
        case .format212: decodeSequential(Reader212(base: base), slots, frameCount)
        case .format310: decodeSequential(Reader310(base: base), slots, frameCount)
        case .format311: decodeSequential(Reader311(base: base), slots, frameCount)
        }
        return nil
    }

    // MARK: Fast paths

    /// Format 212 with two signals per frame (the MIT-BIH layout): one frame
    /// is exactly one three-byte group.
    ///
    /// Eight frames per step in eight 32-bit lanes, each loaded from its
    /// group's first byte (the lane's fourth byte, the next group's, is
    /// shifted out): the unpacking is then lane-wise shifts that LLVM emits
    /// as vector instructions, about 6 instructions per frame where unpacking
    /// two frames from a 64-bit word took 16. A lane reads one byte past
    /// its group, so the steps stop while a frame is left; the remaining
    /// frames are read byte by byte. Returns the wrapping sums of the two
    /// signals' samples (two vector adds per step).
    ///
    /// A signal without a destination is summed but not stored: a reader
    /// that needs one lead of a two-lead file still verifies both checksums
    /// and writes half the memory.
    @discardableResult
    static func decode212TwoSignals(
        _ base: UnsafePointer<UInt8>,
        _ first: UnsafeMutablePointer<Int32>?,
        _ second: UnsafeMutablePointer<Int32>?,
        _ frameCount: Int
    ) -> (first: Int32, second: Int32) {
        // One specialised loop per combination: the stores are decided
        // outside the loop.
        switch (first, second) {
        case let (first?, second?):
            return decode212TwoSignals(base, frameCount) { first[$0] = $1; second[$0] = $2 } store8: { frame, low, nibble, byte in
                UnsafeMutableRawPointer(first + frame).storeBytes(of: low, as: SIMD8<Int32>.self)
                UnsafeMutableRawPointer(second + frame).storeBytes(of: nibble &<< 8 &+ byte, as: SIMD8<Int32>.self)
            }
        case let (first?, nil):
            return decode212TwoSignals(base, frameCount) { first[$0] = $1; _ = $2 } store8: { frame, low, _, _ in
                UnsafeMutableRawPointer(first + frame).storeBytes(of: low, as: SIMD8<Int32>.self)
            }
        case let (nil, second?):
            return decode212TwoSignals(base, frameCount) { second[$0] = $2; _ = $1 } store8: { frame, _, nibble, byte in
                UnsafeMutableRawPointer(second + frame).storeBytes(of: nibble &<< 8 &+ byte, as: SIMD8<Int32>.self)
            }
        case (nil, nil):
            return decode212TwoSignals(base, frameCount) { _, _, _ in } store8: { _, _, _, _ in }
        }
    }

    @inline(__always)
    private static func decode212TwoSignals(
        _ base: UnsafePointer<UInt8>,
        _ frameCount: Int,
        store: (Int, Int32, Int32) -> Void,
        store8: (_ frame: Int, _ low: SIMD8<Int32>, _ nibble: SIMD8<Int32>, _ byte: SIMD8<Int32>) -> Void
    ) -> (first: Int32, second: Int32) {
        let raw = UnsafeRawPointer(base)
        var frame = 0
        @inline(__always) func word(_ offset: Int) -> UInt32 {
            UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }
        var lowSums = SIMD8<Int32>(), nibbleSums = SIMD8<Int32>(), byteSums = SIMD8<Int32>()
        while frame &+ 8 < frameCount {
            let o = frame &* 3
            let groups = SIMD8<UInt32>(word(o), word(o &+ 3), word(o &+ 6), word(o &+ 9),
                                       word(o &+ 12), word(o &+ 15), word(o &+ 18), word(o &+ 21))
            // The first sample: the low 12 bits shifted to the top of the
            // word and back, which sign-extends them. The second is 256
            // times the high nibble of byte 1, sign-extended the same way,
            // plus byte 2; the two parts are summed apart, so that a signal
            // only summed is never assembled. (Written with shifts only:
            // with masks LLVM unpacked the lanes into scalar registers.)
            let low = unsafeBitCast(groups &<< 20, to: SIMD8<Int32>.self) &>> 20
            let nibble = unsafeBitCast(groups &<< 16, to: SIMD8<Int32>.self) &>> 28
            let byte = unsafeBitCast((groups &<< 8) &>> 24, to: SIMD8<Int32>.self)
            store8(frame, low, nibble, byte)
            lowSums &+= low
            nibbleSums &+= nibble
            byteSums &+= byte
            frame &+= 8
        }
        var firstSum = lowSums.wrappedSum()
        var secondSum = nibbleSums.wrappedSum() &<< 8 &+ byteSums.wrappedSum()
        var input = base + frame &* 3
        while frame < frameCount {
            let b0 = Int32(input[0]), b1 = Int32(input[1]), b2 = Int32(input[2])
            let low = ((b0 | (b1 & 0x0F) << 8) << 20) >> 20
            let high = ((b2 | (b1 & 0xF0) << 4) << 20) >> 20
            store(frame, low, high)
            firstSum &+= low
            secondSum &+= high
            input += 3
            frame &+= 1
        }
        return (firstSum, secondSum)
    }

    /// Format 212, two signals per frame, decoded by the general reader
    /// (`Reader212`): the reference the fast path is tested against.
    static func decode212TwoSignalsSequentially(
        _ base: UnsafePointer<UInt8>,
        _ first: UnsafeMutablePointer<Int32>,
        _ second: UnsafeMutablePointer<Int32>,
        _ frameCount: Int
    ) {
        decodeSequential(Reader212(base: base), [Slot(destination: first, samplesPerFrame: 1),
                                                 Slot(destination: second, samplesPerFrame: 1)], frameCount)
    }

    private static func decode212EvenSignals(
        _ base: UnsafePointer<UInt8>,
        _ destinations: [UnsafeMutablePointer<Int32>],
        _ frameCount: Int
    ) {
        var input = base
        destinations.withUnsafeBufferPointer { destinations in
            for frame in 0..<frameCount {
                var signal = 0
                while signal < destinations.count {
                    let b0 = Int32(input[0]), b1 = Int32(input[1]), b2 = Int32(input[2])
                    destinations[signal][frame] = ((b0 | (b1 & 0x0F) << 8) << 20) >> 20
                    destinations[signal + 1][frame] = ((b2 | (b1 & 0xF0) << 4) << 20) >> 20
                    input += 3
                    signal += 2
                }
            }
        }
    }

    private static func decode16(
        _ base: UnsafePointer<UInt8>,
        _ destinations: [UnsafeMutablePointer<Int32>],
        _ frameCount: Int
    ) {
        let raw = UnsafeRawPointer(base)
        let count = destinations.count
        destinations.withUnsafeBufferPointer { destinations in
            if count == 1 {
                let out = destinations[0]
                for frame in 0..<frameCount {
                    out[frame] = Int32(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: frame &* 2, as: Int16.self)))
                }
                return
            }
            var offset = 0
            for frame in 0..<frameCount {
                for signal in 0..<count {
                    destinations[signal][frame] = Int32(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
                    offset &+= 2
                }
            }
        }
    }

    // MARK: General path

    @inline(__always)
    private static func decodeSequential<R: SampleReader>(_ reader: R, _ slots: [Slot], _ frameCount: Int) {
        var reader = reader
        slots.withUnsafeBufferPointer { slots in
            for frame in 0..<frameCount {
                for slot in slots {
                    let start = frame &* slot.samplesPerFrame
                    for index in start..<(start &+ slot.samplesPerFrame) {
                        slot.destination[index] = reader.next()
                    }
                }
            }
        }
    }
}

/// Reads the samples of a signal file one after the other.
protocol SampleReader {
    mutating func next() -> Int32
}

private struct Reader8: SampleReader {
    var base: UnsafePointer<UInt8>
    // First differences; `WFDBRecordReader` sums them onto the initial value.
    mutating func next() -> Int32 { defer { base += 1 }; return Int32(Int8(bitPattern: base[0])) }
}

private struct Reader80: SampleReader {
    var base: UnsafePointer<UInt8>
    mutating func next() -> Int32 { defer { base += 1 }; return Int32(base[0]) - 128 }
}

private struct Reader16: SampleReader {
    var base: UnsafePointer<UInt8>
    mutating func next() -> Int32 {
        defer { base += 2 }
        return Int32(Int16(bitPattern: UInt16(base[0]) | UInt16(base[1]) << 8))
    }
}

private struct Reader61: SampleReader {
    var base: UnsafePointer<UInt8>
    mutating func next() -> Int32 {
        defer { base += 2 }
        return Int32(Int16(bitPattern: UInt16(base[1]) | UInt16(base[0]) << 8))
    }
}

private struct Reader160: SampleReader {
    var base: UnsafePointer<UInt8>
    mutating func next() -> Int32 {
        defer { base += 2 }
        return Int32(UInt16(base[0]) | UInt16(base[1]) << 8) - 32768
    }
}

private struct Reader24: SampleReader {
    var base: UnsafePointer<UInt8>
    mutating func next() -> Int32 {
        defer { base += 3 }
        let value = Int32(base[0]) | Int32(base[1]) << 8 | Int32(base[2]) << 16
        return (value << 8) >> 8
    }
}

private struct Reader32: SampleReader {
    var base: UnsafePointer<UInt8>
    mutating func next() -> Int32 {
        defer { base += 4 }
        let value = UInt32(base[0]) | UInt32(base[1]) << 8 | UInt32(base[2]) << 16 | UInt32(base[3]) << 24
        return Int32(bitPattern: value)
    }
}

private struct Reader212: SampleReader {
    var base: UnsafePointer<UInt8>
    var odd = false
    mutating func next() -> Int32 {
        if odd {
            odd = false
            defer { base += 3 }
            return ((Int32(base[2]) | (Int32(base[1]) & 0xF0) << 4) << 20) >> 20
        }
        odd = true
        return ((Int32(base[0]) | (Int32(base[1]) & 0x0F) << 8) << 20) >> 20
    }
}

/// Format 310: samples 0 and 1 of a group are bits 1...10 of the two 16-bit
/// words; sample 2 is the top five bits of word 0 (low) and word 1 (high).
private struct Reader310: SampleReader {
    var base: UnsafePointer<UInt8>
    var phase = 0
    mutating func next() -> Int32 {
        let value: Int32
        switch phase {
        case 0:
            value = Int32(base[0]) >> 1 | (Int32(base[1]) & 0x07) << 7
            phase = 1
        case 1:
            value = Int32(base[2]) >> 1 | (Int32(base[3]) & 0x07) << 7
            phase = 2
        default:
            value = Int32(base[1]) >> 3 | (Int32(base[3]) >> 3) << 5
            phase = 0
            base += 4
        }
        return (value << 22) >> 22
    }
}

/// Format 311: three 10-bit samples in the low 30 bits of a little-endian word.
private struct Reader311: SampleReader {
    var base: UnsafePointer<UInt8>
    var phase = 0
    mutating func next() -> Int32 {
        let value: Int32
        switch phase {
        case 0:
            value = Int32(base[0]) | (Int32(base[1]) & 0x03) << 8
            phase = 1
        case 1:
            value = Int32(base[1]) >> 2 | (Int32(base[2]) & 0x0F) << 6
            phase = 2
        default:
            value = Int32(base[2]) >> 4 | (Int32(base[3]) & 0x3F) << 4
            phase = 0
            base += 4
        }
        return (value << 22) >> 22
    }
}
