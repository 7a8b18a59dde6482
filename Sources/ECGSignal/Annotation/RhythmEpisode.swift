/// A stretch of one rhythm, from a rhythm-change annotation (`+` with aux
/// text such as `(AFIB`) to the next rhythm change or the end of the record.
public struct RhythmEpisode: Sendable, Hashable, Codable {
    /// The label as annotated, e.g. `(AFIB`.
    public var label: String
    /// The first sample of the episode.
    public var start: Int
    /// The sample after the last one of the episode.
    public var end: Int

    public init(label: String, start: Int, end: Int) {
        self.label = label
        self.start = start
        self.end = end
    }

    /// The rhythm name without the leading parenthesis, e.g. `AFIB`.
    public var rhythm: String { label.hasPrefix("(") ? String(label.dropFirst()) : label }

    /// The number of samples in the episode.
    public var length: Int { end - start }

    /// The rhythm episodes of an annotation list, in time order. Episodes
    /// end at the next rhythm change or at `recordLength` (at the last
    /// annotation when the length is unknown).
    public static func episodes(in annotations: [Annotation], recordLength: Int? = nil) -> [RhythmEpisode] {
        let changes = annotations.enumerated()
            .filter { $0.element.code == .rhythmChange && $0.element.auxText != nil }
            .sorted { ($0.element.sample, $0.offset) < ($1.element.sample, $1.offset) }
            .map(\.element)
        let last = max(recordLength ?? 0, annotations.map(\.sample).max() ?? 0)
        return changes.enumerated().map { index, change in
            let end = index + 1 < changes.count ? changes[index + 1].sample : last
            return RhythmEpisode(label: change.auxText ?? "", start: change.sample, end: max(end, change.sample))
        }
    }
}
