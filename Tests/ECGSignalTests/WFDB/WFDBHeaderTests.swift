import Foundation
import Testing
@testable import ECGSignal

@Suite struct WFDBHeaderTests {
    static let mitdb100 = "100 2 360 650000\r\n100.dat 212 200 11 1024 995 -22131 0 MLII\r\n100.dat 212 200 11 1024 1011 20052 0 V5\r\n# 69 M 1085 1629 x1\r\n# Aldomet, Inderal\r\n"

    @Test func parsesTheMITBIHHeaderWithCRLF() throws {
        let header = try WFDBHeader(parsing: Array(Self.mitdb100.utf8), path: "100.hea")
        #expect(header.recordName == "100")
        #expect(header.signalCount == 2)
        #expect(header.samplingFrequency == 360)
        #expect(header.length == 650000)
        #expect(header.comments == ["69 M 1085 1629 x1", "Aldomet, Inderal"])
        let first = header.signals[0]
        #expect(first.fileName == "100.dat")
        #expect(first.format == .format212)
        #expect(first.gain == 200)
        #expect(first.baseline == nil)
        #expect(first.effectiveBaseline == 1024)   // absent baseline = ADC zero
        #expect(first.adcResolution == 11)
        #expect(first.adcZero == 1024)
        #expect(first.initialValue == 995)
        #expect(first.checksum == -22131)
        #expect(first.blockSize == 0)
        #expect(first.description == "MLII")
        #expect(first.line == 2)
        #expect(header.signals[1].description == "V5")
        #expect(first.lead == Lead(name: "MLII", units: "mV", gain: 200, baseline: 1024, adcResolution: 11, adcZero: 1024))
    }

    @Test func parsesEveryOptionalField() throws {
        let text = """
            # leading comment
            rec 2 500/1000(12.5) 1000 13:05:00 25/04/1989

            a.dat 16x2:3+512 100.5(-3)/uV 16 0 7 123 0 lead I, with spaces\t
            # between signals
            a.dat 16x2:1+512 0
            """
        let header = try WFDBHeader(parsing: Array(text.utf8), path: "rec.hea")
        #expect(header.counterFrequency == 1000)
        #expect(header.baseCounter == 12.5)
        #expect(header.baseTime == "13:05:00")
        #expect(header.baseDate == "25/04/1989")
        #expect(header.comments == ["leading comment", "between signals"])
        let signal = header.signals[0]
        #expect(signal.samplesPerFrame == 2)
        #expect(signal.skew == 3)
        #expect(signal.byteOffset == 512)
        #expect(signal.gain == 100.5)
        #expect(signal.baseline == -3)
        #expect(signal.units == "uV")
        #expect(signal.description == "lead I, with spaces")
        #expect(header.signals[1].gain == 0)
        #expect(header.signals[1].lead.effectiveGain == 200)
        #expect(header.signals[1].adcResolution == nil)
        // Formatting and parsing again gives the same header.
        #expect(try WFDBHeader(parsing: Array(header.text.utf8), path: "again.hea") == header)
    }

    @Test func defaultsApplyWhenFieldsAreMissing() throws {
        let header = try WFDBHeader(parsing: Array("r 1\nr.dat 8\n".utf8), path: "r.hea")
        #expect(header.samplingFrequency == 250)
        #expect(header.length == nil)
        #expect(header.signals[0].effectiveADCResolution == 10)
        #expect(header.signals[0].gain == nil)
    }

    @Test func parsesMultiSegmentHeaders() throws {
        let header = try WFDBHeader(parsing: Array("multi/3 2 360 45000\n100s 21600\n~ 1800\n100s 21600\n".utf8), path: "multi.hea")
        #expect(header.segmentCount == 3)
        #expect(header.segments.map(\.recordName) == ["100s", "~", "100s"])
        #expect(header.segments.map(\.length) == [21600, 1800, 21600])
        #expect(header.segments[1].isNull)
        #expect(try WFDBHeader(parsing: Array(header.text.utf8), path: "again.hea") == header)
    }

    /// Bad headers: each error names the file and the line.
    @Test(arguments: [
        ("", nil, "empty header file"),
        ("# only a comment\n", nil, "no record line"),
        ("r\n", 1, "at least a record name and a number of signals"),
        ("r x 360\n", 1, "invalid number of signals 'x'"),
        ("r -1 360\n", 1, "invalid number of signals"),
        ("r 99999 360\n", 1, "exceeds the supported maximum"),
        ("r 1 abc\nr.dat 16\n", 1, "invalid sampling frequency"),
        ("r 1 0\nr.dat 16\n", 1, "invalid sampling frequency"),
        ("r 1 360 12x\nr.dat 16\n", 1, "invalid number of samples per signal"),
        ("r 3 360 100\nr.dat 16\nr.dat 16\n", 1, "declares 3 signals but the header has 2 signal lines"),
        ("r 1 360 100\nr.dat 999\n", 2, "unsupported signal format 999"),
        ("r 1 360 100\nr.dat abc\n", 2, "invalid signal format 'abc'"),
        ("r 1 360 100\nr.dat 16x0\n", 2, "samples per frame must be at least 1"),
        ("r 1 360 100\nr.dat 16 2x0\n", 2, "invalid ADC gain"),
        ("r 1 360 100\n\n# c\nr.dat 16 200 12 0 0 zz\n", 4, "invalid checksum 'zz'"),
        ("r 1 360 100\nr.dat 16 200 64\n", 2, "ADC resolution 64"),
        ("m/2 1 360 100\nseg 100\n", 1, "declares 2 segments"),
        ("m/2 1 360 100\nseg x\nseg 1\n", 2, "segment line needs"),
    ] as [(String, Int?, String)])
    func badHeadersAreReportedWithFileAndLine(text: String, line: Int?, reason: String) {
        let error = #expect(throws: ECGSignalError.self) {
            try WFDBHeader(parsing: Array(text.utf8), path: "bad.hea")
        }
        #expect(error?.path == "bad.hea")
        #expect(error?.location == (line.map { .line($0) } ?? .file))
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "no error")")
    }
}
