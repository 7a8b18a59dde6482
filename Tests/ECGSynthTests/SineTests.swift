import Foundation
import Testing
@testable import ECGSynth

/// The lane-wise sine polynomial that draws fibrillatory waves.
struct SineTests {
    @Test("gain · sin(2πx) to 3·10⁻⁴ of the gain, over many cycles", arguments: [1.0, 0.04, 2.5])
    func matchesSine(gain: Double) {
        let scaled = Sine.Scaled(gain: Float(gain))
        var worst = 0.0
        // Steps that are not a divisor of a cycle, across negative and positive phases.
        for block in 0..<4000 {
            let start = -50.0 + Double(block) * 0.0251
            var x = SIMD8<Float>()
            for lane in 0..<8 { x[lane] = Float(start + Double(lane) * 0.0031) }
            let value = Sine.cycles(x, times: scaled)
            for lane in 0..<8 {
                let exact = gain * sin(2 * Double.pi * Double(x[lane]))
                worst = max(worst, abs(Double(value[lane]) - exact))
            }
        }
        #expect(worst < 3.2e-4 * gain)
        #expect(worst > 0)
    }

    @Test("zeros at whole and half cycles, extremes at quarter cycles")
    func landmarks() {
        let value = Sine.cycles(SIMD8<Float>(0, 0.25, 0.5, 0.75, 1, -0.25, 3, 1000.25), times: Sine.Scaled(gain: 1))
        for lane in [0, 2, 4, 6] { #expect(abs(value[lane]) < 1e-6) }
        #expect(abs(value[1] - 1) < 3e-4)
        #expect(abs(value[3] + 1) < 3e-4)
        #expect(abs(value[5] + 1) < 3e-4)
        #expect(abs(value[7] - 1) < 3e-4)
    }
}
