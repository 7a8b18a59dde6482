import ECGDetect
import ECGSignal
import Foundation

/// Cuts the records of the Malignant Ventricular Ectopy Database into
/// windows that lie inside one reference rhythm label and asks the
/// classifier whether each is shockable.
public struct ShockableEvaluation: Sendable {
    public var folder: String
    public var windowSeconds: Double
    public var lead: Int
    /// Only these records (all annotated records of the folder when nil).
    public var records: [String]?
    /// Write one tab-separated line per window (record, start, label, name, shock, features) to standard error.
    public var trace: Bool

    public init(folder: String, windowSeconds: Double = 8, lead: Int = 0, records: [String]? = nil, trace: Bool = false) {
        self.trace = trace
        self.folder = folder
        self.windowSeconds = windowSeconds
        self.lead = lead
        self.records = records
    }

    /// Library ids a defibrillator would shock.
    public static func isShockable(_ classification: StripClassification) -> Bool {
        guard let id = classification.rhythmID else { return false }
        switch id {
        case "vf-coarse", "vf-fine", "torsades": return true
        case "vt-mono": return (classification.measurements.ventricularRate ?? 0) > 150
        default: return false
        }
    }

    public func run(classifier: RhythmClassifier) throws -> ShockableReport {
        var report = ShockableReport(windowSeconds: windowSeconds)
        for name in try records ?? MITBIHAtrialFibrillationEvaluation.recordNames(in: folder) {
            let path = (folder as NSString).appendingPathComponent(name)
            let record = try WFDB.readRecord(path)
            let annotations = try WFDB.readAnnotations(path + ".atr")
            let fs = record.samplingFrequency
            let signal = record.millivolts(lead: min(lead, record.leads.count - 1))
            let peaks = try RPeakDetector(samplingFrequency: fs).detect(signal)
            // Reference labels as (start sample, label).
            let changes = annotations.filter { $0.code == .rhythmChange }
                .map { ($0.sample, ($0.auxText ?? "").trimmingCharacters(in: .init(charactersIn: "\0 "))) }
            let length = Int(windowSeconds * fs)
            for (index, change) in changes.enumerated() {
                let end = index + 1 < changes.count ? changes[index + 1].0 : signal.count
                var start = change.0
                while start + length <= end {
                    let slice = Array(signal[start..<(start + length)])
                    let lo = peaks.partitionIndex { $0 >= start }, hi = peaks.partitionIndex { $0 >= start + length }
                    let local = peaks[lo..<hi].map { $0 - start }
                    // The analysis is kept for the trace line: each window is analysed once.
                    let (result, analysis) = classifier.analyzeAndClassifyStrip(slice, samplingFrequency: fs, rPeaks: local)
                    let shock = Self.isShockable(result)
                    let category: Int
                    switch change.1 {
                    // vfdb writes VF as both (VF and (VFIB, and sinus rhythm as both (N and (NSR.
                    case "(VF", "(VFIB", "(VFL": category = 0
                    case "(VT":
                        let rate = local.count >= 2 ? 60 * Double(local.count - 1) / (Double(local.last! - local.first!) / fs) : 0
                        category = rate > 150 ? 1 : 2
                    case "(N", "(NSR": category = 3
                    case "(ASYS": category = 5
                    case "(NOISE": category = 6
                    default: category = 4
                    }
                    if trace { Self.traceLine(record: name, start: Double(start) / fs, label: change.1, result: result, shock: shock,
                                              analysis: analysis) }
                    report.add(category: category, shockable: shock, label: change.1, named: result.rhythmID ?? RhythmClassifier.indeterminateLabel)
                    start += length
                }
            }
        }
        return report
    }
}

extension ShockableEvaluation {
    static func traceLine(record: String, start: Double, label: String, result: StripClassification, shock: Bool, analysis: StripAnalysis) {
        let m = analysis.measurements, a = m.arrest
        let fields: [String] = [
            record, String(format: "%.0f", start), label, result.rhythmID ?? RhythmClassifier.indeterminateLabel, shock ? "SHOCK" : "-",
            String(format: "rate=%.0f", m.ventricularRate ?? 0), "beats=\(m.beatCount)",
            String(format: "cv=%.2f", m.rr?.coefficientOfVariation ?? -1),
            String(format: "p2p=%.2f", a.peakToPeak), String(format: "df=%.2f", a.dominantFrequency),
            String(format: "conc=%.2f", a.spectralConcentration), String(format: "steep=%.3f", a.steepFraction),
            String(format: "iso=%.2f", a.isoelectricFraction), String(format: "mod=%.2f", a.amplitudeModulation),
            String(format: "band=%.3f", a.bandRMS), String(format: "wave=%.2f", a.waveSize),
            String(format: "qrs=%.3f", m.qrsWidth ?? 0), String(format: "dom=%.2f", analysis.dominantFraction),
            "clusters=\(analysis.clusterCount)", String(format: "recur=%.2f", a.beatRecurrence),
            String(format: "brate=%.0f", a.detectedBeatRate ?? 0), String(format: "leak=%.2f", a.vfFilterLeakage), String(format: "crate=%.0f", a.cycleRate ?? 0),
        ]
        FileHandle.standardError.write(Data((fields.joined(separator: "\t") + "\n").utf8))
    }
}

extension Array where Element == Int {
    /// First index whose element satisfies `predicate` (the array being sorted so that it is monotone).
    func partitionIndex(where predicate: (Int) -> Bool) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if predicate(self[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
