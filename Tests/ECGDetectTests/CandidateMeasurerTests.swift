import ECGSignal
import Testing
import TestSupport
@testable import ECGDetect

/// The separate-hump test of the segmented path, measured from the quantised
/// lead (`CandidateMeasurer`), against the selector's test on the scalar
/// `FeatureBuffer` that holds the features of the whole record.
@Suite struct CandidateMeasurerTests {
    /// The synthetic lead quantised, and the scalar features of it padded at
    /// the end with the last sample (as `LeadStream.finish` pads).
    private func lead(fs: Double, seed: UInt64) -> (quantized: [Int32], buffer: FeatureBuffer, selector: CandidateSelector) {
        let design = FeatureDesign(samplingFrequency: fs)
        let (x, _) = SyntheticECG(samplingFrequency: fs, seconds: 40, heartRate: 150, noise: 0.3, seed: seed).make()
        let quantized = x.map(FeatureDesign.quantize)
        let selector = CandidateSelector(design: design)
        var buffer = FeatureBuffer(design: design)
        let padded = quantized + [Int32](repeating: quantized[quantized.count - 1], count: selector.lookahead + 2)
        padded.withUnsafeBufferPointer { buffer.append($0) }
        return (quantized, buffer, selector)
    }

    /// For every local maximum of the feature and every end within the
    /// selector's span after it, at the start, inside and at the end of the
    /// lead: whether the feature falls to a level equals the answer read from
    /// the whole-record features, for the selector's level and for levels
    /// above and below it; the full hump test agrees for every pair of maxima.
    @Test(arguments: [100.0, 250, 360, 2000])
    func featureFallsAndHumpTestEqualTheScalarOnes(fs: Double) {
        let (quantized, buffer, selector) = lead(fs: fs, seed: 11)
        let n = quantized.count
        var maxima: [(index: Int, height: Int32)] = []
        for j in 0..<(n - 1) {
            let v = buffer.feature(j)
            if v > 0, v > buffer.feature(j - 1), v >= buffer.feature(j + 1) { maxima.append((j, v)) }
        }
        #expect(maxima.count > 100)
        var compared = 0, fell = 0, stayed = 0, separate = 0
        quantized.map(Int16.init).withUnsafeBufferPointer { samples in
            CandidateMeasurer.with(design: selector.design, locationHalfWidth: selector.locationHalfWidth,
                                   separationSpan: selector.separationSpan, samples: QuantizedLead(values: samples)) { measurer in
                let step = max(1, selector.separationSpan / 23)
                // About 150 maxima: the first and last few, and a spread between.
                let spread = max(1, maxima.count / 150)
                let tested = maxima.indices.filter { $0 < 5 || $0 >= maxima.count - 5 || $0 % spread == 0 }
                for number in tested {
                    let maximum = maxima[number]
                    // Candidates lie inside the lead (the buffer holds its padding only).
                    let lastEnd = Swift.min(maximum.index + selector.separationSpan, n - 1)
                    for end in stride(from: maximum.index + 2, through: lastEnd, by: step) {
                        let lowest = (maximum.index + 1..<end).map(buffer.feature).min()!
                        for level in [CandidateSelector.separationLevel(maximum.height), maximum.height / 8, maximum.height - 1] {
                            let answer = measurer.featureFalls(to: level, after: maximum, before: end)
                            #expect(answer == (lowest <= level), "peak \(maximum.index) end \(end) level \(level)")
                            if answer { fell += 1 } else { stayed += 1 }
                        }
                        #expect(measurer.featureFalls(to: CandidateSelector.separationLevel(maximum.height), after: maximum, before: end)
                                == selector.separated(maximum, before: end, in: buffer))
                        compared += 1
                    }
                    for later in maxima[(number + 1)...].prefix(while: { $0.index - maximum.index <= selector.separationSpan }) {
                        let hump = CandidateSelector.Peak(index: maximum.index, height: maximum.height, restored: true)
                        let candidate = CandidateSelector.Peak(index: later.index, height: later.height)
                        let fromLead = selector.isSeparateHump(hump, before: candidate, measuredBy: measurer, recordLength: n)
                        #expect(fromLead == selector.isSeparateHump(hump, before: candidate, source: { _ in buffer }, recordLength: n))
                        if fromLead { separate += 1 }
                    }
                }
            }
        }
        #expect(compared > 1000)
        // Both answers occur, so the comparison can fail either way.
        #expect(fell > 100 && stayed > 100)
        #expect(separate > 10)
    }

    /// A span longer than the scratch space (the selector never asks for one)
    /// is measured sample by sample, with the same answers.
    @Test func aSpanLongerThanTheScratchSpaceGivesTheSameAnswers() {
        let (quantized, buffer, selector) = lead(fs: 360, seed: 12)
        var compared = 0, fell = 0
        quantized.map(Int16.init).withUnsafeBufferPointer { samples in
            CandidateMeasurer.with(design: selector.design, locationHalfWidth: selector.locationHalfWidth,
                                   separationSpan: 0, samples: QuantizedLead(values: samples)) { measurer in
                for start in stride(from: 0, to: quantized.count - 2000, by: 997) {
                    let height = buffer.feature(start)
                    let end = start + 1500
                    let lowest = (start + 1..<end).map(buffer.feature).min()!
                    for level in [lowest - 1, lowest, lowest + 1] {
                        let answer = measurer.featureFalls(to: level, after: (start, height), before: end)
                        #expect(answer == (lowest <= level))
                        if answer { fell += 1 }
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 20 && fell > 10)
    }

    /// On MIT-BIH 203 (wide complexes in quick succession, where humps are
    /// restored) the whole-record path, which measures the hump test from the
    /// lead, gives the beats of the scalar path, which reads the full feature
    /// buffer; restoring changes the beats there, so the test exercises it.
    @Test func record203WholeRecordBeatsEqualTheScalarOnesWithHumpsRestored() throws {
        guard let record = try SharedData.record("203", in: "mitdb") else { return }
        let detector = try RPeakDetector(samplingFrequency: record.samplingFrequency)
        let lead = record.millivolts(lead: 0)
        let whole = detector.detect(lead)
        #expect(whole == detector.scalarDetect(lead))
        #expect(whole == detector.detect(record, lead: 0))
        let unrestored = lead.withUnsafeBufferPointer { detector.detectWithNoiseRatios($0, restoringHumps: false).beats }
        #expect(Set(whole).subtracting(unrestored).count >= 5)
    }

    /// Leads shorter than a filter window (one sample, a few, part of a
    /// QRS): every box sum reaches past both ends, where the running sums
    /// continue the lead with its end samples. The R peak, the slope and the
    /// hump test at every index (and past the end, as the look-ahead asks)
    /// equal the scalar selector's on the whole-record features.
    @Test(arguments: [100.0, 360, 2000])
    func leadsShorterThanAFilterWindowMeasureAsTheScalarPath(fs: Double) {
        let (x, _) = SyntheticECG(samplingFrequency: fs, seconds: 4, heartRate: 90, noise: 0.2, seed: 21).make()
        let design = FeatureDesign(samplingFrequency: fs)
        let selector = CandidateSelector(design: design)
        var compared = 0
        for n in [1, 2, 7, 40, design.baselineLength + 3, Int(fs)] {
            // A stretch around the first QRS of the synthetic lead.
            let first = Swift.max(0, Swift.min(x.count - n, Int(0.3 * fs) - n / 2))
            let quantized = x[first..<(first + n)].map(FeatureDesign.quantize)
            var buffer = FeatureBuffer(design: design)
            let padded = quantized + [Int32](repeating: quantized[n - 1], count: selector.lookahead + 2)
            padded.withUnsafeBufferPointer { buffer.append($0) }
            quantized.map(Int16.init).withUnsafeBufferPointer { samples in
                CandidateMeasurer.with(design: design, locationHalfWidth: selector.locationHalfWidth,
                                       separationSpan: selector.separationSpan, samples: QuantizedLead(values: samples)) { measurer in
                    for i in 0..<(n + selector.lookahead) {
                        #expect(measurer.maximumSlope(peak: i) == selector.maximumSlope(peak: i, in: buffer), "n \(n) peak \(i)")
                        let window = measurer.locate(peak: i, recordLength: n)
                        let reference = selector.locate(peak: i, in: buffer, recordLength: n)
                        #expect(window.location == reference.location && window.amplitude == reference.amplitude,
                                "n \(n) peak \(i)")
                        let height = buffer.feature(i)
                        for end in [i + 2, Swift.min(i + selector.separationSpan, n - 1)] where end > i + 1 {
                            #expect(measurer.featureFalls(to: height / 2, after: (i, height), before: end)
                                    == ((i + 1..<end).map(buffer.feature).min()! <= height / 2))
                        }
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 100)
    }
}
