import ECGSignal

extension RPeakDetector {
    /// R peaks of one lead of a record (its samples converted to millivolts
    /// as `ECGRecord.millivolts(lead:)` does, WFDB's invalid samples replaced
    /// by the last valid value: a flat line the detector ignores).
    ///
    /// The samples go from the record's integers to the detector's quantised
    /// microvolts in one pass, without an array of millivolts; the beats are
    /// those of `detect(Self.millivolts(record, lead: lead))` (tested).
    public func detect(_ record: ECGRecord, lead: Int) -> [Int] {
        let raw = record.samples[lead]
        return raw.withUnsafeBufferPointer { raw in
            detectWithNoiseRatios(count: raw.count) { target in
                Self.quantize(raw, description: record.leads[lead], into: target)
            }.beats
        }
    }

    /// `FeatureDesign.quantize` of `millivolts(record, lead:)`, sample by
    /// sample, with the same float operations.
    static func quantize(_ raw: UnsafeBufferPointer<Int32>, description: Lead, into target: UnsafeMutablePointer<Int32>) {
        let count = raw.count
        guard count > 0, let source = raw.baseAddress else { return }
        let scale = Float(1 / description.effectiveGain)
        let baseline = Float(description.baseline)
        let factor = description.millivoltsPerUnit
        let invalid = WFDB.invalidSample
        let limit = FeatureDesign.inputLimit
        let magic: Float = 12_582_912
        let magicBits = Int32(bitPattern: magic.bitPattern)
        var smallest = Int32.max
        // One plain loop per case, branch-free, so that LLVM vectorises it:
        // NaN (a non-finite gain) becomes 0, then the clamp, then rounding
        // half to even by adding 1.5·2²³ and reading the integer from the
        // bits, as in `SegmentedFeatureKernel.quantize`.
        if factor == 1, scale.isFinite {
            // The usual case. With a finite scale no product is NaN (finite
            // times finite is finite or infinite), so the NaN step is left
            // out; the clamp written as two selects becomes maxps and minps
            // (about 5 instructions per sample instead of 6.4).
            var i = 0
            while i < count {
                let x = source[i]
                let v = (Float(x) - baseline) * scale * 1000
                let low = v < -limit ? -limit : v
                let c = low > limit ? limit : low
                target[i] = Int32(bitPattern: (c + magic).bitPattern) &- magicBits
                smallest = Swift.min(smallest, x)
                i &+= 1
            }
        } else if factor == 1 {
            for i in 0..<count {
                let v = (Float(source[i]) - baseline) * scale * 1000
                let c = Swift.min(Swift.max(v == v ? v : 0, -limit), limit)
                target[i] = Int32(bitPattern: (c + magic).bitPattern) &- magicBits
                smallest = Swift.min(smallest, source[i])
            }
        } else {
            for i in 0..<count {
                let v = (Float(source[i]) - baseline) * scale * factor * 1000
                let c = Swift.min(Swift.max(v == v ? v : 0, -limit), limit)
                target[i] = Int32(bitPattern: (c + magic).bitPattern) &- magicBits
                smallest = Swift.min(smallest, source[i])
            }
        }
        guard smallest <= invalid else { return }
        // Invalid samples take the last valid value (before the first valid
        // sample, the first valid value; with none, zero).
        guard let firstValid = raw.firstIndex(where: { $0 != invalid }) else {
            target.update(repeating: 0, count: count)
            return
        }
        var last = target[firstValid]
        for i in 0..<count {
            if source[i] == invalid { target[i] = last } else { last = target[i] }
        }
    }

    /// R peaks from every lead of a record: the first lead's beats plus beats
    /// of the other leads in the first lead's gaps (`detect(leads:)`).
    public func detectAllLeads(_ record: ECGRecord) throws -> [Int] {
        try detect(leads: (0..<record.leads.count).map { Self.millivolts(record, lead: $0) })
    }

    /// A lead in millivolts, with WFDB's invalid samples replaced by the last
    /// valid value.
    ///
    /// The same values as `record.millivolts(lead:)` (the same float
    /// operations), in vectorised pointer loops instead of two array maps, and
    /// the replacement pass only when the lead holds invalid samples.
    public static func millivolts(_ record: ECGRecord, lead: Int) -> [Float] {
        let raw = record.samples[lead]
        let description = record.leads[lead]
        let scale = Float(1 / description.effectiveGain)
        let baseline = Float(description.baseline)
        let factor = description.millivoltsPerUnit
        let invalid = WFDB.invalidSample
        // WFDB marks invalid samples with the lowest 16-bit value; a lead whose
        // smallest sample is above it has none (a min reduction vectorises,
        // a search for the value does not).
        var smallest = Int32.max
        var values = raw.withUnsafeBufferPointer { raw in
            [Float](unsafeUninitializedCapacity: raw.count) { values, initialized in
                // Plain pointer loops, each one job, so that LLVM vectorises them.
                let count = raw.count
                guard count > 0, let source = raw.baseAddress, let target = values.baseAddress else {
                    initialized = 0
                    return
                }
                if factor == 1 {
                    for i in 0..<count {
                        target[i] = (Float(source[i]) - baseline) * scale
                        smallest = Swift.min(smallest, source[i])
                    }
                } else {
                    for i in 0..<count {
                        target[i] = (Float(source[i]) - baseline) * scale * factor
                        smallest = Swift.min(smallest, source[i])
                    }
                }
                initialized = count
            }
        }
        guard smallest <= invalid else { return values }
        guard let firstValid = raw.firstIndex(where: { $0 != invalid }) else {
            return [Float](repeating: 0, count: raw.count)
        }
        var last = values[firstValid]
        for i in 0..<raw.count {
            if raw[i] == invalid { values[i] = last } else { last = values[i] }
        }
        return values
    }
}
