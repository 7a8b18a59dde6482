import Benchmark

/// A fixed piece of code that measures the machine, not RhythmStrip: this
/// VM's speed drifts by up to two times over a day, so every timing reported
/// from the other benchmarks is quoted with this one beside it.
///
/// The loop is the format-212 decoder as it was at commit 13418f2 (two frames
/// from a 64-bit word), on 650 000 frames of fixed pseudo-random bytes. It
/// must never be changed or optimised: its figures are only comparable with
/// themselves (p50 about 0.68 ms in the VM's normal phase, 1.3-1.5 ms in its
/// slow phase, November 2026).
let benchmarks: @Sendable () -> Void = {
    let frames = 650_000
    // A fixed linear congruential sequence: the same bytes on every run.
    var state: UInt32 = 12_345
    let bytes = (0..<(frames * 3 + 8)).map { _ -> UInt8 in
        state = state &* 1_664_525 &+ 1_013_904_223
        return UInt8(truncatingIfNeeded: state >> 24)
    }
    let first = UnsafeMutablePointer<Int32>.allocate(capacity: frames)
    let second = UnsafeMutablePointer<Int32>.allocate(capacity: frames)
    first.initialize(repeating: 0, count: frames)
    second.initialize(repeating: 0, count: frames)

    Benchmark(
        "Machine yardstick: fixed format-212 loop, 650000 frames",
        configuration: .init(metrics: [.wallClock], maxDuration: .seconds(3))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            bytes.withUnsafeBufferPointer { decodeReference($0.baseAddress!, first, second, frames) }
            blackHole(first[frames / 2] &+ second[frames / 3])
        }
    }
}

/// The reference loop (see the file's comment): do not edit.
@inline(never)
func decodeReference(_ base: UnsafePointer<UInt8>, _ first: UnsafeMutablePointer<Int32>, _ second: UnsafeMutablePointer<Int32>, _ frameCount: Int) {
    let raw = UnsafeRawPointer(base)
    var frame = 0
    var offset = 0
    while frame &+ 3 < frameCount {
        let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        first[frame] = Int32(truncatingIfNeeded: word << 20) >> 20
        second[frame] = Int32(truncatingIfNeeded: ((word >> 16) & 0xFF | (word >> 4) & 0xF00) << 20) >> 20
        first[frame &+ 1] = Int32(truncatingIfNeeded: (word >> 24) << 20) >> 20
        second[frame &+ 1] = Int32(truncatingIfNeeded: ((word >> 40) & 0xFF | (word >> 28) & 0xF00) << 20) >> 20
        frame &+= 2
        offset &+= 6
    }
    var input = base + offset
    while frame < frameCount {
        let b0 = Int32(input[0]), b1 = Int32(input[1]), b2 = Int32(input[2])
        first[frame] = ((b0 | (b1 & 0x0F) << 8) << 20) >> 20
        second[frame] = ((b2 | (b1 & 0xF0) << 4) << 20) >> 20
        input += 3
        frame &+= 1
    }
}
