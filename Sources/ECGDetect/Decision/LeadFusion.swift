/// Combines the beats found on several leads into one beat list.
///
/// The first lead leads; each further lead is used in two ways.
/// - Confirmation in noise: a beat that only one lead has is judged by how
///   noisy each lead was there (the deciders' noise-to-signal ratios). A
///   first-lead beat the other lead lacks is dropped when the first lead was
///   noisy there (ratio above `noisy`) and the other lead's ratio was under
///   `cleaner` times it; an other-lead beat the first lead lacks is added when
///   the first lead was noisy there, the other lead clean (ratio below
///   `noisy`) and under `cleaner` times the first lead's ratio, and no kept
///   beat lies within `crowding`. (Both constants were set on the MIT-BIH
///   records and the noise stress test record 118; see the issue report.) Noise on one lead is
///   rarely coincident with noise on the other (Moody, Muldrow & Mark 1984, the
///   noise stress test adds independent noise to each lead), so the cleaner
///   lead decides where they disagree.
/// - Gap filling: a beat of the other lead is added where the first lead has a
///   gap, that is where the interval between the first lead's neighbouring
///   beats exceeds `gapFactor` times the median of its recent intervals, and
///   no kept beat lies within `coincidence`. This recovers beats lost to
///   electrode failure, saturation or low amplitude on the first lead.
struct LeadFusion {
    /// Beats of two leads closer than this are the same beat (the EC57 window).
    let coincidence: Int
    let gapFactor: Double
    /// A beat of a single lead this close to a kept beat is not added.
    let crowding: Int
    /// The noise-to-signal ratio above which a lead counts as noisy.
    let noisy: Float = 0.07
    /// How much cleaner (ratio of noise ratios) the deciding lead must be.
    let cleaner: Float = 0.7

    init(samplingFrequency: Double) {
        coincidence = Int((0.15 * samplingFrequency).rounded())
        crowding = Int((0.25 * samplingFrequency).rounded())
        gapFactor = 2.2
    }

    /// The fused beats of several leads, the first one leading.
    func fuse(_ leads: [LeadBeats]) -> [Int] {
        guard var result = leads.first else { return [] }
        for other in leads.dropFirst() {
            result = confirm(result, with: other)
            result = fillGaps(result, from: other)
        }
        return result.beats
    }

    /// Index in `beats` (sorted) of the beat nearest to `t`, nil when empty.
    private func nearest(_ beats: [Int], to t: Int) -> Int? {
        guard !beats.isEmpty else { return nil }
        var low = 0, high = beats.count
        while low < high {
            let mid = (low + high) / 2
            if beats[mid] < t { low = mid + 1 } else { high = mid }
        }
        if low == 0 { return 0 }
        if low == beats.count { return beats.count - 1 }
        return t - beats[low - 1] < beats[low] - t ? low - 1 : low
    }

    private func hasPartner(_ t: Int, in beats: [Int]) -> Bool {
        guard let k = nearest(beats, to: t) else { return false }
        return abs(beats[k] - t) <= coincidence
    }

    /// Settles the beats that only one of the two leads has (see the type).
    func confirm(_ primary: LeadBeats, with other: LeadBeats) -> LeadBeats {
        guard !primary.beats.isEmpty, !other.beats.isEmpty else {
            return primary.beats.isEmpty ? other : primary
        }
        var kept = LeadBeats(beats: [], noiseRatios: [])
        for (t, ratio) in zip(primary.beats, primary.noiseRatios) {
            if !hasPartner(t, in: other.beats), ratio > noisy,
               let k = nearest(other.beats, to: t), other.noiseRatios[k] < cleaner * ratio {
                continue
            }
            kept.beats.append(t)
            kept.noiseRatios.append(ratio)
        }
        var added: [(beat: Int, ratio: Float)] = []
        for (t, ratio) in zip(other.beats, other.noiseRatios) where ratio < noisy {
            guard !hasPartner(t, in: primary.beats),
                  let k = nearest(primary.beats, to: t), primary.noiseRatios[k] > noisy,
                  ratio < cleaner * primary.noiseRatios[k]
            else { continue }
            if let j = nearest(kept.beats, to: t), abs(kept.beats[j] - t) < crowding { continue }
            added.append((t, ratio))
        }
        return merge(kept, added)
    }

    /// Adds the other lead's beats inside the primary lead's gaps (see the type).
    func fillGaps(_ primary: LeadBeats, from other: LeadBeats) -> LeadBeats {
        let base = primary.beats
        guard base.count >= 3 else {
            return other.beats.count > base.count ? other : primary
        }
        var added: [(beat: Int, ratio: Float)] = []
        var j = 0
        var recent: [Int] = []
        recent.reserveCapacity(9)
        // The sorted copy of `recent`, reused: no allocation per beat.
        var sorted: [Int] = []
        sorted.reserveCapacity(9)
        for i in 1..<base.count {
            let interval = base[i] - base[i - 1]
            var median = interval
            if !recent.isEmpty {
                sorted.removeAll(keepingCapacity: true)
                sorted.append(contentsOf: recent)
                sorted.sort()
                median = sorted[sorted.count / 2]
            }
            if Double(interval) > gapFactor * Double(median) {
                while j < other.beats.count && other.beats[j] <= base[i - 1] + coincidence { j += 1 }
                while j < other.beats.count && other.beats[j] < base[i] - coincidence {
                    let beat = other.beats[j]
                    if added.last.map({ beat - $0.beat > coincidence }) ?? true {
                        added.append((beat, other.noiseRatios[j]))
                    }
                    j += 1
                }
            } else {
                recent.append(interval)
                if recent.count > 8 { recent.removeFirst() }
            }
        }
        return merge(primary, added)
    }

    /// `beats` and `added` in one sorted list.
    private func merge(_ beats: LeadBeats, _ added: [(beat: Int, ratio: Float)]) -> LeadBeats {
        guard !added.isEmpty else { return beats }
        var pairs = zip(beats.beats, beats.noiseRatios).map { (beat: $0, ratio: $1) } + added
        pairs.sort { $0.beat < $1.beat }
        return LeadBeats(beats: pairs.map(\.beat), noiseRatios: pairs.map(\.ratio))
    }
}
