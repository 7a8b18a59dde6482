/// Sorts the beats of a whole record into shape families once, so that the
/// record tracker knows which beats are the patient's dominant (conducted)
/// beats and which are ectopic, without measuring each beat in detail.
///
/// Each beat is the high-passed QRS (50 ms before to 80 ms after the R peak)
/// of every lead, joined and scaled to unit length; beats join the first
/// family whose running template they match with a correlation of at least
/// 0.85, or start a new one (at most eight; beats like none of eight
/// families stay unmeasured). The largest family is the
/// dominant one. A smaller family whose beats come early (median prematurity
/// below 0.9 of the local R-R) is ectopic: premature ventricular beats, or
/// aberrantly conducted premature atrial beats. A smaller family that is not
/// premature (fusion, a second conducted shape, paced beats) counts as
/// normal for the R-R analysis.
struct BeatMorphology: Sendable {
    /// What a beat is, for the rhythm analysis.
    enum Kind: UInt8, Sendable {
        /// Dominant or non-premature shape: its R-R intervals are used.
        case normal
        /// Premature, of another shape and wider (by 20 ms or more) than the dominant beats: a premature ventricular beat.
        case ventricular
        /// Premature: another narrow shape, or the dominant shape arriving early.
        case supraventricular
        /// Too close to the record's ends to measure, like none of the families,
        /// or not steep enough to be a QRS complex (fibrillation waves, noise).
        case unmeasured
    }

    /// Family of each beat (-1: unmeasured).
    let family: [Int]
    let kinds: [Kind]
    /// The dominant family.
    let dominant: Int
    /// Estimated QRS width of each family, seconds.
    let familyWidths: [Double]
    /// Each family's slope envelope (absolute sample-to-sample slope summed over
    /// its beats and the leads), from 0.1 s before to 0.15 s after the R peak.
    let familySlopeEnvelopes: [[Float]]
    /// Index of the R peak in those envelopes.
    let slopeEnvelopeR: Int
    /// Beats in each family.
    let familySizes: [Int]
    /// R-R before each beat over the median of the ten around it (NaN at the ends).
    let prematurity: [Double]
    /// Beats of a non-ectopic family (dominant-shape early beats included):
    /// the R-R intervals between two of them measure the underlying rhythm.
    let conducted: [Bool]
    /// For each family: its beats come early (premature ventricular or supraventricular beats).
    let ectopicFamilies: [Bool]

    /// Correlation a beat needs with a family template to join it.
    static let joinCorrelation: Float = 0.85
    static let maximumFamilies = 8
    /// Steepest slope within 40 ms of the R peak over the mean slope 300-100 ms
    /// before it, below which a "beat" is not counted as a QRS complex.
    static let qrsSteepness: Float = 4
    /// A family whose beats come this much earlier than the local rhythm is ectopic.
    static let prematureFamily = 0.9
    /// A dominant-shape beat this early is a premature supraventricular beat
    /// (a PAC shortens the cycle by 20 % or more in the usual Holter rule).
    static let prematureBeat = 0.8

    init(leads: [[Float]], beats: [Int], samplingFrequency fs: Double) {
        let n = leads.first?.count ?? 0
        let pre = max(1, Int((0.05 * fs).rounded())), post = max(1, Int((0.08 * fs).rounded()))
        let length = (pre + post) * leads.count
        let average = max(3, Int((0.12 * fs).rounded()) | 1)
        // Prefix sums give the 120 ms moving average (the high-pass baseline) at
        // any sample: one row of n + 1 per lead, non-finite samples as 0.
        let leadCount = leads.count
        // Recordings rarely hold a non-finite sample: then the loops below skip the test.
        let allFinite = leads.allSatisfy { $0.count == n && SignalMath.allFinite($0) }
        let prefixes = [Double](unsafeUninitializedCapacity: leadCount * (n + 1)) { prefix, count in
            for (row, lead) in leads.enumerated() {
                lead.withUnsafeBufferPointer { lead in
                    let sums = prefix.baseAddress! + row * (n + 1)
                    var sum = 0.0
                    sums[0] = 0
                    if allFinite {
                        for i in 0..<n {
                            sum += Double(lead[i])
                            sums[i &+ 1] = sum
                        }
                    } else {
                        let available = min(n, lead.count)
                        for i in 0..<available {
                            let v = lead[i]
                            sum += v.isFinite ? Double(v) : 0
                            sums[i &+ 1] = sum
                        }
                        for i in available..<n { sums[i + 1] = sum }
                    }
                }
            }
            count = leadCount * (n + 1)
        }
        let widthPre = max(1, Int((0.1 * fs).rounded())), widthPost = max(1, Int((0.15 * fs).rounded()))
        let slopeLength = widthPre + widthPost
        // Family templates (interleaved in blocks of four, see below) and slope envelopes (one row each).
        var templates = [Float](repeating: 0, count: (Self.maximumFamilies + 3) / 4 * 4 * length)
        var familyCount = 0
        // Each template's energy, kept with it: it changes only when a beat joins.
        var templateEnergies: [Float] = []
        var sizes: [Int] = []
        var slopeSums = [Float](repeating: 0, count: Self.maximumFamilies * slopeLength)
        var family = [Int](repeating: -1, count: beats.count)
        var vector = [Float](repeating: 0, count: length)
        // Each beat's dot products with the templates (`familyCount` of them
        // written before they are read).
        var dots = [Float](repeating: 0, count: Self.maximumFamilies)
        prefixes.withUnsafeBufferPointer { prefixes in
        templates.withUnsafeMutableBufferPointer { templates in
        slopeSums.withUnsafeMutableBufferPointer { slopeSums in
        vector.withUnsafeMutableBufferPointer { vector in
        for (index, r) in beats.enumerated() {
            guard r - widthPre >= 0, r + widthPost + 1 < n else { continue }
            var k = 0
            for (row, lead) in leads.enumerated() {
                lead.withUnsafeBufferPointer { lead in
                    let prefix = prefixes.baseAddress! + row * (n + 1)
                    if allFinite && r - pre - average / 2 >= 0 && r + post + average / 2 <= n {
                        // The whole 120 ms window inside the record, every sample finite.
                        let divisor = Double(average)  // odd: average / 2 either side of i
                        for i in (r - pre)..<(r + post) {
                            let mean = (prefix[i &+ average / 2 &+ 1] - prefix[i &- average / 2]) / divisor
                            vector[k] = lead[i] - Float(mean)
                            k &+= 1
                        }
                    } else {
                        for i in (r - pre)..<(r + post) {
                            // The sample minus the 120 ms moving average around it.
                            let lo = max(0, i - average / 2), hi = min(n, i + average / 2 + 1)
                            let mean = (prefix[hi] - prefix[lo]) / Double(hi - lo)
                            let v = lead[i]
                            vector[k] = (v.isFinite ? v : 0) - Float(mean)
                            k += 1
                        }
                    }
                }
            }
            var mean: Float = 0
            for i in 0..<length { mean += vector[i] }
            mean /= Float(length)
            var norm: Float = 0
            for i in 0..<length { vector[i] -= mean; norm += vector[i] * vector[i] }
            guard norm > 0 else { continue }
            let scale = 1 / norm.squareRoot()
            for i in 0..<length { vector[i] *= scale }
            var best = -1
            var bestCorrelation: Float = -2
            // Dot products with the templates, four at a time (each summed in
            // order); templates are stored interleaved in blocks of four, so
            // that one load gives sample i of four templates.
            var block = 0
            while block * 4 < familyCount {
                let lanes = templates.baseAddress! + block * length * 4
                var da: Float = 0, db: Float = 0, dc: Float = 0, dd: Float = 0
                for i in 0..<length {
                    let v = vector[i], at = i &* 4
                    da += v * lanes[at]; db += v * lanes[at &+ 1]; dc += v * lanes[at &+ 2]; dd += v * lanes[at &+ 3]
                }
                dots[block * 4] = da; dots[block * 4 + 1] = db; dots[block * 4 + 2] = dc; dots[block * 4 + 3] = dd
                block += 1
            }
            for t in 0..<familyCount {
                let energy = templateEnergies[t]
                let correlation = energy > 0 ? dots[t] / energy.squareRoot() : -1
                if correlation > bestCorrelation { bestCorrelation = correlation; best = t }
            }
            if bestCorrelation >= Self.joinCorrelation {
                let template = templates.baseAddress! + (best / 4) * length * 4 + best % 4
                var energy: Float = 0
                for i in 0..<length {
                    let updated = 0.9 * template[i &* 4] + 0.1 * vector[i]
                    template[i &* 4] = updated
                    energy += updated * updated
                }
                templateEnergies[best] = energy
            } else if familyCount >= Self.maximumFamilies {
                // Like no family (noise, fibrillation waves): left unmeasured.
                continue
            } else {
                let template = templates.baseAddress! + (familyCount / 4) * length * 4 + familyCount % 4
                for i in 0..<length { template[i &* 4] = vector[i] }
                templateEnergies.append(Self.energy(UnsafeBufferPointer(vector)))
                sizes.append(0)
                best = familyCount
                familyCount += 1
            }
            family[index] = best
            sizes[best] += 1
            // Slope envelope of the family, summed over leads, for its QRS width.
            let slopeSum = slopeSums.baseAddress! + best * slopeLength
            for lead in leads {
                lead.withUnsafeBufferPointer { lead in
                    let from = lead.baseAddress! + (r - widthPre)
                    if allFinite {
                        for i in 0..<slopeLength { slopeSum[i] += abs(from[i &+ 1] - from[i]) }
                    } else {
                        for i in 0..<slopeLength {
                            let a = from[i], b = from[i + 1]
                            if a.isFinite && b.isFinite { slopeSum[i] += abs(b - a) }
                        }
                    }
                }
            }
        }
        }
        }
        }
        }
        // A QRS is far steeper than the baseline before it; the waves of
        // ventricular fibrillation (or noise) are not (a sine wave gives pi/2).
        let near = max(1, Int((0.04 * fs).rounded())), far = Int((0.3 * fs).rounded()), stop = Int((0.1 * fs).rounded())
        var qrsLike = [Bool](repeating: true, count: beats.count)
        for (index, r) in beats.enumerated() where r - far >= 1 && r + near + 1 < n {
            var best: Float = 0
            for lead in leads {
                lead.withUnsafeBufferPointer { lead in
                    var steepest: Float = 0, baseline: Float = 0
                    for i in (r - near)...(r + near) { let d = abs(lead[i + 1] - lead[i]); if d.isFinite && d > steepest { steepest = d } }
                    for i in (r - far)..<(r - stop) { let d = abs(lead[i + 1] - lead[i]); if d.isFinite { baseline += d } }
                    baseline /= Float(far - stop)
                    best = max(best, baseline > 0 ? steepest / baseline : (steepest > 0 ? .infinity : 0))
                }
            }
            qrsLike[index] = best >= Self.qrsSteepness
        }
        let envelopes = (0..<familyCount).map { f in Array(slopeSums[(f * slopeLength)..<((f + 1) * slopeLength)]) }
        let widths = envelopes.map { Self.width(ofSlopeEnvelope: $0, fs: fs) }
        let dominant = sizes.indices.max { sizes[$0] < sizes[$1] } ?? 0

        // Prematurity: each R-R against the median of the ten around it.
        var prematurity = [Double](repeating: .nan, count: beats.count)
        if beats.count >= 3 {
            var local: [Int] = []
            for i in 1..<(beats.count - 1) {
                let lo = max(1, i - 5), hi = min(beats.count - 1, i + 5)
                local.removeAll(keepingCapacity: true)
                for j in lo...hi { local.append(beats[j] - beats[j - 1]) }
                local.sort()
                let median = Double(local[local.count / 2])
                if median > 0 { prematurity[i] = Double(beats[i] - beats[i - 1]) / median }
            }
        }
        var ectopicFamily = [Bool](repeating: false, count: familyCount)
        for f in 0..<familyCount where f != dominant {
            let values = family.indices.filter { family[$0] == f && prematurity[$0].isFinite }.map { prematurity[$0] }.sorted()
            if !values.isEmpty, values[values.count / 2] < Self.prematureFamily { ectopicFamily[f] = true }
        }
        let dominantWidth = widths.indices.contains(dominant) ? widths[dominant] : 0.1
        var kinds = [Kind](repeating: .unmeasured, count: beats.count)
        for i in beats.indices {
            let f = family[i]
            guard f >= 0, qrsLike[i] else { continue }
            if ectopicFamily[f] {
                kinds[i] = widths[f] >= dominantWidth + 0.02 ? .ventricular : .supraventricular
            } else if f == dominant, prematurity[i] < Self.prematureBeat {
                kinds[i] = .supraventricular
            } else {
                kinds[i] = .normal
            }
        }
        self.family = family
        self.kinds = kinds
        self.dominant = dominant
        self.familyWidths = widths
        familySlopeEnvelopes = envelopes
        slopeEnvelopeR = widthPre
        self.familySizes = sizes
        self.prematurity = prematurity
        conducted = family.map { $0 >= 0 && !ectopicFamily[$0] }
        ectopicFamilies = ectopicFamily
    }

    /// Sum of squares, summed in order (the same value the correlation loop used to recompute).
    static func energy(_ values: UnsafeBufferPointer<Float>) -> Float {
        var energy: Float = 0
        for v in values { energy += v * v }
        return energy
    }

    /// QRS width from a family's summed slope envelope: QRS onset to QRS end,
    /// the earliest to the latest sample around the peak slope where the slope
    /// stands `onsetFraction` of its QRS range above the envelope's baseline
    /// (its `baselinePercentile`, the isoelectric PR and ST stretches).
    ///
    /// The slope falls to zero at every apex and nadir of the complex (the R
    /// peak, the S nadir), so dips shorter than `longestDip` do not end it:
    /// stopping at the first one measured only the R upstroke or downstroke
    /// (0.02-0.04 s, shorter than any real QRS) rather than the whole complex
    /// (the earliest onset to the latest offset, Kligfield et al., Circulation
    /// 2007;115:1306-24).
    static func width(ofSlopeEnvelope envelope: [Float], fs: Double) -> Double {
        guard let peak = envelope.indices.max(by: { envelope[$0] < envelope[$1] }), envelope[peak] > 0 else { return 0 }
        let sorted = envelope.sorted()
        let baseline = sorted[min(sorted.count - 1, Int(Double(sorted.count) * baselinePercentile))]
        let floor = baseline + (envelope[peak] - baseline) * onsetFraction
        let dip = max(1, Int((longestDip * fs).rounded()))
        var lo = peak, hi = peak, below = 0
        var i = peak - 1
        while i >= 0 {
            if envelope[i] >= floor { lo = i; below = 0 } else { below += 1; if below > dip { break } }
            i -= 1
        }
        below = 0
        i = peak + 1
        while i < envelope.count {
            if envelope[i] >= floor { hi = i; below = 0 } else { below += 1; if below > dip { break } }
            i += 1
        }
        return Double(hi - lo + 1) / fs
    }

    /// Share of the slope's QRS range above baseline that marks QRS onset and
    /// end: the 5 % onset threshold of the wavelet delineator of Martinez et al.
    /// (IEEE Trans Biomed Eng 2004;51:570-81). On MIT-BIH's dominant beats,
    /// 0.04-0.06 keeps every narrow record at 0.05-0.12 s, 109 (LBBB) at
    /// 0.16-0.17 s and 118 (RBBB) at 0.14 s; a quarter (the old value) measured
    /// 101 at 0.04 s and 109 at 0.10 s.
    static let onsetFraction: Float = 0.05
    /// Percentile of the slope envelope (100 ms before R to 150 ms after) taken
    /// as its baseline: the isoelectric PR and ST stretches fill well over a
    /// tenth of that window.
    static let baselinePercentile = 0.1

    /// QRS width of a paced family from its slope envelope, with the pacing
    /// spike's remnant (sharper and taller than any slope of the QRS) left out
    /// of the QRS's peak slope: the paced QRS starts at the stimulus, so it is
    /// measured from the spike to the latest sample after it where the slope is
    /// still a quarter of the QRS's peak slope. Dips below that shorter than `longestDip` do not end it: in a
    /// wide complex the slope falls at each apex and nadir (the earliest onset to
    /// the latest offset, Kligfield et al., Circulation 2007;115:1306-24).
    /// A complex still running at the envelope's end measures up to that end.
    static func pacedWidth(ofSlopeEnvelope envelope: [Float], spike: Int, fs: Double) -> Double? {
        let half = max(1, Int((spikeHalfWidth * fs).rounded()))
        let start = spike + half + 1
        guard spike >= 0, start < envelope.count else { return nil }
        let rest = envelope[start...]
        guard let peak = rest.max(), peak > 0 else { return nil }
        let floor = peak * 0.25
        let dip = max(1, Int((longestDip * fs).rounded()))
        var last = start, below = 0
        for i in start..<envelope.count {
            if envelope[i] >= floor { last = i; below = 0 } else { below += 1; if below > dip { break } }
        }
        return Double(last - spike + 1) / fs
    }

    /// Half the width of a pacing spike's remnant in the slope envelope (s): the
    /// impulse response of a 0.1-100 Hz recorder to a 0.5 ms pulse, a few samples.
    static let spikeHalfWidth = 0.008
    /// Longest dip of the slope inside one QRS (s): the flat apex of a notched
    /// R or the nadir of a broad S wave.
    static let longestDip = 0.04

    /// A family that is not ectopic.
    func conductedFamily(_ f: Int) -> Bool { ectopicFamilies.indices.contains(f) && !ectopicFamilies[f] }

    var dominantWidth: Double { familyWidths.indices.contains(dominant) ? familyWidths[dominant] : 0 }
}
