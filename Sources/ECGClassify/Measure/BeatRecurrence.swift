/// How often the detector's beats on a strip recur in the same shape, and how
/// fast they come. Complexes that recur (the sinus beats of a rhythm, unifocal
/// PVCs among them) at a rate below 150/min make an organised rhythm, never one
/// to shock, however wide and sine-like each complex is: a wide-complex rhythm
/// at 110/min (vfdb 418) looks like coarse VF to the spectrum alone. In VF the
/// detector's marks fall on waves of ever-changing shape, so few of them have a
/// near-identical partner. Correlation waveform analysis of this kind is one of
/// the classic shock-advisory criteria (see Amann et al., BioMed Eng OnLine 2005;4:60).
struct BeatRecurrence: Sendable, Equatable {
    /// Fraction of beats with at least `partners` other beats of near-identical
    /// shape (correlation >= `matchCorrelation`).
    var recurrence: Double
    /// Rate of the detected beats from their median R-R, per minute (nil below four beats).
    var rate: Double?

    /// Near-identical shapes: the same complex again, not merely a similar wave.
    static let matchCorrelation = 0.95
    /// A beat recurs when this many other beats share its shape (a chance pair does not count).
    static let partners = 2
    /// The shape compared: 150 ms before the R peak to 250 ms after it, wide
    /// enough to hold a wide QRS and to span more than one cycle of VF.
    static let before = 0.15, after = 0.25

    static let none = BeatRecurrence(recurrence: 0, rate: nil)

    /// `signal`: the strip with its baseline removed; `rPeaks`: sample indices of the detected beats.
    static func measure(_ signal: [Float], rPeaks: [Int], samplingFrequency fs: Double) -> BeatRecurrence {
        let pre = max(1, Int((before * fs).rounded())), post = max(1, Int((after * fs).rounded()))
        let peaks = rPeaks.sorted().filter { $0 - pre >= 0 && $0 + post < signal.count }
        guard peaks.count >= 4 else { return .none }
        let intervals = zip(peaks.dropFirst(), peaks).map { Double($0 - $1) / fs }
        let rate = SignalMath.median(intervals).map { $0 > 0 ? 60 / $0 : 0 }
        // Each shape centred once, then compared with every other.
        let shapes = peaks.map { CenteredShape(signal[($0 - pre)...($0 + post)]) }
        var alike = [Int](repeating: 0, count: shapes.count)
        for i in shapes.indices {
            for j in (i + 1)..<shapes.count where shapes[i].correlation(shapes[j]) >= matchCorrelation {
                alike[i] += 1
                alike[j] += 1
            }
        }
        let recurring = alike.filter { $0 >= partners }.count
        return BeatRecurrence(recurrence: Double(recurring) / Double(peaks.count), rate: rate)
    }
}
