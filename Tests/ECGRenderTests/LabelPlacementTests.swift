@testable import ECGRender
import Testing

/// Caliper labels go where the trace, the calipers and other labels leave room.
@Suite struct LabelPlacementTests {
    /// A flat trace at y = 100 with a steep stroke (two samples) from y = 50 to y = 150 at `strokeX`.
    static func trace(strokeAt strokeX: Float) -> (xs: [Float], ys: [Float]) {
        var xs: [Float] = [], ys: [Float] = []
        for x in stride(from: Float(0), through: 600, by: 2) {
            xs.append(x)
            ys.append(x == strokeX ? 150 : (x == strokeX + 2 ? 50 : 100))
        }
        return (xs, ys)
    }

    static func place(_ placement: inout LabelPlacement, reach: Int = 60) -> Int {
        // A caliper from 200 to 240; the label box 80 × 20 from y = 120 (under the flat trace).
        placement.place(width: 80, height: 20, top: 120, start: 200, end: 240, gap: 10, reach: reach, step: 5, imageWidth: 600)
    }

    @Test func aClearRightSideIsTaken() {
        let trace = Self.trace(strokeAt: 500)
        var placement = LabelPlacement(traceXs: trace.xs, traceYs: trace.ys, traceHalfWidth: 1)
        #expect(Self.place(&placement) == 250)
    }

    @Test func aStrokeThroughTheRightSideSendsTheLabelLeft() {
        // The stroke has no sample inside the box: only its segment crosses it.
        let trace = Self.trace(strokeAt: 280)
        var placement = LabelPlacement(traceXs: trace.xs, traceYs: trace.ys, traceHalfWidth: 1)
        #expect(Self.place(&placement) == 200 - 10 - 80)
    }

    @Test func strokesOnBothSidesMoveTheLabelOutUntilClear() {
        var trace = Self.trace(strokeAt: 280)
        let left = Self.trace(strokeAt: 150)
        for index in trace.ys.indices where left.ys[index] != 100 { trace.ys[index] = left.ys[index] }
        var placement = LabelPlacement(traceXs: trace.xs, traceYs: trace.ys, traceHalfWidth: 1)
        let x = Self.place(&placement)
        // Right, past the stroke at 280-282 and its stroke margin: the first 5-pixel step that clears it.
        #expect(x == 285)
    }

    @Test func aSecondLabelDoesNotCoverTheFirst() {
        let trace = Self.trace(strokeAt: 500)
        var placement = LabelPlacement(traceXs: trace.xs, traceYs: trace.ys, traceHalfWidth: 1)
        let first = Self.place(&placement)
        let second = Self.place(&placement)
        #expect(first == 250)
        #expect(second != first)
        #expect(second + 80 <= first || second >= first + 80)
    }

    @Test func withNoClearPlaceTheLeastCrossedIsTaken() {
        // A noisy trace spikes through the label band everywhere, more often on the right.
        var xs: [Float] = [], ys: [Float] = []
        for x in stride(from: Float(0), through: 600, by: 2) {
            xs.append(x)
            let dense = x > 240
            ys.append(Int(x / 2) % (dense ? 2 : 8) == 0 ? 150 : 100)
        }
        var placement = LabelPlacement(traceXs: xs, traceYs: ys, traceHalfWidth: 1)
        #expect(Self.place(&placement, reach: 0) == 110)
    }
}
