/// Where a lead is written quantised, in one pass: its samples
/// (`FeatureDesign.quantize` of each sample in millivolts) and their running
/// sums (`LeadPrefixSums`), each buffer as long as the lead.
struct QuantizedLeadBuffers {
    let samples: UnsafeMutablePointer<Int32>
    let prefixSums: UnsafeMutablePointer<Int32>
}
