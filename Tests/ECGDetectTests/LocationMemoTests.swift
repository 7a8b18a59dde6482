@testable import ECGDetect
import Testing

/// The memo of R peaks gives back what was remembered in each slot, and the
/// locator answers from it what the measurer finds.
@Suite struct LocationMemoTests {
    @Test func remembersWhatItIsGiven() throws {
        let memo = LocationMemo(peaks: [.init(index: 40, height: 9), .init(index: 90, height: 3), .init(index: 130, height: 5)])
        #expect(memo.count == 3)
        #expect((0..<3).allSatisfy { memo.location(in: $0) == nil })
        memo.remember((location: 17, amplitude: -42), in: 1)
        let known = try #require(memo.location(in: 1))
        #expect(known.location == 17 && known.amplitude == -42)
        #expect(memo.location(in: 0) == nil && memo.location(in: 2) == nil)
        // An R peak at sample 0 is remembered too (the "not located" mark is negative).
        memo.remember((location: 0, amplitude: 5), in: 0)
        #expect(memo.location(in: 0)?.location == 0)
        #expect(memo.isLocated(0) && memo.isLocated(1) && !memo.isLocated(2))
        #expect(memo.peak(in: 2) == .init(index: 130, height: 5))
    }

    /// Candidates with slots, asked in any order and more than once, and
    /// candidates without one (or out of the memo's range): the locator
    /// gives the measurer's R peak for each, from a lead at several
    /// sampling frequencies. The heights vary so that some candidates are
    /// located side by side with later ones, some alone.
    @Test(arguments: [100.0, 360, 2000])
    func theLocatorGivesTheMeasurersRPeaks(fs: Double) {
        let design = FeatureDesign(samplingFrequency: fs)
        let (x, _) = SyntheticECG(samplingFrequency: fs, seconds: 12, noise: 0.1, seed: 5).make()
        let quantized = x.map { Int16(FeatureDesign.quantize($0)) }
        let selector = CandidateSelector(design: design)
        let indices = Array(stride(from: 0, to: x.count, by: Swift.max(1, x.count / 57)))
        let peaks = indices.enumerated().map { CandidateSelector.Peak(index: $1, height: Int32(1 + ($0 * 7) % 5)) }
        quantized.withUnsafeBufferPointer { samples in
            CandidateMeasurer.with(design: design, locationHalfWidth: selector.locationHalfWidth,
                                   separationSpan: selector.separationSpan, samples: QuantizedLead(values: samples)) { measurer in
                for order in [Array(peaks.indices.reversed()), Array(peaks.indices)] {
                    let locator = LeadLocator(measurer: measurer, recordLength: x.count, memo: LocationMemo(peaks: peaks))
                    for slot in order + order + [-1, peaks.count, peaks.count + 5] {
                        let index = peaks.indices.contains(slot) ? peaks[slot].index : x.count / 3
                        let candidate = PeakCandidate(unmeasured: .init(index: index, height: 1), slot: slot)
                        let expected = measurer.locate(peak: index, recordLength: x.count)
                        let found = locator.locate(candidate)
                        #expect(found.location == expected.location && found.amplitude == expected.amplitude, "slot \(slot)")
                    }
                }
            }
        }
    }

    /// A candidate is located with the next unlocated ones at least half as
    /// high, when three or more can be (windows inside the lead), and only
    /// those are remembered.
    @Test func theLocatorLocatesInLanesTheNextCandidatesAtLeastHalfAsHigh() {
        let design = FeatureDesign(samplingFrequency: 360)
        let (x, _) = SyntheticECG(samplingFrequency: 360, seconds: 12, noise: 0.1, seed: 6).make()
        let quantized = x.map { Int16(FeatureDesign.quantize($0)) }
        let selector = CandidateSelector(design: design)
        // Beats (height 10) with T waves (height 4) between; the first peak
        // too near the start for lanes.
        let peaks = (0..<24).map { CandidateSelector.Peak(index: 10 + 140 * $0, height: $0 % 2 == 0 ? 10 : 4) }
        quantized.withUnsafeBufferPointer { samples in
            CandidateMeasurer.with(design: design, locationHalfWidth: selector.locationHalfWidth,
                                   separationSpan: selector.separationSpan, samples: QuantizedLead(values: samples)) { measurer in
                let memo = LocationMemo(peaks: peaks)
                let locator = LeadLocator(measurer: measurer, recordLength: x.count, memo: memo)
                #expect(!measurer.canLocateInLanes(peak: peaks[0].index, recordLength: x.count))
                #expect(!locator.locateInLanes(from: 0))
                #expect(locator.locateInLanes(from: 2))
                #expect((0..<24).filter(memo.isLocated) == [2, 4, 6, 8])
                // A T wave takes the next peaks at least half as high: all.
                #expect(locator.locateInLanes(from: 3))
                #expect((0..<24).filter(memo.isLocated) == [2, 3, 4, 5, 6, 7, 8, 9])
                // Too few left within reach: not in lanes.
                memo.remember((0, 0), in: 22)
                #expect(!locator.locateInLanes(from: 20))
                for slot in (0..<24).filter(memo.isLocated) where slot != 22 {
                    let expected = measurer.locate(peak: peaks[slot].index, recordLength: x.count)
                    #expect(memo.location(in: slot)! == expected)
                }
            }
        }
    }
}
