import Foundation

/// Reading and writing PhysioNet WFDB records and MIT annotation files.
///
/// A record is named as WFDB tools name it: `DIR/NAME` (or `DIR/NAME.hea`),
/// meaning the header `DIR/NAME.hea` and the signal files it lists.
///
/// Signals sampled at a multiple of the base frequency (`samples per frame`
/// above 1) are read at that higher rate when every signal of the record has
/// the same multiple; a record mixing rates is rejected with an error, since
/// an `ECGRecord` holds leads of one length.
public enum WFDB {
    /// The sample value WFDB uses for missing data (`WFDB_INVALID_SAMPLE`):
    /// null segments of multi-segment records and skewed signals past the
    /// end of their file read as this value.
    public static let invalidSample: Int32 = -32768

    // MARK: Records

    /// The record name as WFDB tools take it: `DIR/NAME` for `DIR/NAME` or `DIR/NAME.hea`.
    public static func recordPath(_ path: String) -> String {
        path.hasSuffix(".hea") ? String(path.dropLast(4)) : path
    }

    /// The records of a database folder, as WFDB tools list them: the names in
    /// its `RECORDS` file when there is one, otherwise every `NAME.hea`, sorted.
    public static func recordNames(in folder: String) throws -> [String] {
        let recordsFile = URL(fileURLWithPath: folder).appendingPathComponent("RECORDS").path
        if FileManager.default.fileExists(atPath: recordsFile) {
            let text = String(decoding: try FileAccess.read(recordsFile), as: UTF8.self)
            let names = text.split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            guard !names.isEmpty else { throw ECGSignalError(path: recordsFile, reason: "lists no records") }
            return names
        }
        let files: [String]
        do { files = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw ECGSignalError(path: folder, reason: "cannot list the folder (\(error.localizedDescription))")
        }
        let names = files.filter { $0.hasSuffix(".hea") }.map { String($0.dropLast(4)) }.sorted()
        guard !names.isEmpty else { throw ECGSignalError(path: folder, reason: "no RECORDS file and no .hea header") }
        return names
    }

    /// Reads a record: its header, signal files (checksums verified) or segments.
    public static func readRecord(_ recordPath: String) throws -> ECGRecord {
        try WFDBRecordReader.read(recordPath)
    }

    /// Reads the given leads of a record (signal numbers from 0, in the
    /// order given); every signal's checksum is still verified.
    ///
    /// Equal to `readRecord` with the other leads left out. Cheaper when a
    /// tool needs fewer leads than the record has: a two-signal format-212
    /// file (MIT-BIH) decodes the leads left out only to sum them, so the
    /// reader writes half the memory. A number that names no signal throws
    /// an error naming the header.
    public static func readRecord(_ recordPath: String, leads: [Int]) throws -> ECGRecord {
        try WFDBRecordReader.read(recordPath, leads: leads)
    }

    /// Reads and parses the header of a record.
    public static func readHeader(_ recordPath: String) throws -> WFDBHeader {
        try WFDBHeader(contentsOf: WFDBRecordReader.locate(recordPath).header)
    }

    /// Writes `NAME.hea` and `NAME.dat` for a record (`DIR/NAME`): all leads
    /// multiplexed in one signal file of the given format (212 or 16), with
    /// checksums and initial values. Both files appear complete or not at all.
    public static func writeRecord(_ record: ECGRecord, to recordPath: String, format: WFDBSignalFormat = .format16) throws {
        let (headerPath, folder, name) = WFDBRecordReader.locate(recordPath)
        let (header, data) = try encode(record, name: name, format: format, headerPath: headerPath)
        var files: [(path: String, data: Data)] = [(headerPath, Data(header.text.utf8))]
        if !record.leads.isEmpty { files.append((folder + "/" + name + ".dat", data)) }
        try FileAccess.writeAtomically(files)
    }

    /// The header and signal file bytes of a record named `name`.
    public static func encode(
        _ record: ECGRecord, name: String, format: WFDBSignalFormat = .format16
    ) throws -> (header: WFDBHeader, signalFile: Data) {
        try encode(record, name: name, format: format, headerPath: name + ".hea")
    }

    private static func encode(
        _ record: ECGRecord, name: String, format: WFDBSignalFormat, headerPath: String
    ) throws -> (header: WFDBHeader, signalFile: Data) {
        guard !name.isEmpty, name.allSatisfy({ !$0.isWhitespace && $0 != "/" && $0 != "#" }) else {
            throw ECGSignalError(path: headerPath, reason: "invalid record name '\(name)' (no spaces, slashes or '#')")
        }
        guard record.samplingFrequency.isFinite, record.samplingFrequency > 0 else {
            throw ECGSignalError(path: headerPath, reason: "invalid sampling frequency \(record.samplingFrequency)")
        }
        guard record.samples.count == record.leads.count else {
            throw ECGSignalError(path: headerPath, reason: "record has \(record.leads.count) leads but \(record.samples.count) sample arrays")
        }
        let fileName = name + ".dat"
        let data = try WFDBSignalEncoder.encode(record.samples, format: format, path: fileName)
        let signals = record.leads.enumerated().map { index, lead in
            let values = record.samples[index]
            return WFDBSignalSpecification(
                fileName: fileName,
                format: format,
                gain: lead.gain,
                baseline: Int(lead.baseline),
                units: sanitizedUnits(lead.units),
                // A format cannot hold more bits than it stores.
                adcResolution: min(lead.adcResolution, format == .format212 ? 12 : 16),
                adcZero: Int(lead.adcZero),
                initialValue: Int(values.first ?? lead.adcZero),
                checksum: WFDBSignalEncoder.checksum(values),
                blockSize: 0,
                description: sanitizedText(lead.name)
            )
        }
        let header = WFDBHeader(
            recordName: name,
            signalCount: record.leads.count,
            samplingFrequency: record.samplingFrequency,
            length: record.length > 0 ? record.length : nil,
            signals: signals,
            comments: record.comments.map(sanitizedText)
        )
        return (header, data)
    }

    private static func sanitizedUnits(_ units: String) -> String {
        let cleaned = String(units.map { $0.isWhitespace || $0.asciiValue.map { $0 < 32 } == true ? "_" : $0 })
        return cleaned.isEmpty ? "mV" : cleaned
    }

    private static func sanitizedText(_ text: String) -> String {
        String(text.map { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true ? " " : $0 })
    }

    /// Decodes the bytes of one signal file (`signalCount` multiplexed signals,
    /// one sample per frame) into one array per signal. Difference format 8
    /// yields the differences. For benchmarks and tools handling bytes directly.
    public static func decodeSignalFile(
        _ bytes: UnsafeRawBufferPointer, format: WFDBSignalFormat, signalCount: Int, frameCount: Int
    ) throws -> [[Int32]] {
        guard signalCount > 0 else { return [] }
        let (total, overflow) = frameCount.multipliedReportingOverflow(by: signalCount)
        guard frameCount >= 0, !overflow, let needed = format.byteCount(forSamples: total), needed <= bytes.count else {
            throw ECGSignalError(path: "<memory>", location: .byteOffset(bytes.count),
                                 reason: "\(bytes.count) bytes do not hold \(frameCount) frames of \(signalCount) signals in format \(format.rawValue)")
        }
        return WFDBRecordReader.withUninitializedArrays(count: signalCount, capacity: frameCount) { pointers in
            WFDBSignalDecoder.decode(
                bytes, format: format,
                slots: pointers.map { .init(destination: $0, samplesPerFrame: 1) },
                frameCount: frameCount
            )
        }
    }

    /// Decodes the bytes of one signal file into arrays the caller keeps and
    /// reuses, one per signal: the allocation-free form of
    /// `decodeSignalFile(_:format:signalCount:frameCount:)` for tools that
    /// decode many files of the same shape.
    ///
    /// `leads` is resized to `signalCount` arrays of `frameCount` samples;
    /// arrays that already have that size keep their storage, so a second call
    /// with the same shape allocates nothing. (A fresh 30-minute two-lead
    /// record needs 5 MB of new pages, and the kernel's zeroing of them costs
    /// more than decoding them; see `Benchmarks/Benchmarks/WFDBDecoding`.)
    public static func decodeSignalFile(
        _ bytes: UnsafeRawBufferPointer, format: WFDBSignalFormat, signalCount: Int, frameCount: Int,
        into leads: inout [[Int32]]
    ) throws {
        let (total, overflow) = frameCount.multipliedReportingOverflow(by: max(signalCount, 0))
        guard signalCount >= 0, frameCount >= 0, !overflow, let needed = format.byteCount(forSamples: total), needed <= bytes.count else {
            throw ECGSignalError(path: "<memory>", location: .byteOffset(bytes.count),
                                 reason: "\(bytes.count) bytes do not hold \(frameCount) frames of \(signalCount) signals in format \(format.rawValue)")
        }
        if leads.count > signalCount { leads.removeLast(leads.count - signalCount) }
        while leads.count < signalCount { leads.append([]) }
        for index in leads.indices where leads[index].count != frameCount {
            leads[index] = [Int32](repeating: 0, count: frameCount)
        }
        guard signalCount > 0, frameCount > 0 else { return }
        leads.withUnsafeMutableBufferPointer { arrays in
            // One nested buffer access per lead, so that every destination stays valid while decoding.
            func decode(_ index: Int, _ slots: [WFDBSignalDecoder.Slot]) {
                guard index < arrays.count else {
                    WFDBSignalDecoder.decode(bytes, format: format, slots: slots, frameCount: frameCount)
                    return
                }
                arrays[index].withUnsafeMutableBufferPointer { buffer in
                    decode(index + 1, slots + [.init(destination: buffer.baseAddress!, samplesPerFrame: 1)])
                }
            }
            decode(0, [])
        }
    }

    // MARK: Annotations

    /// Reads an MIT annotation file (e.g. `DIR/100.atr`).
    ///
    /// When the file declares a time resolution (a `## time resolution:` note)
    /// that differs from the frequency of the record beside it
    /// (`DIR/100.hea`), sample times are converted to the record's samples.
    /// Use `readAnnotationFile` for the times exactly as stored.
    public static func readAnnotations(_ path: String) throws -> [Annotation] {
        let file = try readAnnotationFile(path)
        guard let resolution = file.timeResolution else { return file.annotations }
        let url = URL(fileURLWithPath: path)
        let headerPath = url.deletingPathExtension().path + ".hea"
        guard FileManager.default.fileExists(atPath: headerPath),
              let header = try? WFDBHeader(contentsOf: headerPath) else { return file.annotations }
        let frequency = header.samplingFrequency * Double(header.signals.first?.samplesPerFrame ?? 1)
        guard frequency != resolution else { return file.annotations }
        let scale = frequency / resolution
        return file.annotations.map { annotation in
            var converted = annotation
            converted.sample = Int(exactly: (Double(annotation.sample) * scale).rounded()) ?? annotation.sample
            return converted
        }
    }

    /// Writes annotations (times in the record's samples) as an MIT annotation file.
    public static func writeAnnotations(_ annotations: [Annotation], to path: String) throws {
        try writeAnnotationFile(WFDBAnnotationFile(annotations: annotations), to: path)
    }

    /// Reads an MIT annotation file with its declared time resolution, times as stored.
    public static func readAnnotationFile(_ path: String) throws -> WFDBAnnotationFile {
        try MITAnnotationCodec.decode(FileAccess.read(path), path: path)
    }

    /// Writes an MIT annotation file, with a time-resolution note when it declares one.
    public static func writeAnnotationFile(_ file: WFDBAnnotationFile, to path: String) throws {
        try FileAccess.writeAtomically([(path, MITAnnotationCodec.encode(file, path: path))])
    }

    /// Parses the bytes of an MIT annotation file; `path` names it in errors.
    public static func decodeAnnotations(_ bytes: some Collection<UInt8>, path: String) throws -> WFDBAnnotationFile {
        try MITAnnotationCodec.decode(bytes, path: path)
    }

    /// The bytes of an MIT annotation file.
    public static func encodeAnnotations(_ file: WFDBAnnotationFile) throws -> Data {
        try MITAnnotationCodec.encode(file, path: "<memory>")
    }

    /// The annotation files of a record: files `NAME.EXT` beside the header
    /// that read as MIT annotation files (e.g. `atr`, `qrs`), sorted by path.
    public static func annotationFiles(beside recordPath: String) -> [String] {
        let (_, folder, name) = WFDBRecordReader.locate(recordPath)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        let excluded: Set<String> = ["hea", "dat", "csv", "txt", "md", "json", "png", "xyz", "edf", "mat", "tmp"]
        return entries.filter { entry in
            guard entry.hasPrefix(name + "."), !entry.hasPrefix(".") else { return false }
            let ext = String(entry.dropFirst(name.count + 1))
            return !ext.isEmpty && !ext.contains(".") && !excluded.contains(ext.lowercased())
        }
        .map { folder + "/" + $0 }
        .filter { (try? readAnnotationFile($0)) != nil }
        .sorted()
    }
}
