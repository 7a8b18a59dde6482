/// A multi-lead ECG recording: metadata plus samples kept as digital integers.
///
/// Samples are stored lead by lead (one contiguous array per lead), the layout
/// the detector and renderer read fastest. Physical values are derived on
/// demand with each lead's gain and baseline, as WFDB defines them:
/// `physical = (digital - baseline) / gain`.
public struct ECGRecord: Sendable, Equatable {
    /// The record name, as WFDB tools name it (`100`, not `100.hea`).
    public var name: String
    /// Samples per second per lead, in hertz.
    public var samplingFrequency: Double
    /// One description per lead, in the order of `samples`.
    public var leads: [Lead]
    /// Digital samples, `samples[lead][index]`; all leads have the same length.
    public var samples: [[Int32]]
    /// Free-text comments (WFDB header comment lines without the leading `#`).
    public var comments: [String]

    public init(
        name: String,
        samplingFrequency: Double,
        leads: [Lead],
        samples: [[Int32]],
        comments: [String] = []
    ) {
        self.name = name
        self.samplingFrequency = samplingFrequency
        self.leads = leads
        self.samples = samples
        self.comments = comments
    }

    /// The number of samples in each lead.
    public var length: Int { samples.first?.count ?? 0 }

    /// The duration in seconds.
    public var duration: Double {
        samplingFrequency > 0 ? Double(length) / samplingFrequency : 0
    }

    /// The samples of one lead in physical units (the lead's `units`).
    public func physicalSamples(lead index: Int) -> [Float] {
        let lead = leads[index]
        let scale = Float(1 / lead.effectiveGain)
        let baseline = Float(lead.baseline)
        return samples[index].map { (Float($0) - baseline) * scale }
    }

    /// The samples of one lead in millivolts, converting from µV or V when the
    /// lead's units say so (other units are returned unchanged).
    public func millivolts(lead index: Int) -> [Float] {
        let factor = leads[index].millivoltsPerUnit
        let values = physicalSamples(lead: index)
        return factor == 1 ? values : values.map { $0 * factor }
    }

    /// Makes a record from physical samples (mV), quantising with the given
    /// gain (ADC units per mV) and baseline.
    public init(
        name: String,
        samplingFrequency: Double,
        leadNames: [String],
        millivolts: [[Float]],
        gain: Double = 200,
        baseline: Int32 = 0,
        adcResolution: Int = 16
    ) {
        let limit = Int64(1) << (adcResolution - 1)
        let leads = leadNames.map {
            Lead(name: $0, units: "mV", gain: gain, baseline: baseline, adcResolution: adcResolution)
        }
        let digital = millivolts.map { values in
            values.map { value -> Int32 in
                let scaled = (Double(value) * gain).rounded() + Double(baseline)
                // Clamp to the ADC range; NaN becomes the baseline.
                guard scaled.isFinite else { return baseline }
                return Int32(max(Double(-limit + 1), min(Double(limit - 1), scaled)))
            }
        }
        self.init(name: name, samplingFrequency: samplingFrequency, leads: leads, samples: digital)
    }
}
