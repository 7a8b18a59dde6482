/// One annotation of an annotation file: a labelled point in time.
///
/// Mirrors the WFDB `WFDB_Annotation` structure; `aux` keeps the raw bytes so
/// that files round-trip byte for byte (MIT-BIH rhythm labels such as `(AFIB`
/// are stored with a trailing NUL).
public struct Annotation: Sendable, Hashable {
    /// Time of the annotation, in samples of the annotation file's time base.
    public var sample: Int
    /// The MIT annotation code.
    public var code: AnnotationCode
    /// Annotation subtype (`subtyp`).
    public var subtype: Int8
    /// Signal the annotation refers to (`chan`).
    public var channel: UInt8
    /// Annotator-specific number (`num`).
    public var num: Int8
    /// Auxiliary information, raw bytes; empty when there is none.
    public var aux: [UInt8]

    public init(
        sample: Int,
        code: AnnotationCode,
        subtype: Int8 = 0,
        channel: UInt8 = 0,
        num: Int8 = 0,
        aux: [UInt8] = []
    ) {
        self.sample = sample
        self.code = code
        self.subtype = subtype
        self.channel = channel
        self.num = num
        self.aux = aux
    }

    /// Makes an annotation whose auxiliary information is text (for example a
    /// rhythm label `(AFIB`).
    public init(sample: Int, code: AnnotationCode, auxText: String, channel: UInt8 = 0) {
        self.init(sample: sample, code: code, channel: channel, aux: Array(auxText.utf8))
    }

    /// The auxiliary information as text, without trailing NUL bytes; nil when empty.
    public var auxText: String? {
        var bytes = aux[...]
        while bytes.last == 0 { bytes = bytes.dropLast() }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}
