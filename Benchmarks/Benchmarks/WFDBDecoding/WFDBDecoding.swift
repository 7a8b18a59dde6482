import Benchmark
import ECGSignal
import Foundation

/// Decoding a 30-minute two-lead format-212 record (650 000 frames, 1.3 M
/// samples). The target: at least 500 M samples/s on one core, that
/// is at most 2.6 ms per decode.
///
/// Uses MIT-BIH record 101 from `$RHYTHMSTRIP_DATA/mitdb` or
/// `<package root>/../shared/data/mitdb` when present, otherwise a synthetic
/// record of the same shape.
let benchmarks: @Sendable () -> Void = {
    let source = Source.load()
    let frames = source.frames
    let bytes = source.bytes
    print("WFDBDecoding: \(source.description), \(frames * 2) samples")

    let reused = ReusedLeads()
    // The decoder itself: into arrays kept from the previous iteration, as a
    // tool decoding many records of one shape would.
    Benchmark(
        "Decode format 212, 2 leads x 650000 (\(source.kind)), from memory into reused arrays",
        configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(5))
    ) { benchmark in
        // The benchmark calls this closure once per sample: the arrays live
        // outside it (filled by the warm-up), so samples measure decoding only.
        for _ in benchmark.scaledIterations {
            bytes.withUnsafeBytes { raw in
                try? WFDB.decodeSignalFile(raw, format: .format212, signalCount: 2, frameCount: frames, into: &reused.leads)
            }
            blackHole(reused.leads)
        }
    }

    // Decoder plus 5 MB of new arrays per iteration: with glibc's defaults the
    // freed arrays go back to the kernel, so every iteration also pays for
    // mapping and zeroing fresh pages.
    Benchmark(
        "Decode format 212, 2 leads x 650000 (\(source.kind)), from memory into new arrays",
        configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(5))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let leads = bytes.withUnsafeBytes { raw in
                try? WFDB.decodeSignalFile(raw, format: .format212, signalCount: 2, frameCount: frames)
            }
            blackHole(leads)
        }
    }

    if let recordPath = source.recordPath {
        Benchmark(
            "readRecord mitdb/101 (file to ECGRecord, checksums verified)",
            configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(5))
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? WFDB.readRecord(recordPath))
            }
        }
        Benchmark(
            "readRecord mitdb/101, lead 0 only (as rhythmstrip detect --lead 0 reads it)",
            configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(5))
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? WFDB.readRecord(recordPath, leads: [0]))
            }
        }
    }
}

/// The bytes of the benchmark record.
struct Source {
    var bytes: [UInt8]
    var frames: Int
    var recordPath: String?
    var kind: String
    var description: String

    static func load() -> Source {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let data = ProcessInfo.processInfo.environment["RHYTHMSTRIP_DATA"].map(URL.init(fileURLWithPath:))
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
        let record = data.appendingPathComponent("mitdb/101")
        if let bytes = try? Data(contentsOf: record.appendingPathExtension("dat")), bytes.count >= 650_000 * 3 {
            return Source(bytes: Array(bytes), frames: 650_000, recordPath: record.path, kind: "mitdb 101",
                          description: "real record \(record.path)")
        }
        // Synthetic: a pseudo-random walk, packed as format 212.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var bytes = [UInt8]()
        bytes.reserveCapacity(650_000 * 3)
        var a: Int32 = 0, b: Int32 = 0
        for _ in 0..<650_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            a = max(-2000, min(2000, a + Int32(truncatingIfNeeded: (state >> 33) % 21) - 10))
            b = max(-2000, min(2000, b + Int32(truncatingIfNeeded: (state >> 45) % 21) - 10))
            let ua = UInt32(bitPattern: a) & 0xFFF, ub = UInt32(bitPattern: b) & 0xFFF
            bytes.append(UInt8(ua & 0xFF))
            bytes.append(UInt8((ua >> 8) | ((ub >> 8) << 4)))
            bytes.append(UInt8(ub & 0xFF))
        }
        return Source(bytes: bytes, frames: 650_000, recordPath: nil, kind: "synthetic",
                      description: "synthetic record (../shared/data/mitdb/101 absent)")
    }
}

/// Arrays kept between the samples of the reused-arrays benchmark.
final class ReusedLeads: @unchecked Sendable {
    var leads: [[Int32]] = []
}
