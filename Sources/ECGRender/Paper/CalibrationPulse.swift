/// The 1 mV calibration pulse drawn at the start of each row.
enum CalibrationPulse {
    /// Width of the pulse: 0.2 s (5 mm at 25 mm/s), as on standard ECG paper.
    static let duration = 0.2
    /// Height of the pulse in millivolts (10 mm at 10 mm/mV).
    static let millivolts = 1.0
    /// Where the pulse rises, mm from the left edge of the paper.
    static let riseAt = 3.0

    /// The pulse's polyline in millimetres: baseline, up 1 mV, across 0.2 s, down, baseline.
    static func outline(baseline: Double, gain: Double, speed: Double) -> [(x: Double, y: Double)] {
        let top = baseline - millivolts * gain
        let fall = riseAt + duration * speed
        return [(1, baseline), (riseAt, baseline), (riseAt, top), (fall, top), (fall, baseline), (fall + 1.5, baseline)]
    }
}
