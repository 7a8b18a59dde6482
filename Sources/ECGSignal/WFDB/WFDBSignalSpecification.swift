/// One signal line of a WFDB header: where a signal's samples are stored and
/// how they are calibrated.
///
/// Optional fields are nil when the header omits them, so a header formats
/// back as it was written; the `effective…` properties apply the defaults of
/// the WFDB specification (`HEADERS.md`).
public struct WFDBSignalSpecification: Sendable, Equatable {
    /// The signal file name, relative to the header's folder (`~` for none).
    public var fileName: String
    public var format: WFDBSignalFormat
    /// Samples of this signal in each frame (the `x` modifier); 1 normally.
    public var samplesPerFrame: Int
    /// Samples of this signal stored before sample 0 (the `:` modifier).
    public var skew: Int
    /// Bytes to skip at the start of the signal file (the `+` modifier).
    public var byteOffset: Int
    /// ADC units per physical unit; 0 means uncalibrated (WFDB then uses 200).
    public var gain: Double?
    /// The digital value of 0 physical units; defaults to the ADC zero.
    public var baseline: Int?
    public var units: String?
    /// ADC resolution in bits; 0 or absent means the format's default.
    public var adcResolution: Int?
    public var adcZero: Int?
    /// The first sample (used by the difference format 8).
    public var initialValue: Int?
    /// 16-bit signed sum of all samples of the signal.
    public var checksum: Int?
    public var blockSize: Int?
    /// The signal description, usually the lead name.
    public var description: String?
    /// The 1-based line of the header this specification came from (0 when built in code).
    public var line: Int

    public init(
        fileName: String,
        format: WFDBSignalFormat,
        samplesPerFrame: Int = 1,
        skew: Int = 0,
        byteOffset: Int = 0,
        gain: Double? = nil,
        baseline: Int? = nil,
        units: String? = nil,
        adcResolution: Int? = nil,
        adcZero: Int? = nil,
        initialValue: Int? = nil,
        checksum: Int? = nil,
        blockSize: Int? = nil,
        description: String? = nil,
        line: Int = 0
    ) {
        self.fileName = fileName
        self.format = format
        self.samplesPerFrame = samplesPerFrame
        self.skew = skew
        self.byteOffset = byteOffset
        self.gain = gain
        self.baseline = baseline
        self.units = units
        self.adcResolution = adcResolution
        self.adcZero = adcZero
        self.initialValue = initialValue
        self.checksum = checksum
        self.blockSize = blockSize
        self.description = description
        self.line = line
    }

    /// Equal when every field but the source `line` is equal.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        var left = lhs
        left.line = rhs.line
        return left.fileName == rhs.fileName && left.format == rhs.format
            && left.samplesPerFrame == rhs.samplesPerFrame && left.skew == rhs.skew
            && left.byteOffset == rhs.byteOffset && left.gain == rhs.gain && left.baseline == rhs.baseline
            && left.units == rhs.units && left.adcResolution == rhs.adcResolution && left.adcZero == rhs.adcZero
            && left.initialValue == rhs.initialValue && left.checksum == rhs.checksum
            && left.blockSize == rhs.blockSize && left.description == rhs.description
    }

    /// The ADC zero, 0 when absent.
    public var effectiveADCZero: Int { adcZero ?? 0 }
    /// The baseline, the ADC zero when absent.
    public var effectiveBaseline: Int { baseline ?? effectiveADCZero }
    /// The initial value, the ADC zero when absent.
    public var effectiveInitialValue: Int { initialValue ?? effectiveADCZero }
    /// The ADC resolution, defaulting to 12 bits (10 for the difference format 8).
    public var effectiveADCResolution: Int {
        if let adcResolution, adcResolution > 0 { return adcResolution }
        switch format {
        case .format8: return 10
        case .format80: return 8
        case .format310, .format311: return 10
        default: return 12
        }
    }

    /// The lead this signal describes in an `ECGRecord`.
    public var lead: Lead {
        Lead(
            name: description ?? "",
            units: units ?? "mV",
            gain: gain ?? 0,
            baseline: Int32(clamping: effectiveBaseline),
            adcResolution: effectiveADCResolution,
            adcZero: Int32(clamping: effectiveADCZero)
        )
    }
}

/// One segment line of a multi-segment WFDB header.
public struct WFDBSegmentSpecification: Sendable, Equatable {
    /// The segment's record name, or `~` for a null segment (a gap).
    public var recordName: String
    /// Samples per signal in the segment.
    public var length: Int
    public var line: Int

    public init(recordName: String, length: Int, line: Int = 0) {
        self.recordName = recordName
        self.length = length
        self.line = line
    }

    /// Equal when name and length are (the source `line` aside).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.recordName == rhs.recordName && lhs.length == rhs.length
    }

    /// Whether the segment is a gap without files (`~`).
    public var isNull: Bool { recordName == "~" }
}
