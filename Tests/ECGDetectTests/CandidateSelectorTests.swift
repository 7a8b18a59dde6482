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
}
