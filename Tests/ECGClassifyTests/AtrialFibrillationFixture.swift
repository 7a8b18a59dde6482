@testable import ECGClassify

/// Beat trains and the tracker run over them, shared by the AF edge and
/// termination tests.
enum AtrialFibrillationFixture {
    static let fs = 250.0

    /// The next uniform number in [0, 1) of a seeded linear congruential generator (Knuth's MMIX constants).
    static func uniform(_ state: inout UInt64) -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }

    /// AF episodes the tracker finds in `beats` (all conducted) over a lead of
    /// unrelated atrial noise, so no P wave is coherent with the QRS.
    /// `edges` sharpens the edges with the short irregularity window;
    /// `pauseRatio` ends an episode at a termination pause (nil: no pause rule).
    static func episodes(_ beats: [Int], edges: Bool = true, pauseRatio: Double? = nil) -> [Range<Int>] {
        let length = beats.last! + Int(fs)
        var state: UInt64 = 11
        let lead = (0..<length).map { _ in Float(uniform(&state) - 0.5) * 0.1 }
        let conducted = [Bool](repeating: true, count: beats.count)
        let irregularity = RRIrregularity(beats: beats, conducted: conducted, samplingFrequency: fs)
        let coherence = AtrialCoherence(leads: [lead], beats: beats, conducted: conducted, samplingFrequency: fs)
        let local = RRIrregularity(beats: beats, conducted: conducted, samplingFrequency: fs,
                                   window: AtrialFibrillationTracker.edgeWindow, trimmed: 1)
        return AtrialFibrillationTracker.episodes(beats: beats, irregularity: irregularity, coherence: coherence,
                                                  edges: edges ? local : nil,
                                                  conducted: pauseRatio == nil ? nil : conducted,
                                                  pauseRatio: pauseRatio ?? AtrialFibrillationTracker.terminationPause,
                                                  samplingFrequency: fs, length: length)
    }
}
