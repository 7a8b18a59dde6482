import PropertyBased
import Testing
@testable import ECGDetect

@Suite struct PeakLevelsTests {
    @Test func theLevelsFollowPanAndTompkinsRunningAverages() {
        var levels = PeakLevels(learningPeak: 1_000)
        #expect(levels.signal == 500 && levels.noise == 100)
        levels.addBeat(height: 900, foundBySearchBack: false)
        #expect(levels.signal == 0.125 * 900 + 0.875 * 500)
        let signal = levels.signal
        levels.addBeat(height: 900, foundBySearchBack: true)
        #expect(levels.signal == 0.25 * 900 + 0.75 * signal)
        levels.addNoise(height: 200)
        #expect(levels.noise == 0.125 * 200 + 0.875 * 100)
        #expect(levels.noiseRatio == levels.noise / levels.signal)
        // The threshold lies 0.15 plus 1.5 times the ratio of the way up.
        let fraction = 0.15 + 1.5 * levels.noiseRatio
        #expect(levels.threshold == levels.noise + fraction * (levels.signal - levels.noise))
        #expect(PeakLevels().noiseRatio == 1)
    }

    /// A withdrawn beat leaves the levels as if it had been classified as
    /// noise at once, whatever came before it.
    @Test func aWithdrawnBeatCountsAsNoiseAndNotAsSignal() async {
        await propertyCheck(input: Gen.int(in: 1...1_000_000).array(of: 1...30), Gen.int(in: 1...1_000_000),
                            Gen.bool) { heights, withdrawn, bySearchBack in
            var levels = PeakLevels(learningPeak: 1_000)
            for (n, height) in heights.enumerated() {
                if n % 3 == 0 {
                    levels.addNoise(height: Int32(height))
                } else {
                    levels.addBeat(height: Int32(height), foundBySearchBack: n % 3 == 2)
                }
                if n % 7 == 6 { levels.halve() }
            }
            var asNoise = levels
            asNoise.addNoise(height: Int32(withdrawn))
            levels.addBeat(height: Int32(withdrawn), foundBySearchBack: bySearchBack)
            levels.withdrawBeat(height: Int32(withdrawn))
            #expect(levels.signal == asNoise.signal)
            #expect(levels.noise == asNoise.noise)
        }
    }
}
