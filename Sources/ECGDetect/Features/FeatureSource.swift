/// Random access to the feature-stage outputs around a candidate.
protocol FeatureSource {
    /// The integrated feature `m` at an absolute sample index.
    func feature(_ index: Int) -> Int32
    /// The band-limited slope magnitude `a`.
    func slope(_ index: Int) -> Int32
    /// The box-filtered signal `s`.
    func smoothed(_ index: Int) -> Int32
    /// The quantised input `x`, clamped to the samples held.
    func sample(_ index: Int) -> Int32
}

extension FeatureBuffer: FeatureSource {}
