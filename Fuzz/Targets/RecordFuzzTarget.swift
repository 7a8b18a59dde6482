// libFuzzer target: the record reader driven by a fuzzed header.
// Input: header text, a NUL byte, then the bytes every signal file holds.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecord(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let split = bytes.firstIndex(of: 0) ?? size
    guard let header = try? WFDBHeader(parsing: UnsafeBufferPointer(rebasing: bytes[..<split]), path: "f.hea"),
          !header.isMultiSegment else { return 0 }
    let file = split < size ? Data(bytes[(split + 1)...]) : Data()
    guard let record = try? WFDBRecordReader.read(header, headerPath: "f.hea", folder: ".", load: { _ in file }) else {
        return 0
    }
    if record.samples.contains(where: { $0.count != record.length }) { fatalError("leads of different lengths") }
    if record.leads.count != header.signalCount { fatalError("lead count differs from the header") }
    return 0
}
