@testable import ECGDetect
import Testing

/// The memo of R peaks gives back what was remembered in each slot, and the
/// locator answers from it what the measurer finds.
@Suite struct LocationMemoTests {
    @Test func remembersWhatItIsGiven() throws {
        let memo = LocationMemo(count: 3)
        #expect(memo.count == 3)
        #expect((0..<3).allSatisfy { memo.location(in: $0) == nil })
        memo.remember((location: 17, amplitude: -42), in: 1)
        let known = try #require(memo.location(in: 1))
        #expect(known.location == 17 && known.amplitude == -42)
        #expect(memo.location(in: 0) == nil && memo.location(in: 2) == nil)
        // An R peak at sample 0 is remembered too (the "not located" mark is negative).
        memo.remember((location: 0, amplitude: 5), in: 0)
        #expect(memo.location(in: 0)?.location == 0)
    }

    /// Candidates with slots, asked in any order and more than once, and
    /// candidates without one (or out of the memo's range): the locator
    /// gives the measurer's R peak for each, from a lead at several
    /// sampling frequencies.
    @Test(arguments: [100.0, 360, 2000])
    func theLocatorGivesTheMeasurersRPeaks(fs: Double) {
        let design = FeatureDesign(samplingFrequency: fs)
        let (x, _) = SyntheticECG(samplingFrequency: fs, seconds: 12, noise: 0.1, seed: 5).make()
        let quantized = x.map { Int16(FeatureDesign.quantize($0)) }
        let selector = CandidateSelector(design: design)
        let peaks = Array(stride(from: 0, to: x.count, by: Swift.max(1, x.count / 57)))
        quantized.withUnsafeBufferPointer { samples in
            CandidateMeasurer.with(design: design, locationHalfWidth: selector.locationHalfWidth,
                                   separationSpan: selector.separationSpan, samples: QuantizedLead(values: samples)) { measurer in
                let locator = LeadLocator(measurer: measurer, recordLength: x.count, memo: LocationMemo(count: peaks.count))
                let order = peaks.indices.reversed() + peaks.indices + [-1, peaks.count, peaks.count + 5]
                for slot in order {
                    let index = peaks.indices.contains(slot) ? peaks[slot] : x.count / 3
                    let candidate = PeakCandidate(unmeasured: .init(index: index, height: 1), slot: slot)
                    let expected = measurer.locate(peak: index, recordLength: x.count)
                    let found = locator.locate(candidate)
                    #expect(found.location == expected.location && found.amplitude == expected.amplitude)
                }
            }
        }
    }
}
