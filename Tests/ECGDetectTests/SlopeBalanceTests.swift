import Testing
@testable import ECGDetect

/// `SlopeBalance`: a QRS, narrow or wide, in either polarity, rises and falls
/// steeply around its extremum; an electrode-motion step rises steeply and
/// decays slowly.
@Suite struct SlopeBalanceTests {
    let design = FeatureDesign(samplingFrequency: 360)

    /// A lead of `count` samples at baseline 0 with `shape(t)` (t in seconds
    /// from the event at 1 s) added, in quantised units.
    private func lead(_ shape: (Double) -> Double) -> [Int32] {
        (0..<720).map { Int32((shape(Double($0 - 360) / 360) * 1000).rounded()) }
    }

    private func balance(_ samples: [Int32], at location: Int = 360) -> Float {
        SlopeBalance.balance(around: location, design: design, count: samples.count) { samples[$0] }
    }

    /// A triangle of `rise` seconds up and `fall` seconds down, peak 1 at t = 0.
    private func triangle(_ t: Double, rise: Double, fall: Double) -> Double {
        if t < -rise || t > fall { return 0 }
        return t <= 0 ? 1 + t / rise : 1 - t / fall
    }

    @Test(arguments: [1.0, -1.0])
    func aNarrowQRSIsTwoSided(polarity: Double) {
        let samples = lead { polarity * triangle($0, rise: 0.04, fall: 0.04) }
        #expect(balance(samples) > 0.9)
    }

    /// A small R wave and a deep S wave (MIT-BIH 118's lead: right bundle
    /// branch block), located on the S.
    @Test func anRSComplexIsTwoSided() {
        let samples = lead { 0.3 * triangle($0 + 0.03, rise: 0.02, fall: 0.02) - triangle($0, rise: 0.03, fall: 0.05) }
        #expect(balance(samples) > SlopeBalance.oneSidedLimit)
    }

    /// A wide, slurred, monophasic ventricular complex (160 ms).
    @Test func aWideSlurredVentricularComplexIsTwoSided() {
        let samples = lead { triangle($0, rise: 0.1, fall: 0.06) }
        #expect(balance(samples) > 0.5)
    }

    /// Electrode motion: a steep 40 ms rise and a decay over 400 ms.
    @Test func aStepWithASlowDecayIsOneSided() {
        let samples = lead { triangle($0, rise: 0.04, fall: 0.4) }
        #expect(balance(samples) < SlopeBalance.oneSidedLimit)
    }

    @Test func aFlatLeadAndAWindowAtTheEndsDoNotTrap() {
        let flat = [Int32](repeating: 7, count: 50)
        #expect(balance(flat, at: 0) == 1)
        #expect(balance(flat, at: 49) == 1)
        #expect(balance([3], at: 0) == 1)
    }
}
