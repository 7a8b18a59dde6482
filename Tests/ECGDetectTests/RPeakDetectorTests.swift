import ECGSignal
import Foundation
import TestSupport
import PropertyBased
import Testing
@testable import ECGDetect

@Suite struct RPeakDetectorTests {
    /// Scores detections against known peaks with the bxb rules (150 ms).
    private func score(_ beats: [Int], _ peaks: [Int], fs: Double) -> RecordScore {
        BeatComparison().compare(
            record: "synthetic",
            reference: peaks.map { Annotation(sample: $0, code: .normal) },
            test: beats.map { Annotation(sample: $0, code: .normal) },
            samplingFrequency: fs)
    }

    @Test(arguments: [100.0, 128, 250, 360, 500, 1000, 2000])
    func findsEveryBeatAtAnyFrequency(fs: Double) throws {
        let (x, peaks) = SyntheticECG(samplingFrequency: fs, seconds: 60).make()
        let beats = try RPeakDetector(samplingFrequency: fs).detect(x)
        let s = score(beats, peaks, fs: fs)
        #expect(s.falseNegatives == 0)
        #expect(s.falsePositives == 0)
        // On the R peak, not at a filter delay: within 10 ms.
        #expect(abs(s.meanOffset ?? 1) < 0.01)
    }

    @Test func findsInvertedLeadsOnTheNegativePeak() throws {
        let (x, peaks) = SyntheticECG(samplingFrequency: 360, seconds: 60, inverted: true).make()
        let beats = try RPeakDetector(samplingFrequency: 360).detect(x)
        let s = score(beats, peaks, fs: 360)
        #expect(s.falseNegatives == 0 && s.falsePositives == 0)
        #expect(abs(s.meanOffset ?? 1) < 0.01)
    }

    /// The segmented path quantises sixteen samples at a time with an
    /// unconditional clamp and redoes a lead holding NaN sample by sample:
    /// every sample must equal `FeatureDesign.quantize`, for values inside,
    /// at and beyond the clamp bounds, halves (rounding to even), signed
    /// zeros, infinities, and NaN in a full block or in the tail.
    @Test(arguments: [0, 5, 16, 1000, 1030])
    func blockQuantisationEqualsTheScalarOne(nanAt: Int) {
        var values: [Float] = [0, -0.0, 0.0005, -0.0005, 0.0015, 0.0025, -0.0025, 1.2345, -7.5,
                               32.767, -32.767, 32.7675, -32.7675, 32.768, 40, -40, 1e9, -1e9,
                               .infinity, -.infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude]
        // 1037 samples: 64 blocks of sixteen and a tail of 13.
        for k in 0..<(1037 - values.count) { values.append(Float((k &* 7919) % 80_000) / 1000 - 40.0005) }
        let withNaN = values.indices.map { $0 == nanAt ? Float.nan : values[$0] }
        for lead in [values, withNaN] {
            let quantized = [Int16](unsafeUninitializedCapacity: lead.count) { buffer, count in
                lead.withUnsafeBufferPointer { SegmentedFeatureKernel.quantize($0, into: buffer.baseAddress!) }
                count = lead.count
            }
            #expect(quantized.map(Int32.init) == lead.map(FeatureDesign.quantize))
        }
    }

    @Test func flatZeroAndNaNInputGiveNoBeatsAndNoTrap() throws {
        let detector = try RPeakDetector(samplingFrequency: 360)
        #expect(detector.detect([]).isEmpty)
        #expect(detector.detect([Float](repeating: 0, count: 100_000)).isEmpty)
        #expect(detector.detect([Float](repeating: 5, count: 10)).isEmpty)
        #expect(detector.detect([Float](repeating: .nan, count: 50_000)).isEmpty)
        #expect(detector.detect([Float](repeating: .infinity, count: 50_000)).isEmpty)
    }

    @Test func recoversAfterAFlatSegmentAndAHalvedAmplitude() throws {
        var (x, peaks) = SyntheticECG(samplingFrequency: 360, seconds: 120).make()
        // 10 s of saturation (flat), then the amplitude falls to half.
        for i in (360 * 40)..<(360 * 50) { x[i] = 3 }
        for i in (360 * 50)..<x.count { x[i] *= 0.5 }
        let kept = { (i: Int) in i < 360 * 40 || i >= 360 * 50 + 72 }
        let beats = try RPeakDetector(samplingFrequency: 360).detect(x)
        let s = score(beats.filter(kept), peaks.filter(kept), fs: 360)
        #expect(s.falseNegatives <= 3)
        #expect(s.falsePositives <= 2)
    }

    @Test func findsEveryBeatFrom10SecondsAfterTheAmplitudeFallsToAQuarter() throws {
        var (x, peaks) = SyntheticECG(samplingFrequency: 360, seconds: 120).make()
        for i in (360 * 50)..<x.count { x[i] *= 0.25 }
        let after = { (i: Int) in i >= 360 * 60 }
        let beats = try RPeakDetector(samplingFrequency: 360).detect(x)
        let s = score(beats.filter(after), peaks.filter(after), fs: 360)
        #expect(s.falseNegatives == 0)
        #expect(s.falsePositives == 0)
    }

    @Test func rejectsUnsupportedFrequencies() {
        #expect(throws: DetectionError.self) { try RPeakDetector(samplingFrequency: 50) }
        #expect(throws: DetectionError.self) { try RPeakDetector(samplingFrequency: 4000) }
        #expect(throws: DetectionError.self) { try RPeakDetector(samplingFrequency: .nan) }
    }

    @Test(arguments: [100.0, 360, 1000])
    func segmentedSIMDKernelEqualsScalarReference(fs: Double) throws {
        let (x, _) = SyntheticECG(samplingFrequency: fs, seconds: 90, noise: 0.2, seed: 7).make()
        let detector = try RPeakDetector(samplingFrequency: fs)
        let simd = detector.detect(x)
        #expect(!simd.isEmpty)
        #expect(simd == detector.scalarDetect(x))
    }

    /// The segmented path keeps its stages' recent rows in a strip of about
    /// 4096 rows that restarts when full, and reads its input four rows at a
    /// time except where the four would cross the strip's end; over leads
    /// long enough for two restarts at every supported frequency (the rows
    /// meet the strip's end at a different phase at each), with noise, its beats
    /// (slopes measured only where the decider's rules ask) equal the scalar
    /// reference's (every candidate measured as it comes).
    @Test(arguments: [100.0, 250, 360, 500, 1000, 2000])
    func segmentedPathEqualsScalarReferenceAcrossStripRestarts(fs: Double) throws {
        let seconds = 16 * 9000 / fs
        let (x, _) = SyntheticECG(samplingFrequency: fs, seconds: seconds, heartRate: 95, noise: 0.35, seed: 31).make()
        let detector = try RPeakDetector(samplingFrequency: fs)
        let beats = detector.detect(x)
        #expect(beats.count > Int(seconds))
        #expect(beats == detector.scalarDetect(x))
    }

    /// On a real record with many ectopic beats (the T-wave and P-wave rules
    /// compare slopes and R peaks of recent beats there), both leads: the
    /// record path equals the scalar reference on the lead in millivolts.
    @Test(arguments: [0, 1])
    func recordPathEqualsScalarReferenceOnMITBIH208(lead: Int) throws {
        guard let record = try SharedData.record("208", in: "mitdb") else { return }
        let detector = try RPeakDetector(samplingFrequency: record.samplingFrequency)
        let beats = detector.detect(record, lead: lead)
        #expect(beats.count > 2000)
        #expect(beats == detector.scalarDetect(RPeakDetector.millivolts(record, lead: lead)))
    }

    /// The all-leads path quantises each lead from the record's integers; it
    /// must give the beats of `detect(leads:)` on the leads in millivolts,
    /// with invalid samples in either lead.
    @Test func allLeadsPathGivesTheMillivoltPathBeats() throws {
        let (x, _) = SyntheticECG(samplingFrequency: 360, seconds: 60, noise: 0.2, seed: 41).make()
        let (y, _) = SyntheticECG(samplingFrequency: 360, seconds: 60, noise: 0.3, seed: 42, inverted: true).make()
        let first = Lead(name: "MLII", units: "mV", gain: 200, baseline: 1024, adcResolution: 11)
        let second = Lead(name: "V1", units: "mV", gain: 400, baseline: -7, adcResolution: 12)
        var a = x.map { Int32((Double($0) * 200).rounded()) + 1024 }
        var b = y.map { Int32((Double($0) * 400).rounded()) - 7 }
        // The first lead fails for ten seconds; the second starts invalid.
        for i in 7200..<10800 { a[i] = WFDB.invalidSample }
        for i in 0..<500 { b[i] = WFDB.invalidSample }
        let record = ECGRecord(name: "r", samplingFrequency: 360, leads: [first, second], samples: [a, b])
        let detector = try RPeakDetector(samplingFrequency: 360)
        let beats = try detector.detectAllLeads(record)
        #expect(beats.count > 60)
        #expect(beats == (try detector.detect(leads: [RPeakDetector.millivolts(record, lead: 0),
                                                      RPeakDetector.millivolts(record, lead: 1)])))
        // The second lead fills the first one's gap.
        #expect(beats.contains { (7200..<10800).contains($0) })
    }

    /// The kernel's buffers are reused between calls (`KernelWorkspace.pool`):
    /// a longer, a shorter and a very short lead in turn, at two frequencies,
    /// must each give the scalar reference's beats, whatever ran before.
    @Test func reusedWorkspacesGiveTheScalarBeats() throws {
        var checked = 0
        for (fs, seconds, seed) in [(360.0, 120.0, 21 as UInt64), (360, 25, 22), (250, 70, 23), (360, 3, 24), (360, 120, 25)] {
            let (x, _) = SyntheticECG(samplingFrequency: fs, seconds: seconds, noise: 0.2, seed: seed).make()
            let detector = try RPeakDetector(samplingFrequency: fs)
            let first = detector.detect(x)
            #expect(first == detector.scalarDetect(x))
            #expect(detector.detect(x) == first)
            checked += first.count
        }
        #expect(checked > 300)
    }

    @Test(arguments: [100.0, 250, 360, 2000])
    func segmentedKernelMaximaAndMeasuresEqualTheScalarOnes(fs: Double) throws {
        let design = FeatureDesign(samplingFrequency: fs)
        let (x, _) = SyntheticECG(samplingFrequency: fs, seconds: 30, noise: 0.3, seed: 3).make()
        let selector = CandidateSelector(design: design)
        let kernel = SegmentedFeatureKernel(design: design, lookahead: selector.lookahead)
        let features = x.withUnsafeBufferPointer { kernel.run($0) }
        var buffer = FeatureBuffer(design: design)
        // The scalar reference pads the end with the last sample (LeadStream.finish).
        let q = x.map(FeatureDesign.quantize) + [Int32](repeating: FeatureDesign.quantize(x[x.count - 1]), count: selector.lookahead + 2)
        q.withUnsafeBufferPointer { buffer.append($0) }
        // The measures from the input window equal the scalar selector's on
        // the whole-record features, at the start, inside and at the end.
        var checked = 0
        let quantized = x.map(FeatureDesign.quantize)
        #expect(features.quantized.values.map(Int32.init) == quantized)
        quantized.map(Int16.init).withUnsafeBufferPointer { samples in
            CandidateMeasurer.with(design: design, locationHalfWidth: selector.locationHalfWidth, separationSpan: selector.separationSpan, samples: QuantizedLead(values: samples)) { measurer in
                let indices = Array(0..<40) + Array(stride(from: 40, to: x.count - 40, by: max(1, x.count / 1500))) + Array((x.count - 40)..<(x.count + selector.lookahead))
                for i in indices {
                    #expect(measurer.maximumSlope(peak: i) == selector.maximumSlope(peak: i, in: buffer))
                    let window = measurer.locate(peak: i, recordLength: x.count)
                    let reference = selector.locate(peak: i, in: buffer, recordLength: x.count)
                    #expect(window.location == reference.location && window.amplitude == reference.amplitude)
                    checked += 1
                }
            }
        }
        #expect(checked > 1000)
        // The kernel's local maxima are exactly the scalar ones.
        var scalarMaxima: [LocalMaximum] = []
        for j in 0..<(x.count - 1) {
            let v = buffer.feature(j)
            if v > 0, v > buffer.feature(j - 1), v >= buffer.feature(j + 1) {
                scalarMaxima.append(LocalMaximum(index: j, height: v))
            }
        }
        #expect(scalarMaxima.count > 100)
        #expect(features.maxima.filter { $0.index < x.count - 1 } == scalarMaxima)
    }

    /// The record path quantises the integers in one pass; it must give the
    /// beats of the millivolt path for every unit, gain and baseline, with
    /// invalid samples (WFDB's -32768) at the start, inside and at the end,
    /// and for a lead that is all invalid.
    @Test(arguments: [("mV", 200.0, 0 as Int32), ("mV", 0, 25), ("uV", 1, -1024), ("V", 200_000, 3), ("mV", 1e-30, 0)])
    func recordPathGivesTheMillivoltPathBeats(units: String, gain: Double, baseline: Int32) throws {
        let (x, _) = SyntheticECG(samplingFrequency: 360, seconds: 40, noise: 0.2, seed: 5).make()
        let lead = Lead(name: "II", units: units, gain: gain, baseline: baseline, adcResolution: 16)
        let perMillivolt = lead.effectiveGain / Double(lead.millivoltsPerUnit)
        var raw = x.map { Int32(clamping: Int64((Double($0) * perMillivolt).rounded()) + Int64(baseline)) }
        for i in 0..<30 { raw[i] = WFDB.invalidSample }
        for i in 5000..<5400 { raw[i] = WFDB.invalidSample }
        for i in (raw.count - 20)..<raw.count { raw[i] = WFDB.invalidSample }
        let record = ECGRecord(name: "r", samplingFrequency: 360, leads: [lead, lead],
                               samples: [raw, [Int32](repeating: WFDB.invalidSample, count: raw.count)])
        let detector = try RPeakDetector(samplingFrequency: 360)
        let viaMillivolts = detector.detect(RPeakDetector.millivolts(record, lead: 0))
        #expect(detector.detect(record, lead: 0) == viaMillivolts)
        #expect(detector.detect(record, lead: 1) == detector.detect(RPeakDetector.millivolts(record, lead: 1)))
        // On valid samples, the values of ECGRecord.millivolts(lead:).
        let fast = RPeakDetector.millivolts(record, lead: 0), reference = record.millivolts(lead: 0)
        #expect(raw.indices.allSatisfy { raw[$0] == WFDB.invalidSample || fast[$0] == reference[$0] })
        if gain >= 1 { #expect(viaMillivolts.count > 30) }
    }

    /// The record path's quantisation (its fast loop for a finite scale in
    /// millivolts, and the general loops) gives `FeatureDesign.quantize` of
    /// the millivolts sample by sample, including values beyond the clamp.
    @Test(arguments: [("mV", 200.0, 0 as Int32), ("mV", 0, 25), ("uV", 1, -1024), ("V", 200_000, 3), ("mV", 1e-30, 0), ("mV", 0.001, 7)])
    func recordPathQuantisesAsTheMillivoltPath(units: String, gain: Double, baseline: Int32) {
        let lead = Lead(name: "II", units: units, gain: gain, baseline: baseline, adcResolution: 16)
        var rng = SplitMix64(seed: 3)
        var raw = (0..<1000).map { _ in Int32(truncatingIfNeeded: Int64(rng.next() % 65_535) - 32_767) }
        raw += [Int32.max, Int32.min + 1, 0, baseline, baseline + 1, -1, 1]
        let record = ECGRecord(name: "r", samplingFrequency: 360, leads: [lead], samples: [raw])
        let expected = RPeakDetector.millivolts(record, lead: 0).map(FeatureDesign.quantize)
        var quantized = [Int16](repeating: 0, count: raw.count)
        raw.withUnsafeBufferPointer { raw in
            quantized.withUnsafeMutableBufferPointer { RPeakDetector.quantize(raw, description: lead, into: $0.baseAddress!) }
        }
        #expect(quantized.map(Int32.init) == expected)
    }

    @Test func streamingGivesTheWholeRecordBeatsForRandomChunkSizes() async throws {
        let (x, _) = SyntheticECG(samplingFrequency: 250, seconds: 40, noise: 0.15, seed: 11).make()
        let whole = try RPeakDetector(samplingFrequency: 250).detect(x)
        #expect(whole.count > 40)
        await propertyCheck(count: 20, input: Gen.int(in: 1...5000), Gen.int(in: 0...1_000_000)) { maxChunk, seed in
            var rng = SplitMix64(seed: UInt64(seed))
            var stream = try! StreamingRPeakDetector(samplingFrequency: 250)
            var beats: [Int] = []
            var i = 0
            while i < x.count {
                let n = Int(rng.next() % UInt64(maxChunk)) + 1
                let end = min(x.count, i + n)
                beats += stream.process(Array(x[i..<end]))
                i = end
            }
            beats += stream.finish()
            #expect(beats == whole)
        }
    }

    /// On the noise stress test record at 12 dB the decider withdraws beats
    /// that split a regular interval (held back until the next beat): the
    /// streaming detector still gives the whole-record beats, in small and
    /// large chunks.
    /// (118e06 too: the decider's rhythm rules of noisy stretches and the
    /// refractory period between R peaks act there hundreds of times; 118e18:
    /// search-back passes over two one-sided steps, `SlopeBalance`, measured
    /// for every candidate when streaming and for the picks only on the
    /// whole record.)
    @Test(arguments: ["118e12", "118e06", "118e18"])
    func streamingGivesTheWholeRecordBeatsOnANoisyRecord(name: String) throws {
        guard let directory = SharedData.directory("nstdb"),
              FileManager.default.fileExists(atPath: directory.appendingPathComponent(name + ".hea").path)
        else {
            print(SharedData.skipMessage("nstdb") + " (or lacks \(name))")
            return
        }
        let record = try WFDB.readRecord(directory.appendingPathComponent(name).path)
        let x = RPeakDetector.millivolts(record, lead: 0)
        let whole = try RPeakDetector(samplingFrequency: record.samplingFrequency).detect(x)
        #expect(whole.count > 2000)
        for chunk in [36, 1000, 65_536] {
            var stream = try StreamingRPeakDetector(samplingFrequency: record.samplingFrequency)
            var beats: [Int] = []
            for start in stride(from: 0, to: x.count, by: chunk) {
                beats += stream.process(Array(x[start..<min(x.count, start + chunk)]))
            }
            beats += stream.finish()
            #expect(beats == whole, "chunk \(chunk)")
        }
    }

    @Test func streamingReportsBeatsWithBoundedLatency() throws {
        let (x, _) = SyntheticECG(samplingFrequency: 360, seconds: 60).make()
        var stream = try StreamingRPeakDetector(samplingFrequency: 360)
        var worst = 0
        for start in stride(from: 0, to: x.count, by: 36) {
            let chunk = Array(x[start..<min(x.count, start + 36)])
            for beat in stream.process(chunk) where beat > 360 * 3 {
                worst = max(worst, stream.sampleCount - beat)
            }
        }
        _ = stream.finish()
        #expect(worst > 0)
        #expect(worst < 360)  // under one second after the learning period
    }
}
