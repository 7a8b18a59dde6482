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
    /// sample, with the same float operations, in 16 bits (`QuantizedLead`).
    static func quantize(_ raw: UnsafeBufferPointer<Int32>, description: Lead, into target: UnsafeMutablePointer<Int16>) {
        let count = raw.count
        guard count > 0, let source = raw.baseAddress else { return }
        let scale = Float(1 / description.effectiveGain)
        let baseline = Float(description.baseline)
        let factor = description.millivoltsPerUnit
        let invalid = WFDB.invalidSample
        let limit = FeatureDesign.inputLimit
        let magic: Float = 12_582_912
        let magicBits = Int32(bitPattern: magic.bitPattern)
        // Whether any sample is WFDB's invalid value: an OR of equality
        // masks (two SSE2 instructions per four samples, where a running
        // minimum takes four without SSE4.1's pminsd).
        var invalidSeen: Int32 = 0
        // One plain loop per case, branch-free, so that LLVM vectorises it:
        // NaN (a non-finite gain) becomes 0, then the clamp, then rounding
        // half to even by adding 1.5·2²³ and reading the integer from the
        // bits, as in `SegmentedFeatureKernel.quantize`.
        if factor == 1, scale.isFinite {
            // The usual case. With a finite scale no product is NaN (finite
            // times finite is finite or infinite), so the NaN step is left
            // out; the clamp written as two selects becomes maxps and minps
            // (about 5 instructions per sample instead of 6.4), each select
            // with the value first (`v > −limit ? v : −limit`), as maxps
            // and minps take it, so that no bound is copied to a register
            // for each (the other order answers differently only for NaN).
            // (The same loop in explicit vectors of sixteen with
            // `cvtdq2ps` and `packssdw` took as many instructions.)
            var i = 0
            while i < count {
                let x = source[i]
                let v = (Float(x) - baseline) * scale * 1000
                let low = v > -limit ? v : -limit
                let c = low < limit ? low : limit
                target[i] = Int16(truncatingIfNeeded: Int32(bitPattern: (c + magic).bitPattern) &- magicBits)
                invalidSeen |= x == invalid ? -1 : 0
                i &+= 1
            }
        } else if factor == 1 {
            for i in 0..<count {
                let v = (Float(source[i]) - baseline) * scale * 1000
                let c = Swift.min(Swift.max(v == v ? v : 0, -limit), limit)
                target[i] = Int16(truncatingIfNeeded: Int32(bitPattern: (c + magic).bitPattern) &- magicBits)
                invalidSeen |= source[i] == invalid ? -1 : 0
            }
        } else {
            for i in 0..<count {
                let v = (Float(source[i]) - baseline) * scale * factor * 1000
                let c = Swift.min(Swift.max(v == v ? v : 0, -limit), limit)
                target[i] = Int16(truncatingIfNeeded: Int32(bitPattern: (c + magic).bitPattern) &- magicBits)
                invalidSeen |= source[i] == invalid ? -1 : 0
            }
        }
        guard invalidSeen != 0 else { return }
        Self.replaceInvalid(raw, in: UnsafeMutableBufferPointer(start: target, count: count))
    }

    /// Gives each sample whose raw value is WFDB's invalid one the last valid
    /// value before it (before the first valid sample, the first valid
    /// value; with none, zero): a flat line the detector ignores.
    static func replaceInvalid<Value: Numeric>(_ raw: UnsafeBufferPointer<Int32>, in values: UnsafeMutableBufferPointer<Value>) {
        let invalid = WFDB.invalidSample
        guard let firstValid = raw.firstIndex(where: { $0 != invalid }) else {
            values.update(repeating: 0)
            return
        }
        var last = values[firstValid]
        for i in 0..<raw.count {
            if raw[i] == invalid { values[i] = last } else { last = values[i] }
        }
    }

    /// R peaks from every lead of a record: the first lead's beats plus beats
    /// of the other leads in the first lead's gaps (`detect(leads:)`).
    ///
    /// Each lead goes from the record's integers to the quantised lead in one
    /// pass, as in `detect(_:lead:)`; the beats are those of
    /// `detect(leads:)` on `millivolts(record, lead:)` of every lead (tested).
    public func detectAllLeads(_ record: ECGRecord) throws -> [Int] {
        guard let first = record.samples.first, !record.leads.isEmpty else { throw DetectionError.noLeads }
        guard record.samples.allSatisfy({ $0.count == first.count }) else { throw DetectionError.leadLengthsDiffer }
        let perLead = (0..<record.leads.count).map { number in
            record.samples[number].withUnsafeBufferPointer { raw in
                // Only the leading lead restores separate humps (`detect(leads:)`).
                detectWithNoiseRatios(count: raw.count, restoringHumps: number == 0) { target in
                    Self.quantize(raw, description: record.leads[number], into: target)
                }
            }
        }
        return LeadFusion(samplingFrequency: samplingFrequency).fuse(perLead)
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
        raw.withUnsafeBufferPointer { raw in
            values.withUnsafeMutableBufferPointer { Self.replaceInvalid(raw, in: $0) }
        }
        return values
    }
}
