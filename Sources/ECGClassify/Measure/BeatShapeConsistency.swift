/// How alike the detector's beats on a strip are, and how fast they come:
/// "QRS complexes of one shape at a steady, not fast rate" is an organised
/// rhythm, never one to shock, however sine-like or wide each complex is
/// (a wide-complex rhythm at 110/min looks like coarse VF to the spectrum alone).
/// In VF the detector's marks fall on waves of changing shape, so few of them
/// match their median; correlation-waveform analysis of this kind is one of the
/// classic shock-advisory criteria (see Amann et al., BioMed Eng OnLine 2005;4:60).
struct BeatShapeConsistency: Sendable, Equatable {
    /// Fraction of beats whose shape correlates at least `matchCorrelation` with the median beat.
    var consistency: Double
    /// Rate of the detected beats from their median R-R, per minute (nil below four beats).
    var rate: Double?

    /// A beat matches the median beat at this correlation or above.
    static let matchCorrelation = 0.9
    /// The shape compared: 150 ms before the R peak to 250 ms after it, wide
    /// enough to hold a wide QRS and to span more than one cycle of VF.
    static let before = 0.15, after = 0.25

    static let none = BeatShapeConsistency(consistency: 0, rate: nil)

    /// `signal`: the strip with its baseline removed; `rPeaks`: sample indices of the detected beats.
    static func measure(_ signal: [Float], rPeaks: [Int], samplingFrequency fs: Double) -> BeatShapeConsistency {
        let pre = max(1, Int((before * fs).rounded())), post = max(1, Int((after * fs).rounded()))
        let peaks = rPeaks.sorted().filter { $0 - pre >= 0 && $0 + post < signal.count }
        guard peaks.count >= 4 else { return .none }
        let intervals = zip(peaks.dropFirst(), peaks).map { Double($0 - $1) / fs }
        let rate = SignalMath.median(intervals).map { $0 > 0 ? 60 / $0 : 0 }
        let length = pre + post + 1
        var template = [Float](repeating: 0, count: length)
        var column = [Float](repeating: 0, count: peaks.count)
        for k in 0..<length {
            for (j, p) in peaks.enumerated() { column[j] = signal[p - pre + k] }
            column.sort()
            let mid = column.count / 2
            template[k] = column.count % 2 == 1 ? column[mid] : (column[mid - 1] + column[mid]) / 2
        }
        let matching = peaks.filter { p in
            SignalMath.correlation(signal[(p - pre)...(p + post)], template[...]) >= matchCorrelation
        }.count
        return BeatShapeConsistency(consistency: Double(matching) / Double(peaks.count), rate: rate)
    }
}
