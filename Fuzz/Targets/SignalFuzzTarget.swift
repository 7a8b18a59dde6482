// libFuzzer target: signal file decoding through the record reader.
// Input: 5 control bytes (format, signals, samples per frame, skew, length)
// followed by the signal file bytes.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSignal(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 5 else { return 0 }
    let control = UnsafeBufferPointer(start: data, count: 5)
    let formats = WFDBSignalFormat.allCases
    let format = formats[Int(control[0]) % formats.count]
    let signalCount = Int(control[1] % 4) + 1
    let samplesPerFrame = Int(control[2] % 3) + 1
    let skew = Int(control[3] % 4)
    let length: Int? = control[4] == 0 ? nil : Int(control[4])
    let file = Data(bytes: data + 5, count: size - 5)
    let signals = (0..<signalCount).map { index in
        WFDBSignalSpecification(
            fileName: "f.dat", format: format, samplesPerFrame: samplesPerFrame,
            skew: index == 0 ? skew : 0, gain: 200, adcZero: 0, initialValue: index, checksum: nil,
            description: "s\(index)"
        )
    }
    let header = WFDBHeader(recordName: "f", signalCount: signalCount, samplingFrequency: 360, length: length, signals: signals)
    guard let record = try? WFDBRecordReader.read(header, headerPath: "f.hea", folder: ".", load: { _ in file }) else {
        return 0
    }
    let expected = (length ?? record.length / samplesPerFrame) * samplesPerFrame
    guard record.samples.allSatisfy({ $0.count == expected }) else {
        fatalError("lead lengths \(record.samples.map(\.count)) differ from \(expected)")
    }
    // Writable formats must write back what they read (no skew: skew drops samples).
    if format.isWritable, skew == 0, samplesPerFrame == 1, let encoded = try? WFDB.encode(record, name: "f", format: format) {
        let again = try? WFDBRecordReader.read(encoded.header, headerPath: "f.hea", folder: ".", load: { _ in encoded.signalFile })
        if again?.samples != record.samples { fatalError("signal round trip changed the samples") }
    }
    return 0
}
