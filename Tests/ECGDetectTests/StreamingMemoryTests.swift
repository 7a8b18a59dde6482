import ECGSignal
import Foundation
import Testing
import TestSupport
@testable import ECGDetect

/// The streaming detector over long recordings: the same beats as the
/// whole-record detector, with a buffer that does not grow with the length.
/// (Peak memory over 24 hours is measured in Benchmarks/Detection.)
@Suite struct StreamingMemoryTests {
    @Test func anHourOfRealDataStreamedInUnevenChunksGivesTheWholeRecordBeatsInBoundedMemory() throws {
        guard let record = try SharedData.record("208", in: "mitdb") else { return }
        let fs = record.samplingFrequency
        let halfHour = record.millivolts(lead: 0)
        // An hour: the record twice over (the join is one more abrupt change).
        let lead = halfHour + halfHour
        let whole = try RPeakDetector(samplingFrequency: fs).detect(lead)
        #expect(whole.count > 5000)

        var stream = try StreamingRPeakDetector(samplingFrequency: fs)
        var state: UInt64 = 208
        var beats: [Int] = []
        var start = 0
        var largestFirstHalf = 0, largestSecondHalf = 0
        lead.withUnsafeBufferPointer { samples in
            while start < samples.count {
                // Chunks from 1 sample to about 11 s.
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let size = Int(state >> 33) % 4000 + 1
                let end = min(samples.count, start + size)
                beats += stream.process(Array(samples[start..<end]))
                if end <= halfHour.count {
                    largestFirstHalf = max(largestFirstHalf, stream.retainedSampleCount)
                } else {
                    largestSecondHalf = max(largestSecondHalf, stream.retainedSampleCount)
                }
                start = end
            }
        }
        #expect(stream.sampleCount == lead.count)
        beats += stream.finish()
        #expect(beats == whole)
        // Bounded: under 30 s of samples held at any time, in the first half
        // hour as in the second (a growing buffer would hold the whole hour).
        #expect(largestFirstHalf > 0)
        #expect(largestFirstHalf < Int(30 * fs))
        #expect(largestSecondHalf < Int(30 * fs))
    }
}
