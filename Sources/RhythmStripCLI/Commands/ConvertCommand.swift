import ArgumentParser
import ECGSignal
import Foundation

/// `rhythmstrip convert`: WFDB records to CSV and back.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a WFDB record to CSV, or a CSV file to a WFDB record.",
        discussion: """
            Examples:
              rhythmstrip convert ../shared/data/mitdb/101 --to csv --out 101.csv --physical
              rhythmstrip convert 101.csv --to wfdb --out out/101 --format 212

            CSV files have one column per lead, optionally a first column named \
            "time" (seconds, or "time (ms)"), and optionally a header row naming the \
            leads with units ("MLII (mV)"). Lead columns with units hold physical \
            values; columns of integers without units hold digital samples. \
            --annotations copies an MIT annotation file along: beside a WFDB output \
            as OUT.EXT, beside a CSV output as OUT.annotations.csv. Output files are \
            written all-or-nothing.
            """
    )

    enum Target: String, ExpressibleByArgument, CaseIterable {
        case csv, wfdb
    }

    @Argument(help: "The input: a WFDB record (DIR/NAME or DIR/NAME.hea) or a .csv file.")
    var input: String

    @Option(help: "The output kind: csv or wfdb.")
    var to: Target

    @Option(help: "The output: FILE.csv, or DIR/NAME for a WFDB record.")
    var out: String

    @Flag(help: "CSV output: physical values in each lead's units instead of digital samples.")
    var physical = false

    @Option(help: "CSV input: the sampling frequency in Hz (when there is no time column).")
    var fs: Double?

    @Option(help: "CSV input: ADC units per millivolt (quantises physical columns; the gain given to digital ones).")
    var gain: Double = 200

    @Option(help: "WFDB output: the signal format, 16 or 212.")
    var format: Int = 16

    @Option(help: "An MIT annotation file (e.g. DIR/100.atr) to copy along.")
    var annotations: String?

    @Flag(help: "CSV output: leave out the time column.")
    var noTime = false

    func validate() throws {
        if let fs, !(fs.isFinite && fs > 0) { throw ValidationError("--fs must be a positive number of hertz") }
        guard format == 16 || format == 212 else { throw ValidationError("--format must be 16 or 212") }
        guard gain.isFinite, gain > 0 else { throw ValidationError("--gain must be positive") }
    }

    func run() throws {
        let record: ECGRecord
        if input.lowercased().hasSuffix(".csv") {
            record = try CSVRecord.read(input, samplingFrequency: fs, gain: gain)
        } else {
            if fs != nil { throw ValidationError("--fs applies to CSV input only; a WFDB header gives the frequency") }
            record = try WFDB.readRecord(input)
        }
        let annotationFile = try annotations.map { try WFDB.readAnnotationFile($0) }

        var files: [(path: String, data: Data)] = []
        switch to {
        case .csv:
            files.append((out, CSVRecord.encode(record, physical: physical, timeColumn: !noTime)))
            if let annotationFile {
                let base = out.lowercased().hasSuffix(".csv") ? String(out.dropLast(4)) : out
                files.append((base + ".annotations.csv", annotationCSV(annotationFile, frequency: record.samplingFrequency)))
            }
        case .wfdb:
            let path = WFDB.recordPath(out)
            let name = URL(fileURLWithPath: path).lastPathComponent
            let signalFormat: WFDBSignalFormat = format == 212 ? .format212 : .format16
            var renamed = record
            renamed.name = name
            let (header, data) = try WFDB.encode(renamed, name: name, format: signalFormat)
            files.append((path + ".hea", Data(header.text.utf8)))
            if !record.leads.isEmpty { files.append((path + ".dat", data)) }
            if let annotationFile, let source = annotations {
                let annotator = URL(fileURLWithPath: source).pathExtension
                files.append((path + "." + (annotator.isEmpty ? "atr" : annotator), try WFDB.encodeAnnotations(annotationFile)))
            }
        }
        try AtomicFileWriter.write(files)
        for file in files { print("wrote \(file.path)") }
    }

    /// Annotations as CSV: time, sample, code and the other fields.
    private func annotationCSV(_ file: WFDBAnnotationFile, frequency: Double) -> Data {
        let resolution = file.timeResolution ?? frequency
        var text = "time (s),sample,code,subtype,channel,num,aux\n"
        for annotation in file.annotations {
            let time = resolution > 0 ? Double(annotation.sample) / resolution : 0
            text += String(format: "%.6f", time)
                + ",\(annotation.sample),\(csvField(annotation.code.mnemonic)),\(annotation.subtype),\(annotation.channel),\(annotation.num),\(csvField(annotation.auxText ?? ""))\n"
        }
        return Data(text.utf8)
    }
}

/// A CSV field, quoted when it holds a comma, quote or line break.
private func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
