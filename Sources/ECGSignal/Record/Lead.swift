/// How one lead's digital samples map to a physical quantity.
public struct Lead: Sendable, Hashable {
    /// The lead name or signal description (`MLII`, `V1`, `II`).
    public var name: String
    /// Physical units of the calibrated signal, usually `mV`.
    public var units: String
    /// ADC units per physical unit. WFDB treats 0 as "uncalibrated" and uses 200.
    public var gain: Double
    /// The digital value that corresponds to 0 physical units.
    public var baseline: Int32
    /// ADC resolution in bits.
    public var adcResolution: Int
    /// The digital value at the centre of the ADC's range.
    public var adcZero: Int32

    public init(
        name: String,
        units: String = "mV",
        gain: Double = 200,
        baseline: Int32 = 0,
        adcResolution: Int = 12,
        adcZero: Int32 = 0
    ) {
        self.name = name
        self.units = units
        self.gain = gain
        self.baseline = baseline
        self.adcResolution = adcResolution
        self.adcZero = adcZero
    }

    /// The gain used for conversion: WFDB's default of 200 when the header says 0.
    public var effectiveGain: Double { gain == 0 ? 200 : gain }

    /// The factor that turns one physical unit of this lead into millivolts.
    public var millivoltsPerUnit: Float {
        switch units.lowercased() {
        case "uv", "µv", "μv": return 0.001
        case "v": return 1000
        default: return 1
        }
    }
}
