// libFuzzer target: WFDB header parsing and formatting.
// Built by Fuzz/run.sh together with the ECGSignal sources.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHeader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let header = try? WFDBHeader(parsing: bytes, path: "fuzz.hea") else { return 0 }
    // What we parsed must format to text that parses back to the same header.
    let text = header.text
    do {
        let again = try WFDBHeader(parsing: Array(text.utf8), path: "formatted.hea")
        if again != header {
            fatalError("header changed through formatting:\n\(text)")
        }
    } catch {
        fatalError("formatted header does not parse: \(error)\n\(text)")
    }
    return 0
}
