import Testing
@testable import ECGDetect

@Suite struct LeadFusionTests {
    let fusion = LeadFusion(samplingFrequency: 360)
    /// A regular rhythm: a beat every 300 samples.
    let rhythm = Array(stride(from: 300, to: 30_000, by: 300))

    @Test func dropsUnconfirmedBeatsOfANoisyFirstLeadWhereTheSecondIsClean() {
        // Lead 0 has noise beats between 10 000 and 20 000, where its decider
        // saw a noise-to-signal ratio of 0.3; lead 1 is clean throughout.
        let noise = Array(stride(from: 10_150, to: 20_000, by: 300))
        let lead0Beats = (rhythm + noise).sorted()
        let lead0 = LeadBeats(beats: lead0Beats,
                              noiseRatios: lead0Beats.map { (10_000..<20_000).contains($0) ? 0.3 : 0.02 })
        let lead1 = LeadBeats(beats: rhythm.map { $0 + 5 }, noiseRatios: rhythm.map { _ in 0.02 })
        #expect(fusion.fuse([lead0, lead1]) == rhythm)
    }

    @Test func keepsUnconfirmedBeatsOfACleanFirstLead() {
        // Lead 1 misses every other beat (low amplitude there): lead 0 is clean, keep all.
        let lead0 = LeadBeats(beats: rhythm, noiseRatios: rhythm.map { _ in 0.02 })
        let half = rhythm.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let lead1 = LeadBeats(beats: half, noiseRatios: half.map { _ in 0.01 })
        #expect(fusion.fuse([lead0, lead1]) == rhythm)
    }

    @Test func addsBeatsOfACleanSecondLeadWhereTheNoisyFirstLeadMissedThem() {
        // Lead 0 misses beats in a noisy stretch; lead 1 has them, clean.
        let lead0Beats = rhythm.filter { !(12_000..<15_000).contains($0) || $0 % 600 == 0 }
        let lead0 = LeadBeats(beats: lead0Beats,
                              noiseRatios: lead0Beats.map { (11_000..<16_000).contains($0) ? 0.4 : 0.02 })
        let lead1 = LeadBeats(beats: rhythm, noiseRatios: rhythm.map { _ in 0.02 })
        #expect(fusion.fuse([lead0, lead1]) == rhythm)
        // A noisy second lead adds nothing.
        let noisy1 = LeadBeats(beats: rhythm, noiseRatios: rhythm.map { _ in 0.3 })
        #expect(fusion.fuse([lead0, noisy1]) == lead0Beats)
    }

    @Test func fillsAGapOfTheFirstLead() {
        // Lead 0 loses 10 s (electrode off): lead 1's beats fill the gap.
        let lead0Beats = rhythm.filter { !(9_000..<12_600).contains($0) }
        let lead0 = LeadBeats(beats: lead0Beats, noiseRatios: lead0Beats.map { _ in 0.02 })
        let lead1 = LeadBeats(beats: rhythm, noiseRatios: rhythm.map { _ in 0.05 })
        #expect(fusion.fuse([lead0, lead1]) == rhythm)
        #expect(fusion.fuse([lead0]) == lead0Beats)
        #expect(fusion.fuse([]).isEmpty)
    }
}
