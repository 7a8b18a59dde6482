// libFuzzer target: MIT annotation file decoding, and re-encoding what decodes.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnnotations(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let file = try? MITAnnotationCodec.decode(bytes, path: "fuzz.atr") else { return 0 }
    let encoded: [UInt8]
    do {
        encoded = Array(try MITAnnotationCodec.encode(file, path: "fuzz.atr"))
    } catch {
        fatalError("decoded annotations do not encode: \(error)")
    }
    guard let again = try? MITAnnotationCodec.decode(encoded, path: "again.atr") else {
        fatalError("encoded annotations do not decode")
    }
    if again != file { fatalError("annotations changed through encoding") }
    return 0
}
