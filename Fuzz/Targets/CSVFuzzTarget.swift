// libFuzzer target: CSV import, and re-import of what it exports.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // The first byte chooses whether a sampling frequency is given.
    guard let first = bytes.first else { return 0 }
    let frequency: Double? = first & 1 == 0 ? nil : Double(first)
    guard let record = try? CSVRecord.parse(UnsafeBufferPointer(rebasing: bytes.dropFirst()), path: "f.csv", samplingFrequency: frequency) else {
        return 0
    }
    if record.samples.contains(where: { $0.count != record.length }) { fatalError("leads of different lengths") }
    // Digital samples written without a time column read back the same.
    let csv = CSVRecord.encode(record, timeColumn: false)
    guard let again = try? CSVRecord.parse(csv, path: "again.csv", samplingFrequency: record.samplingFrequency > 0 ? record.samplingFrequency : 1) else {
        fatalError("exported CSV does not import:\n\(String(decoding: csv, as: UTF8.self))")
    }
    if again.samples != record.samples { fatalError("samples changed through CSV") }
    return 0
}
