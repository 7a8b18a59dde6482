/// The lengths of the integer filters of the feature stage, designed for one
/// sampling frequency.
///
/// All stages are FIR filters with integer taps, run as running sums over
/// integer samples (microvolts). Integer running sums are exact, so the value at
/// any sample depends only on the samples inside the filter's span: the scalar
/// reference, the segmented SIMD kernel and the streaming detector therefore
/// compute bit-identical features wherever they start.
struct FeatureDesign: Sendable, Equatable {
    /// Sampling frequency in hertz.
    let samplingFrequency: Double
    /// Low-pass box length (odd): first zero near 45 Hz removes mains and EMG.
    let boxLength: Int
    /// Lag of the difference (even): with the box it makes a band-pass whose
    /// peak lies near 17 Hz, where QRS energy is largest (Thakor et al. 1984).
    let differenceLag: Int
    /// Moving-integration window (odd), about 150 ms as in Pan & Tompkins (1985).
    let integrationLength: Int
    /// Window (odd) of the moving mean removed from the box output for locating
    /// the R peak (a 200 ms high-pass that removes baseline wander).
    let baselineLength: Int

    init(samplingFrequency: Double) {
        self.samplingFrequency = samplingFrequency
        func odd(_ seconds: Double) -> Int {
            let n = Int((seconds * samplingFrequency / 2).rounded(.down)) * 2 + 1
            return max(1, n)
        }
        func even(_ seconds: Double) -> Int {
            max(2, Int((seconds * samplingFrequency / 2).rounded()) * 2)
        }
        boxLength = odd(0.022)
        differenceLag = even(0.022)
        integrationLength = odd(0.15)
        baselineLength = odd(0.2)
        // The difference grows with box length × lag; scale it back to the
        // range of 360 Hz (box 7, lag 8 → shift 3) before squaring.
        let growth = Double(boxLength * differenceLag) / 7
        var shift = 0
        while Double(1 << (shift + 1)) <= growth * 2.0.squareRoot() { shift += 1 }
        slopeShift = shift
    }

    /// Right shift applied to the difference before squaring.
    let slopeShift: Int
    /// Largest shifted difference magnitude; its square times the integration
    /// length stays below 2³¹ at 2 kHz (301 × 2047² ≈ 1.26·10⁹).
    static let slopeLimit: Int32 = 2047

    /// Samples from an input sample to the integrated feature's centre of mass.
    var integrationDelay: Int { (boxLength - 1) / 2 + differenceLag / 2 + (integrationLength - 1) / 2 }
    /// Samples from an input sample to the same sample in the baseline-free signal.
    var baselineDelay: Int { (boxLength - 1) / 2 + (baselineLength - 1) / 2 }

    /// Samples of input before a sample that its features depend on.
    var filterSpan: Int { boxLength + differenceLag + integrationLength + baselineLength }

    /// Samples converted from seconds at this design's frequency.
    func samples(_ seconds: Double) -> Int { Int((seconds * samplingFrequency).rounded()) }

    /// The samples searched for the R peak of the QRS at a feature peak: the
    /// QRS centre in input time (`integrationDelay` before the peak) ±
    /// `halfWidth`, inside the record.
    @inline(__always)
    func locationWindow(peak index: Int, halfWidth: Int, recordLength: Int) -> (lower: Int, upper: Int) {
        let centre = index &- integrationDelay
        let lower = Swift.max(0, centre &- halfWidth)
        return (lower, Swift.max(lower, Swift.min(recordLength &- 1, centre &+ halfWidth)))
    }

    /// The largest magnitude of an input sample in microvolts: the sums of the
    /// stages then fit in `Int32` at any supported frequency (2 kHz: box 45,
    /// integration 301, baseline 401 samples).
    static let inputLimit: Float = 32_767

    /// Millivolts to clamped integer microvolts, rounded half to even (one
    /// instruction, no libm call); NaN becomes 0, infinities the clamp bounds.
    @inline(__always)
    static func quantize(_ millivolts: Float) -> Int32 {
        let v = millivolts * 1000
        if !(v == v) { return 0 }
        let c = Swift.min(Swift.max(v, -inputLimit), inputLimit)
        // Adding and removing 1.5·2²³ rounds half to even for |c| < 2²²: exact,
        // and a plain add where `rounded()` would call libm's rintf.
        let magic: Float = 12_582_912
        return Int32((c + magic) - magic)
    }
}
