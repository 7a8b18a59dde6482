@testable import ECGClassify
import ECGSignal
import ECGSynth
import Foundation
import RhythmLibrary
import Testing
import TestSupport

@Suite struct RecordSegmentationTests {
    @Test func segmentsFollowARhythmSequence() throws {
        let library = RhythmLibrary.builtIn
        let parts = try [("nsr", 40.0), ("vf-coarse", 40.0)].map { SequencePart(rhythm: try library.resolve($0.0), seconds: $0.1) }
        let ecg = try ECGSynthesizer().synthesize(sequence: parts, options: .init(seed: 3, samplingFrequency: 250))
        let segments = try RhythmClassifier().classify(record: ecg.record, window: 8)
        #expect(segments.first?.start == 0)
        #expect(segments.last?.end == ecg.record.length)
        for (a, b) in zip(segments, segments.dropFirst()) { #expect(a.end == b.start && a.label != b.label) }
        let vf = segments.filter { $0.label == "vf-coarse" }.reduce(0.0) { $0 + $1.endTime - $1.startTime }
        let sinus = segments.filter { $0.label == "nsr" }.reduce(0.0) { $0 + $1.endTime - $1.startTime }
        #expect(vf >= 30, "\(segments.map { ($0.label, $0.startTime) })")
        #expect(sinus >= 30, "\(segments.map { ($0.label, $0.startTime) })")
        let annotations = RhythmClassifier.annotations(for: segments)
        #expect(annotations.allSatisfy { $0.code == .rhythmChange && ($0.auxText ?? "").hasPrefix("(") })
    }

    /// A sinus-AF-sinus record gives one AF episode near the true one, no
    /// flicker, and a two-lead record gives the same AF as lead 0 alone or better.
    @Test func atrialFibrillationEpisodeIsTrackedWithoutFlicker() throws {
        let library = RhythmLibrary.builtIn
        let parts = try [("nsr", 90.0), ("afib", 120.0), ("nsr", 90.0)].map { SequencePart(rhythm: try library.resolve($0.0), seconds: $0.1) }
        let ecg = try ECGSynthesizer().synthesize(sequence: parts, options: .init(seed: 11, samplingFrequency: 360, snr: 24))
        let segments = try RhythmClassifier().classify(record: ecg.record, window: 10)
        let af = segments.filter { $0.label == "afib" || $0.label == "afib-rvr" }
        let described = segments.map { "\($0.label) \(Int($0.startTime))-\(Int($0.endTime))" }
        #expect(af.count == 1, "\(described)")
        if let episode = af.first {
            #expect(abs(episode.startTime - 90) <= 15 && abs(episode.endTime - 210) <= 15, "\(described)")
        }
        #expect(segments.count <= 5, "\(described)")
        for (a, b) in zip(segments, segments.dropFirst()) { #expect(a.end == b.start && a.label != b.label) }
    }

    /// Ventricular bigeminy is irregular but not AF: the R-R intervals of the
    /// conducted beats are regular once the PVCs are left out.
    @Test func bigeminyIsNotAtrialFibrillation() throws {
        let library = RhythmLibrary.builtIn
        let parts = [SequencePart(rhythm: try library.resolve("vent-bigeminy"), seconds: 120)]
        let ecg = try ECGSynthesizer().synthesize(sequence: parts, options: .init(seed: 5, samplingFrequency: 250, snr: 24))
        let segments = try RhythmClassifier().classify(record: ecg.record, window: 10)
        let af = segments.filter { $0.label == "afib" || $0.label == "afib-rvr" }.reduce(0.0) { $0 + $1.endTime - $1.startTime }
        #expect(af == 0, "\(segments.map { ($0.label, $0.startTime) })")
    }

    @Test func rejectsBadLeadAndWindow() throws {
        let record = ECGRecord(name: "x", samplingFrequency: 250, leadNames: ["II"], millivolts: [[Float](repeating: 0, count: 2500)])
        #expect(throws: ClassificationError.self) { try RhythmClassifier().classify(record: record, lead: 3) }
        #expect(throws: ClassificationError.self) { try RhythmClassifier().classify(record: record, window: 0.5) }
    }

    @Test func confusionMatrixCountsAndMacroAccuracy() {
        var matrix = ConfusionMatrix(labels: ["a", "b"])
        for _ in 0..<3 { matrix.add(reference: "a", predicted: "a") }
        matrix.add(reference: "a", predicted: "b")
        matrix.add(reference: "b", predicted: "b")
        #expect(matrix.accuracy("a") == 0.75)
        #expect(matrix.accuracy("b") == 1)
        #expect(matrix.macroAccuracy == 0.875)
        #expect(matrix.confusions(of: "a").first?.label == "b")
    }

    /// The epicmp -a rules: detection needs any overlap, +P excludes reference flutter, comparison starts at 5 min.
    @Test func atrialFibrillationEpisodeScoring() throws {
        let reference: [ClosedRange<Double>] = [400...600, 900...1000, 100...200]
        let test: [ClosedRange<Double>] = [450...650, 1200...1300, 1500...1550]
        let flutter: [ClosedRange<Double>] = [1500...1600]
        var report = AtrialFibrillationReport(window: 10)
        report.records = [AtrialFibrillationReport.score(record: "t", reference: reference, test: test, flutter: flutter, end: 1800)]
        #expect(report.episodeSensitivity == 0.5)          // 400-600 found, 900-1000 missed; 100-200 before 5 min
        #expect(report.episodePositivePredictivity == 0.5) // 450-650 true, 1200-1300 false, 1500-1550 inside flutter
        let se = try #require(report.durationSensitivity), pp = try #require(report.durationPositivePredictivity)
        #expect(abs(se - 150.0 / 300) < 1e-9)
        #expect(abs(pp - 150.0 / 300) < 1e-9)
    }

    @Test func everyReferenceLabelMapsToLibraryIds() throws {
        let ids = Set(RhythmLibrary.builtIn.definitions.map(\.id))
        for entry in ReferenceRhythmLabels.mitdb + ReferenceRhythmLabels.vfdb {
            for id in entry.ids { #expect(ids.contains(id), "\(entry.label) -> \(id)") }
        }
        #expect(ReferenceRhythmLabels.entry(for: "(AFIB\0")?.ids == ["afib", "afib-rvr"])
        #expect(ReferenceRhythmLabels.mitdb.count == 15)
    }
}
