/// Where the rhythm expects the next beat, for the decisions on noisy
/// stretches (`BeatDecider`).
///
/// On a noisy stretch the heights of the candidates say little (noise adds
/// to each, and noise peaks can be as high as the QRS), while a regular
/// rhythm still says where the next QRS lies. Three rules use this, each
/// only where the noise-to-signal ratio is over `restoredNoiseLimit` and
/// after two intervals:
///
/// - a candidate one regular interval after the last beat needs only half
///   the threshold: Pan & Tompkins' (1985) second threshold, with which they
///   search back for a beat missed in a regular interval;
/// - a peak within the refractory period of a beat off the rhythm, itself
///   on the rhythm, replaces the beat whatever their heights (elsewhere only
///   a larger peak does), when at least half the intervals are on the
///   rhythm (`isRegular`; without it, one more VF window of the vfdb
///   records loses its shockable call). The converse, keeping a beat on
///   the rhythm against a larger peak off it, gained 0.2 points of F1 on
///   the noise stress test at 6 dB but lost a synthetic SVT strip at 6 dB:
///   left out;
/// - a restored hump (`PeakCandidate.restored`) on the rhythm is decided
///   like any candidate instead of being counted as noise, when at least
///   half the intervals are on the rhythm (`isRegular`; without that test
///   it lost a synthetic torsades strip at 24 dB).
///
/// The expected interval is the median of the last eight intervals: a noise
/// peak taken for a beat splits an interval in two and pulls a mean down,
/// the median only when it has split half of them (Pan & Tompkins' second
/// average, over the intervals within the regular band of itself, does the
/// same). An interval is on the rhythm within Pan & Tompkins' regular band,
/// 92 % to 116 % of it.
///
/// Sensitivity (noise stress test 118e06, first lead, F1 92.92 %): half
/// the threshold taken as 0.4 or 0.6 of it gives 92.92 or 92.96 % (0.6
/// loses a MIT-BIH beat and 0.02 points at -6 dB); measured with the
/// earlier form of the rules (a running mean of the regular intervals in
/// place of the median), a band of 88-112 % gave 0.05 points more at 6 dB,
/// one of 85-116 % 0.2 more at 6 dB but 3 more false beats at 12 dB.
enum RhythmFit {
    /// The band, as fractions of the average interval, inside which an
    /// interval counts as regular: 92 % to 116 %, the RR low and high limits
    /// of Pan & Tompkins (1985). A beat that splits such an interval into
    /// two on a noisy stretch is tested as noise (`BeatDecider`'s
    /// `splitsRegularInterval`).
    /// Sensitivity (noise stress test 118e12, first lead, F1 98.89 % before):
    /// 95–110 % gives 99.11 %, 92–116 % 99.19 %, 80–120 % 99.28 % (and MIT-BIH
    /// 203 one beat less); noise gate 0.08 or 0.12 instead of 0.1: 99.26 %,
    /// 99.15 %; three regular intervals instead of two: 99.19 %.
    static let regularLow = 92, regularHigh = 116

    /// The median (the upper one of an even count) of the last eight of
    /// `intervals` (the decider keeps eight); nil when there are none.
    static func expectedInterval<Intervals: RandomAccessCollection<Int>>(_ intervals: Intervals) -> Int?
    where Intervals.Index == Int {
        let count = Swift.min(intervals.count, 8)
        guard count > 0 else { return nil }
        let first = intervals.endIndex - count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 8) { sorted in
            UpperMedian.of(count: count, sortingInto: sorted) { intervals[first + $0] }
        }
    }

    /// Whether at least half of `intervals` are regular intervals of the
    /// rhythm whose expected interval is `expected`: a regular rhythm, on
    /// which the median is the interval of most beats, even with noise
    /// peaks splitting some. (Sensitivity, noise stress test 118e06 first
    /// lead: 40 % to 75 % give F1 92.89 to 92.92 %.)
    static func isRegular<Intervals: RandomAccessCollection<Int>>(_ intervals: Intervals, expected: Int) -> Bool {
        var regular = 0
        for interval in intervals where fits(interval, expected: expected) { regular += 1 }
        return regular * 2 >= intervals.count
    }

    /// Whether `interval` is one regular interval of the rhythm whose
    /// expected interval is `expected` (92 % to 116 % of it).
    static func fits(_ interval: Int, expected: Int) -> Bool {
        interval * 100 >= expected * regularLow && interval * 100 <= expected * regularHigh
    }
}
