import Testing
@testable import ECGSignal

@Suite struct ECGRecordTests {
    @Test func physicalSamplesUseGainAndBaseline() {
        let record = ECGRecord(
            name: "t", samplingFrequency: 360,
            leads: [Lead(name: "MLII", gain: 200, baseline: 1024)],
            samples: [[1024, 1224, 824]]
        )
        #expect(record.physicalSamples(lead: 0) == [0, 1, -1])
        #expect(record.duration == 3.0 / 360)
    }

    @Test func microvoltLeadsConvertToMillivolts() {
        let record = ECGRecord(
            name: "t", samplingFrequency: 250,
            leads: [Lead(name: "ECG", units: "uV", gain: 1, baseline: 0)],
            samples: [[1500]]
        )
        #expect(abs(record.millivolts(lead: 0)[0] - 1.5) < 1e-6)
    }

    @Test(arguments: [0.0, 1.0, -2.5, 3.2])
    func quantisingMillivoltsRoundTripsWithinHalfAStep(value: Double) {
        let record = ECGRecord(
            name: "q", samplingFrequency: 500, leadNames: ["II"],
            millivolts: [[Float(value)]], gain: 200
        )
        #expect(abs(Double(record.millivolts(lead: 0)[0]) - value) <= 0.5 / 200)
    }

    @Test func annotationCodeMnemonicsRoundTrip() {
        for raw in UInt8(0)...AnnotationCode.maximum {
            let code = AnnotationCode(rawValue: raw)
            if !code.mnemonic.hasPrefix("[") || code.mnemonic == "[" {
                #expect(AnnotationCode(mnemonic: code.mnemonic) == code)
            }
        }
        #expect(AnnotationCode.pvc.isBeat)
        #expect(!AnnotationCode.rhythmChange.isBeat)
    }

    @Test func auxTextDropsTrailingNul() {
        let annotation = Annotation(sample: 0, code: .rhythmChange, aux: Array("(AFIB".utf8) + [0])
        #expect(annotation.auxText == "(AFIB")
    }
}
