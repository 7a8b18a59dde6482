import Foundation
import Testing
@testable import ECGSignal

@Suite struct CSVRecordTests {
    func parse(_ text: String, fs: Double? = nil) throws -> ECGRecord {
        try CSVRecord.parse(Array(text.utf8), path: "t.csv", name: "t", samplingFrequency: fs)
    }

    @Test func headerWithTimeAndUnitsGivesPhysicalLeads() throws {
        let record = try parse("time (s),MLII (mV),V1 [uV]\r\n0,0.5,100\r\n0.004,-0.25,-50\r\n0.008,1,0\r\n")
        #expect(record.samplingFrequency == 250)
        #expect(record.leads.map(\.name) == ["MLII", "V1"])
        #expect(record.leads.map(\.units) == ["mV", "uV"])
        #expect(record.samples[0] == [100, -50, 200])
        #expect(record.millivolts(lead: 1) == [0.1, -0.05, 0])
    }

    @Test func integerColumnsWithoutUnitsAreDigital() throws {
        let record = try parse("I,II\n955,992\n-3,4\n", fs: 360)
        #expect(record.samples == [[955, -3], [992, 4]])
        #expect(record.samplingFrequency == 360)
    }

    @Test func headerlessFileUsesTheGivenFrequencyForEveryColumn() throws {
        let record = try parse("1;2\n3;4\n", fs: 100)
        #expect(record.leads.count == 2)
        #expect(record.samples == [[1, 3], [2, 4]])
    }

    @Test func headerlessFileWithoutFrequencyNeedsATimeColumn() throws {
        let record = try parse("0.000\t5\n0.002\t6\n0.004\t7\n")
        #expect(record.samplingFrequency == 500)
        #expect(record.samples == [[5, 6, 7]])
        let error = #expect(throws: ECGSignalError.self) { try parse("5\n6\n") }
        #expect(error?.reason.contains("no sampling frequency") == true)
    }

    @Test func timeInMillisecondsAndAgreementWithAGivenFrequency() throws {
        #expect(try parse("time (ms),I\n0,1\n2,2\n4,3\n").samplingFrequency == 500)
        #expect(try parse("time (ms),I\n0,1\n2,2\n4,3\n", fs: 500).samplingFrequency == 500)
        let error = #expect(throws: ECGSignalError.self) { try parse("time (ms),I\n0,1\n2,2\n", fs: 360) }
        #expect(error?.reason.contains("500") == true)
    }

    @Test(arguments: [
        ("", nil, "empty CSV file"),
        ("\n  \n", nil, "empty CSV file"),
        ("I,II\n", 1, "no samples after the header row"),
        ("time,I\n0,1\n0.004,2,3\n", 3, "row has more than 2 columns"),
        ("time,I\n0,1\n0.004\n", 3, "row has 1 columns, expected 2"),
        ("time,I,II\n0,1,2\n0.004,x7,3\n", 3, "column 2 ('I'): 'x7' is not a number"),
        ("time,I\n0,1\n0.004,nan\n", 3, "'nan' is not a number"),
        ("time,I\n0,1\n0.004,2\n0.010,3\n", 4, "not uniformly spaced"),
        ("time,I\n0,1\n0,2\n", 3, "does not increase"),
        ("time (h),I\n0,1\n", 1, "unknown time units"),
        ("I\n1e300\n", 2, "does not fit a 32-bit sample"),
    ] as [(String, Int?, String)])
    func badCSVIsReportedWithLine(text: String, line: Int?, reason: String) {
        let error = #expect(throws: ECGSignalError.self) { try parse(text, fs: text.hasPrefix("I") ? 100 : nil) }
        #expect(error?.path == "t.csv")
        #expect(error?.location == (line.map { .line($0) } ?? .file), "\(error?.description ?? "")")
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "no error")")
    }

    @Test func exportsDigitalAndPhysicalShapes() throws {
        let record = ECGRecord(
            name: "e", samplingFrequency: 360,
            leads: [Lead(name: "MLII", gain: 200, baseline: 1024), Lead(name: "V1", units: "uV", gain: 0.2)],
            samples: [[1024, 955], [10, -3]]
        )
        #expect(String(decoding: CSVRecord.encode(record), as: UTF8.self) == "time (s),MLII,V1\n0,1024,10\n0.002778,955,-3\n")
        #expect(String(decoding: CSVRecord.encode(record, physical: true), as: UTF8.self)
            == "time (s),MLII (mV),V1 (uV)\n0,0,50\n0.002778,-0.345,-15\n")
        #expect(String(decoding: CSVRecord.encode(record, timeColumn: false), as: UTF8.self) == "MLII,V1\n1024,10\n955,-3\n")
        // Reading the digital export back gives the same samples and frequency.
        let back = try CSVRecord.parse(CSVRecord.encode(record), path: "e.csv", name: "e")
        #expect(back.samples == record.samples)
        #expect(back.samplingFrequency == 360)
    }

    @Test func writesAtomicallyAndReadsFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = ECGRecord(name: "f", samplingFrequency: 500, leads: [Lead(name: "II")], samples: [[1, 2, 3]])
        try CSVRecord.write(record, to: folder.path("f.csv"))
        #expect(folder.files() == ["f.csv"])
        let read = try CSVRecord.read(folder.path("f.csv"))
        #expect(read.name == "f")
        #expect(read.samples == record.samples)
        let missing = #expect(throws: ECGSignalError.self) { try CSVRecord.read(folder.path("none.csv")) }
        #expect(missing?.reason == "no such file")
    }
}
