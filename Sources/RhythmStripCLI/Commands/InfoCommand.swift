import ArgumentParser
import ECGSignal
import Foundation

/// `rhythmstrip info RECORD`: what a WFDB record holds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a WFDB record: frequency, duration, leads and its annotation files.",
        discussion: """
            RECORD is named as WFDB tools name it: the path without extension \
            (../shared/data/mitdb/101); a path ending in .hea is accepted too. \
            Annotation files beside the header (NAME.atr, NAME.qrs, ...) are listed \
            with their counts per code and rhythm episodes.
            """
    )

    @Argument(help: "The record: DIR/NAME or DIR/NAME.hea.")
    var record: String

    @Flag(help: "Print machine-readable JSON instead of text.")
    var json = false

    func run() throws {
        let report = try InfoReport(recordPath: record)
        if json {
            print(try JSONOutput.text(report))
        } else {
            print(report.text, terminator: "")
        }
    }
}

/// Everything `info` reports about a record.
struct InfoReport: Codable {
    struct LeadInfo: Codable {
        var name: String
        var units: String
        var gain: Double
        var baseline: Int
        var adcResolution: Int
        var adcZero: Int
        var format: Int?
        var samplesPerFrame: Int?
    }

    struct CodeCount: Codable {
        var code: String
        var count: Int
    }

    struct Episode: Codable {
        var label: String
        var startSample: Int
        var startSeconds: Double
        var durationSeconds: Double
    }

    struct AnnotationFileInfo: Codable {
        var path: String
        var annotator: String
        var count: Int
        var beats: Int
        var timeResolution: Double?
        var counts: [CodeCount]
        var rhythmEpisodes: [Episode]
    }

    var record: String
    var path: String
    var samplingFrequency: Double
    var length: Int
    var durationSeconds: Double
    var segments: Int?
    var leads: [LeadInfo]
    var comments: [String]
    var annotationFiles: [AnnotationFileInfo]

    init(recordPath: String) throws {
        let header = try WFDB.readHeader(recordPath)
        let leadInfos: [LeadInfo]
        if header.isMultiSegment || header.length == nil {
            // The segments (or the signal files) decide the layout and length.
            let record = try WFDB.readRecord(recordPath)
            length = record.length
            samplingFrequency = record.samplingFrequency
            leadInfos = record.leads.map {
                LeadInfo(name: $0.name, units: $0.units, gain: $0.gain, baseline: Int($0.baseline),
                         adcResolution: $0.adcResolution, adcZero: Int($0.adcZero), format: nil, samplesPerFrame: nil)
            }
        } else {
            let perFrame = header.signals.first?.samplesPerFrame ?? 1
            length = (header.length ?? 0) * perFrame
            samplingFrequency = header.samplingFrequency * Double(perFrame)
            leadInfos = header.signals.map { signal in
                let lead = signal.lead
                return LeadInfo(name: lead.name, units: lead.units, gain: lead.gain, baseline: Int(lead.baseline),
                                adcResolution: lead.adcResolution, adcZero: Int(lead.adcZero),
                                format: signal.format.rawValue, samplesPerFrame: signal.samplesPerFrame)
            }
        }
        record = header.recordName
        path = WFDB.recordPath(recordPath)
        durationSeconds = samplingFrequency > 0 ? Double(length) / samplingFrequency : 0
        segments = header.segmentCount
        leads = leadInfos
        comments = header.comments
        let frequency = samplingFrequency
        let recordLength = length
        annotationFiles = try WFDB.annotationFiles(beside: recordPath).map { file in
            let annotations = try WFDB.readAnnotations(file)
            let resolution = try WFDB.readAnnotationFile(file).timeResolution
            var counts: [AnnotationCode: Int] = [:]
            for annotation in annotations { counts[annotation.code, default: 0] += 1 }
            let episodes = RhythmEpisode.episodes(in: annotations, recordLength: recordLength).map {
                Episode(label: $0.label, startSample: $0.start,
                        startSeconds: frequency > 0 ? Double($0.start) / frequency : 0,
                        durationSeconds: frequency > 0 ? Double($0.length) / frequency : 0)
            }
            return AnnotationFileInfo(
                path: file,
                annotator: URL(fileURLWithPath: file).pathExtension,
                count: annotations.count,
                beats: annotations.filter(\.code.isBeat).count,
                timeResolution: resolution,
                counts: counts.sorted { ($1.value, $0.key.rawValue) < ($0.value, $1.key.rawValue) }
                    .map { CodeCount(code: $0.key.mnemonic, count: $0.value) },
                rhythmEpisodes: episodes
            )
        }
    }

    /// The report as aligned text.
    var text: String {
        var lines: [String] = []
        lines.append("Record \(record)  (\(path))")
        lines.append("  Sampling frequency  \(Self.number(samplingFrequency)) Hz")
        lines.append("  Duration            \(Self.clock(durationSeconds))  (\(length) samples per lead)")
        if let segments { lines.append("  Segments            \(segments)") }
        lines.append("  Leads               \(leads.count)")
        let nameWidth = leads.map(\.name.count).max() ?? 0
        for (index, lead) in leads.enumerated() {
            var line = "    \(index)  \(lead.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0))"
            line += "  gain \(Self.number(lead.gain)) adu/\(lead.units)"
            if lead.gain == 0 { line += " (uncalibrated, 200 assumed)" }
            line += "  baseline \(lead.baseline)  ADC \(lead.adcResolution) bits, zero \(lead.adcZero)"
            if let format = lead.format { line += "  format \(format)" }
            if let perFrame = lead.samplesPerFrame, perFrame > 1 { line += "  \(perFrame) samples/frame" }
            lines.append(line)
        }
        if !comments.isEmpty {
            lines.append("  Comments")
            for comment in comments { lines.append("    \(comment)") }
        }
        if annotationFiles.isEmpty {
            lines.append("  Annotations         none found beside the header")
        }
        for file in annotationFiles {
            var title = "  Annotations \(URL(fileURLWithPath: file.path).lastPathComponent)  \(file.count) annotations, \(file.beats) beats"
            if let resolution = file.timeResolution { title += "  (time resolution \(Self.number(resolution)) Hz)" }
            lines.append(title)
            lines.append("    counts  " + file.counts.map { "\($0.code) \($0.count)" }.joined(separator: ", "))
            if !file.rhythmEpisodes.isEmpty {
                lines.append("    rhythm episodes (label, start, duration)")
                let width = file.rhythmEpisodes.map(\.label.count).max() ?? 0
                for episode in file.rhythmEpisodes {
                    lines.append("      \(episode.label.padding(toLength: width, withPad: " ", startingAt: 0))  \(Self.clock(episode.startSeconds))  \(Self.clock(episode.durationSeconds))")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `H:MM:SS.mmm` or `M:SS.mmm`.
    static func clock(_ seconds: Double) -> String {
        let milliseconds = Int((seconds * 1000).rounded())
        let hours = milliseconds / 3_600_000
        let minutes = milliseconds / 60_000 % 60
        let secs = milliseconds / 1000 % 60
        let millis = milliseconds % 1000
        let tail = String(format: "%02d.%03d", secs, millis)
        return hours > 0 ? String(format: "%d:%02d:", hours, minutes) + tail : "\(minutes):" + tail
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
