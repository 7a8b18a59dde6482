import ECGSignal

/// A synthesized strip: the record, its reference annotations and the clean signal.
public struct SyntheticECG: Sendable {
    /// One lead (lead II by default), quantised at the requested gain.
    public var record: ECGRecord
    /// Reference annotations, sorted by sample: every QRS with its MIT code,
    /// P waves (`p`), pacemaker spikes (`^`), rhythm changes (`+`, aux `(`+id),
    /// VF onset and end (`[`, `]`), electrode-motion artefacts (`|`).
    public var annotations: [Annotation]
    /// The noise-free signal in mV, before quantisation.
    public var cleanMillivolts: [Float]
    /// The rhythm ids of the strip with the sample at which each starts.
    public var segments: [(id: String, start: Int)]
}
