import ECGSignal

/// One lead's samples in millivolts, ready to draw.
public struct StripSignal: Sendable {
    /// The lead name printed on the strip (`II`, `MLII`, `V1`).
    public var name: String
    /// Samples per second.
    public var samplingFrequency: Double
    /// The samples, in millivolts.
    public var millivolts: [Float]
    /// The time of `millivolts[0]` in seconds from the start of the record.
    public var startTime: Double

    public init(name: String, samplingFrequency: Double, millivolts: [Float], startTime: Double = 0) {
        self.name = name
        self.samplingFrequency = samplingFrequency
        self.millivolts = millivolts
        self.startTime = startTime
    }

    /// The time just after the last sample.
    var endTime: Double { startTime + Double(millivolts.count) / samplingFrequency }

    /// The leads of a record between `start` and `end` seconds (clamped to the
    /// record), converted to millivolts. Only that window is converted, so
    /// cutting a strip out of a 30-minute record stays cheap. Missing samples
    /// (`WFDB.invalidSample`) become NaN and leave a gap in the trace.
    public static func leads(of record: ECGRecord, from start: Double = 0, to end: Double = .infinity) -> [StripSignal] {
        let frequency = record.samplingFrequency
        guard frequency > 0 else { return [] }
        let first = max(0, min(record.length, Int((start * frequency).rounded(.down))))
        let last = max(first, min(record.length, end.isFinite ? Int((end * frequency).rounded(.up)) + 1 : record.length))
        return record.leads.indices.map { index in
            let lead = record.leads[index]
            let scale = Float(1 / lead.effectiveGain) * lead.millivoltsPerUnit
            let baseline = Float(lead.baseline)
            let values = record.samples[index][first..<last].map {
                $0 == WFDB.invalidSample ? Float.nan : (Float($0) - baseline) * scale
            }
            return StripSignal(
                name: lead.name, samplingFrequency: frequency, millivolts: values,
                startTime: Double(first) / frequency)
        }
    }
}
