import Foundation
import PropertyBased
import Testing
@testable import ECGSignal

/// Laws that hold for all inputs: what is written reads back identical.
@Suite struct RoundTripPropertyTests {
    /// Random digital samples for 1...4 leads, within format 212's range.
    static let samples = Gen.int32(in: -2048...2047).array(of: 0...120).array(of: 1...4)

    @Test func recordsRoundTripThroughFormats212And16() async {
        await propertyCheck(input: Self.samples, Gen.int(in: 0...1), Gen.double(in: 1...2000)) { leadSamples, formatIndex, frequency in
            // All leads the length of the shortest.
            let length = leadSamples.map(\.count).min() ?? 0
            let samples = leadSamples.map { Array($0.prefix(length)) }
            let leads = samples.indices.map { Lead(name: "L\($0)", units: $0 == 1 ? "uV" : "mV", gain: Double($0 + 1) * 50.5, baseline: Int32($0) - 1, adcResolution: 12, adcZero: Int32($0)) }
            let record = ECGRecord(name: "p", samplingFrequency: frequency, leads: leads, samples: samples, comments: ["property"])
            let format: WFDBSignalFormat = formatIndex == 0 ? .format212 : .format16
            let (header, data) = try WFDB.encode(record, name: "p", format: format)
            let reparsed = try WFDBHeader(parsing: Array(header.text.utf8), path: "p.hea")
            #expect(reparsed == header)
            let read = try WFDBRecordReader.read(reparsed, headerPath: "p.hea", folder: ".") { _ in data }
            #expect(read == record)
        }
    }

    static let annotation = zip(
        Gen.int(in: 0...5000), Gen.uint8(in: 0...49), Gen.int8(), Gen.uint8(), Gen.int8(),
        Gen.uint8().array(of: 0...12)
    ).map { sample, code, subtype, channel, num, aux in
        Annotation(sample: sample, code: AnnotationCode(rawValue: code), subtype: subtype, channel: channel, num: num, aux: aux)
    }

    @Test func annotationFilesRoundTrip() async {
        await propertyCheck(input: Self.annotation.array(of: 0...40), Gen.int(in: 0...2)) { annotations, resolutionIndex in
            let resolution: Double? = [nil, 1000, 128.5][resolutionIndex]
            let file = WFDBAnnotationFile(timeResolution: resolution, annotations: annotations)
            let bytes = try MITAnnotationCodec.encode(file, path: "p.atr")
            #expect(try MITAnnotationCodec.decode(bytes, path: "p.atr") == file)
        }
    }

    @Test func annotationsInTimeOrderRoundTripThroughFiles() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        await propertyCheck(input: Self.annotation.array(of: 0...30)) { annotations in
            let sorted = annotations.sorted { ($0.sample, $0.channel) < ($1.sample, $1.channel) }
            let path = folder.path("a.atr")
            try WFDB.writeAnnotations(sorted, to: path)
            #expect(try WFDB.readAnnotations(path) == sorted)
        }
    }

    @Test func physicalCSVRoundTripsToTheSameDigitalSamples() async {
        await propertyCheck(input: Self.samples, Gen.double(in: 10...1000)) { leadSamples, gainValue in
            let length = leadSamples.map(\.count).min() ?? 0
            guard length > 1 else { return }
            let samples = leadSamples.map { Array($0.prefix(length)) }
            let gain = gainValue.rounded()
            let leads = samples.indices.map { Lead(name: "L\($0)", units: "mV", gain: gain, baseline: 0, adcResolution: 16) }
            let record = ECGRecord(name: "c", samplingFrequency: 360, leads: leads, samples: samples)
            let csv = CSVRecord.encode(record, physical: true)
            let read = try CSVRecord.parse(csv, path: "c.csv", name: "c", gain: gain)
            #expect(read.samplingFrequency == 360)
            #expect(read.samples == samples)
        }
    }
}
