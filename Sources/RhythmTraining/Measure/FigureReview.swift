import RhythmLibrary

/// Measured figures that fall outside the rhythm's documented criteria: the
/// strips an instructor should look at before class (a mismeasurement, or a
/// strip at the edge of its rhythm's range).
enum FigureReview {
    /// Tolerance beyond the documented ranges, as read off paper: half a small
    /// square (0.02 s) for intervals, 10 % for rates.
    static let intervalTolerance = 0.02
    static let rateTolerance = 0.10

    static func notes(for figures: StripFigures, rhythm: RhythmDefinition) -> [String] {
        var notes: [String] = []
        let criteria = rhythm.criteria
        if let range = criteria.rate.ventricular, let rate = figures.rate {
            let low = range.lowerBound * (1 - rateTolerance), high = range.upperBound * (1 + rateTolerance)
            if Double(rate) < low || Double(rate) > high {
                notes.append("measured rate \(rate)/min is outside the documented \(ValueRange.format(range.lowerBound))-\(ValueRange.format(range.upperBound))/min")
            }
        }
        if let range = criteria.qrs.seconds {
            if let qrs = figures.qrs {
                if qrs < range.lowerBound - intervalTolerance || qrs > range.upperBound + intervalTolerance {
                    notes.append("measured QRS \(StripFigures.seconds(qrs)) is outside the documented \(ValueRange.format(range.lowerBound))-\(ValueRange.format(range.upperBound)) s")
                }
            } else if figures.rate != nil {
                notes.append("QRS width not measured")
            }
        }
        if let range = criteria.prInterval.seconds, let pr = figures.pr,
           pr < range.lowerBound - intervalTolerance || pr > range.upperBound + intervalTolerance {
            notes.append("measured PR \(StripFigures.seconds(pr)) is outside the documented \(ValueRange.format(range.lowerBound))-\(ValueRange.format(range.upperBound)) s")
        }
        return notes
    }
}
