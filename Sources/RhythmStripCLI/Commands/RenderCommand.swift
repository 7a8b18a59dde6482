import ArgumentParser
import ECGRender
import ECGSignal
import Foundation
import RhythmLibrary

/// `rhythmstrip render`: a WFDB record on ECG paper at true scale, as a PNG.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a strip of a WFDB record on ECG paper at true scale (PNG).",
        discussion: """
            The paper has 1 mm and 5 mm squares at the exact scale for the given \
            resolution (stored in the PNG, so prints measure true), a 1 mV \
            calibration pulse at the start of each row, tick marks every 3 seconds \
            and the lead, speed and gain printed in the corner.

            Examples:
              rhythmstrip render data/mitdb/208 --start 10 --out strip.png
              rhythmstrip render data/mitdb/208 --rows 4 --seconds 10 --out page.png
              rhythmstrip render data/mitdb/208 --leads all --annotations atr --label --out key.png
              rhythmstrip render data/vfdb/422 --theme monitor --dpi 300 --out vf.png
            """
    )

    @Argument(help: "The record, as WFDB tools name it: DIR/NAME (the header is DIR/NAME.hea).")
    var record: String

    @Option(help: "Start of the strip, seconds from the start of the record.")
    var start: Double = 0

    @Option(help: "Seconds per row (default 6; 10 with --rows above 1).")
    var seconds: Double?

    @Option(help: "The lead: a name from the header (II, MLII, V1; II also finds MLII) or a signal number counted from 0 as WFDB tools do. Default: II or MLII when present, else signal 0.")
    var lead: String?

    @Option(help: "Rows of consecutive time (a full-page rhythm printout).")
    var rows: Int = 1

    @Option(help: "Stack several leads over the same time: 'all' or names/numbers separated by commas.")
    var leads: String?

    @Option(help: "Resolution in dots per inch (50-1200).")
    var dpi: Double = 200

    @Option(help: "Paper speed in mm/s (25; also 12.5 or 50).")
    var speed: Double = 25

    @Option(help: "Gain in mm/mV (10; also 5 or 20).")
    var gain: Double = 10

    @Option(help: "Colours: classic (pink paper), monitor (green on black) or bw (greys, for photocopies).")
    var theme: String = "classic"

    @Option(help: "Row height in millimetres (40: -1.5 to +2.5 mV at 10 mm/mV).")
    var rowHeight: Double?

    @Option(help: "Waves taller than their row: clip (cut at the row edge) or compress (squeeze them in).")
    var overflow: String = "clip"

    @Option(help: "Answer key: annotation file to mark beats and rhythm changes from: an annotator name such as 'atr' (RECORD.atr) or a path.")
    var annotations: String?

    @Flag(help: "Answer key: print the annotated rhythm in a footer and, when the rhythm does not change, the heart rate of the annotated beats.")
    var label = false

    @Option(help: "A title printed above the strip.")
    var title: String?

    @Option(help: "A strip number printed above the strip.")
    var stripNumber: Int?

    @Option(help: "The PNG file to write (written to a temporary name, then renamed).")
    var out: String

    func run() throws {
        guard let theme = Theme.named(theme) else {
            throw RenderCommandError("unknown theme '\(self.theme)'; use classic, monitor or bw")
        }
        guard let overflow = StripStyle.Overflow(rawValue: overflow) else {
            throw RenderCommandError("unknown overflow '\(self.overflow)'; use clip or compress")
        }
        guard (1...100).contains(rows) else { throw RenderCommandError("--rows must be 1 to 100, not \(rows)") }
        guard start.isFinite, start >= 0 else { throw RenderCommandError("--start must be 0 or more seconds, not \(start)") }
        if leads != nil, rows > 1 { throw RenderCommandError("--leads and --rows cannot be combined: pick stacked leads or consecutive rows") }
        if leads != nil, lead != nil { throw RenderCommandError("--lead and --leads cannot be combined: --leads already names the leads") }

        let record = try WFDB.readRecord(record)
        guard record.samplingFrequency > 0, !record.leads.isEmpty else {
            throw RenderCommandError("\(self.record): the record has no signals to draw")
        }
        guard start < record.duration else {
            throw RenderCommandError("\(self.record): --start \(start) s is past the end of the record (\(String(format: "%.1f", record.duration)) s)")
        }
        let rowSeconds = seconds ?? (rows > 1 ? 10 : 6)
        guard rowSeconds.isFinite, rowSeconds > 0, rowSeconds <= 600 else {
            throw RenderCommandError("--seconds must be above 0 and at most 600, not \(rowSeconds)")
        }

        var page: StripPage
        if let leads {
            let indices = try leads == "all" ? Array(record.leads.indices)
                : leads.split(separator: ",").map { try leadIndex(String($0), in: record) }
            page = .stacked(leads: indices, start: start, seconds: rowSeconds)
        } else {
            let index = try lead.map { try leadIndex($0, in: record) } ?? defaultLead(of: record)
            page = .continuous(lead: index, start: start, secondsPerRow: rowSeconds, rows: rows)
        }
        page.title = title
        page.stripNumber = stripNumber
        let end = start + rowSeconds * Double(page.rows.count == 1 || leads != nil ? 1 : page.rows.count)
        try addAnswerKey(to: &page, record: record, end: end)

        let style = StripStyle(
            speed: speed, gain: gain, dpi: dpi, theme: theme, overflow: overflow,
            rowHeight: rowHeight ?? 40)
        let image = try StripRenderer(style: style).render(page, record: record)
        try image.writePNG(to: URL(fileURLWithPath: out))
        let leadNames = Set(page.rows.map { record.leads[$0.lead].name }).sorted().joined(separator: ", ")
        print("wrote \(out): \(image.width)×\(image.height) px at \(Int(dpi)) DPI, \(page.rows.count) row(s) of \(rowSeconds) s of \(leadNames) from \(start) s")
        if end > record.duration {
            print("note: the record ends at \(String(format: "%.1f", record.duration)) s; the strip is blank after that")
        }
    }

    /// Beat marks, rhythm changes, the rhythm label and the heart rate from the annotation file.
    private func addAnswerKey(to page: inout StripPage, record: ECGRecord, end: Double) throws {
        let annotator = annotations ?? (label ? "atr" : nil)
        guard let annotator else { return }
        let path = annotator.contains("/") || annotator.hasSuffix(".atr") && FileManager.default.fileExists(atPath: annotator)
            ? annotator : "\(self.record).\(annotator)"
        guard FileManager.default.fileExists(atPath: path) else {
            throw RenderCommandError("\(path): no such annotation file (give --annotations atr or a path)")
        }
        let annotations = try WFDB.readAnnotations(path)
        let frequency = record.samplingFrequency
        let beats = BeatMark.beats(from: annotations, samplingFrequency: frequency)
        let changes = TimeNote.rhythmChanges(from: annotations, samplingFrequency: frequency)
        page.overlays.beats = beats.filter { $0.time >= start && $0.time < end }
        page.overlays.notes = changes.filter { $0.time >= start && $0.time < end }
        guard label else { return }
        let current = changes.last { $0.time <= start }?.text
        let later = page.overlays.notes.map(\.text).filter { $0 != current }
        let names = ([current].compactMap { $0 } + later).map(RhythmName.describe)
        page.overlays.rhythmLabel = names.isEmpty ? "Rhythm: not annotated" : "Rhythm: " + names.joined(separator: ", then ")
        // A heart rate only for one rhythm: a mean across a rhythm change would mislead.
        let times = page.overlays.beats.map(\.time)
        if later.isEmpty, times.count >= 2, let first = times.first, let last = times.last, last > first {
            page.heartRate = Int((60 * Double(times.count - 1) / (last - first)).rounded())
        }
    }

    private func leadIndex(_ text: String, in record: ECGRecord) throws -> Int {
        let wanted = text.trimmingCharacters(in: .whitespaces)
        if let index = record.leads.firstIndex(where: { $0.name.caseInsensitiveCompare(wanted) == .orderedSame }) {
            return index
        }
        if let number = Int(wanted), record.leads.indices.contains(number) { return number }
        // MIT-BIH names its modified limb leads MLII, MLIII: `--lead II` finds MLII.
        if let index = record.leads.firstIndex(where: { $0.name.caseInsensitiveCompare("ML" + wanted) == .orderedSame }) {
            return index
        }
        let available = record.leads.enumerated().map { "\($0.offset): \($0.element.name)" }.joined(separator: ", ")
        throw RenderCommandError("\(self.record): no lead '\(wanted)'; the record has \(available)")
    }

    private func defaultLead(of record: ECGRecord) -> Int {
        record.leads.firstIndex { ["II", "MLII"].contains($0.name.uppercased()) } ?? 0
    }
}

/// A message for the user, printed by ArgumentParser as `Error: ...`.
struct RenderCommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Readable names of the MIT-BIH rhythm annotation labels (aux text of `+` annotations).
enum RhythmName {
    /// From the MIT-BIH Arrhythmia and VFDB annotation documentation (PhysioNet).
    /// The raw labels stay visible on the strip, as notes where the rhythm changes.
    static let names: [String: String] = [
        "(AB": "atrial bigeminy", "(AFIB": "atrial fibrillation", "(AFL": "atrial flutter",
        "(ASYS": "asystole", "(B": "ventricular bigeminy", "(BI": "first-degree AV block",
        "(BII": "second-degree AV block", "(HGEA": "high-grade ventricular ectopic activity",
        "(IVR": "idioventricular rhythm", "(N": "sinus rhythm", "(NSR": "sinus rhythm",
        "(NOD": "nodal (junctional) rhythm", "(NOISE": "noise", "(P": "paced rhythm",
        "(PREX": "pre-excitation (WPW)", "(SBR": "sinus bradycardia", "(SVTA": "supraventricular tachyarrhythmia",
        "(T": "ventricular trigeminy", "(VER": "ventricular escape rhythm", "(VF": "ventricular fibrillation", "(VFIB": "ventricular fibrillation",
        "(VFL": "ventricular flutter", "(VT": "ventricular tachycardia",
    ]

    /// The MIT-BIH name of a label, else the rhythm library's name for `(ID` (the synthesizer's labels).
    static func describe(_ label: String) -> String {
        if let name = names[label] { return name }
        if label.hasPrefix("("), let definition = RhythmLibrary.builtIn.definition(named: String(label.dropFirst())) {
            return definition.name
        }
        return label
    }
}
