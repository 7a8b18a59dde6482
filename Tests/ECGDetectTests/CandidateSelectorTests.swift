import PropertyBased
import Testing
@testable import ECGDetect

@Suite struct CandidateSelectorTests {
    /// A feature source over a given slope energy (the smoothed signal flat).
    struct SlopeSource: FeatureSource {
        let a: [Int32]
        let integrationLength: Int
        func slope(_ index: Int) -> Int32 { a.indices.contains(index) ? a[index] : 0 }
        func feature(_ index: Int) -> Int32 {
            (index - integrationLength + 1...index).reduce(0) { $0 + slope($1) }
        }
        func smoothed(_ index: Int) -> Int32 { 0 }
        func sample(_ index: Int) -> Int32 { 0 }
    }

    /// Slope energy of a small complex (feature peak at 119), then a ripple
    /// (183) and a large complex (peak 249): the ripple displaces the small
    /// peak, the large peak the ripple. At 360 Hz the small and the large
    /// peaks lie 130 samples (361 ms) apart and, unless `between` fills the
    /// gap, the feature falls to zero between them: two humps.
    func candidates(restoring: Bool, between: Int32 = 0) -> [CandidateSelector.Peak] {
        let design = FeatureDesign(samplingFrequency: 360)
        var a = [Int32](repeating: 0, count: 600)
        for i in 100..<120 { a[i] = 100 }
        for i in 120..<225 { a[i] = between }
        for i in 180..<184 { a[i] = 600 }
        for i in 225..<250 { a[i] = 400 }
        let source = SlopeSource(a: a, integrationLength: design.integrationLength)
        var selector = CandidateSelector(design: design)
        selector.restoresHumps = restoring
        var released: [CandidateSelector.Peak] = []
        for j in 1..<(a.count - 1) {
            let v = source.feature(j)
            if v > 0, v > source.feature(j - 1), v >= source.feature(j + 1) {
                selector.offer(index: j, height: v, recordLength: a.count, source: { _ in source }, into: &released)
            }
        }
        selector.release(upTo: Int.max, recordLength: a.count, source: { _ in source }, into: &released)
        return released
    }

    @Test func restoresASeparateHumpDisplacedThroughAFlankRipple() {
        #expect(candidates(restoring: false).map(\.index) == [249])
        let restored = candidates(restoring: true)
        #expect(restored.map(\.index) == [119, 249])
        #expect(restored.map(\.restored) == [true, false])
    }

    @Test func keepsOneCandidateWhenTheFeatureDoesNotFallBetweenThePeaks() {
        // Energy between the complexes: the first maximum (now at 154, 3400)
        // is displaced the same way, but the feature stays above 2200 on the
        // way to the large peak, over half its height: one hump.
        let released = candidates(restoring: true, between: 40)
        #expect(released.map(\.index) == [249])
        #expect(released.allSatisfy { !$0.restored })
    }
    /// Random local maxima in index order: gaps from one sample to past the
    /// separation span, heights rising, falling or level (runs of ripples
    /// longer than the batch's chunk of displaced maxima among them).
    static func randomMaxima(design: FeatureDesign, count: Int, seed: UInt64) -> [LocalMaximum] {
        var rng = SplitMix64(seed: seed)
        let dominance = CandidateSelector(design: design).dominance
        var maxima: [LocalMaximum] = []
        var index = Int(rng.next() % 50)
        var height: Int32 = 1000
        while maxima.count < count {
            let kind = rng.next() % 8
            // Mostly short gaps (ripples within a run), some past `dominance`
            // or the separation span.
            let gap = kind < 5 ? 1 + Int(rng.next() % UInt64(dominance)) : 1 + Int(rng.next() % UInt64(5 * dominance))
            index += gap
            switch rng.next() % 4 {
            case 0: height = height &+ Int32(rng.next() % 300)
            case 1: height = Swift.max(1, height &- Int32(rng.next() % 300))
            case 2: height = Int32(1 + rng.next() % 40_000)
            default: break
            }
            maxima.append(LocalMaximum(index: index, height: height))
            // Now and then a long rising run of ripples.
            if rng.next() % 200 == 0 {
                for _ in 0..<Int(rng.next() % 150) {
                    index += 1 + Int(rng.next() % UInt64(Swift.max(1, dominance / 4)))
                    height = height &+ 1 + Int32(rng.next() % 20)
                    maxima.append(LocalMaximum(index: index, height: height))
                }
            }
        }
        return maxima
    }

    /// The batch `offer(_:into:)` of a lane's maxima releases what `offer`
    /// of each one does, whatever the split into lanes, restoring humps or
    /// not, at sampling frequencies over the whole range.
    @Test(arguments: [100.0, 250, 360, 1000, 2000])
    func batchOfferReleasesWhatSingleOffersRelease(fs: Double) async {
        let design = FeatureDesign(samplingFrequency: fs)
        // The maxima make proposals to compare (and long runs of ripples).
        var selector = CandidateSelector(design: design)
        var proposals: [CandidateSelector.Peak] = []
        for maximum in Self.randomMaxima(design: design, count: 1200, seed: 7) {
            selector.offer(index: maximum.index, height: maximum.height, into: &proposals)
        }
        #expect(proposals.contains { $0.restored })
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...1200)) { seed, count in
            let maxima = Self.randomMaxima(design: design, count: count, seed: UInt64(seed))
            for restoring in [true, false] {
                var single = CandidateSelector(design: design)
                single.restoresHumps = restoring
                var expected: [CandidateSelector.Peak] = []
                for maximum in maxima { single.offer(index: maximum.index, height: maximum.height, into: &expected) }
                single.release(upTo: Int.max, into: &expected)

                var batch = CandidateSelector(design: design)
                batch.restoresHumps = restoring
                var released: [CandidateSelector.Peak] = []
                var rng = SplitMix64(seed: UInt64(seed) ^ 0x5eed)
                var start = 0
                while start <= maxima.count {
                    // Lanes of random length, empty ones among them.
                    let end = Swift.min(maxima.count, start + Int(rng.next() % 300))
                    maxima[start..<end].withUnsafeBufferPointer { batch.offer($0, into: &released) }
                    if end == maxima.count { break }
                    start = end
                }
                batch.release(upTo: Int.max, into: &released)
                #expect(released == expected)
            }
        }
    }
}
