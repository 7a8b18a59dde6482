import ECGDetect
import ECGSignal
import Foundation
import Testing
import TestSupport
@testable import ECGClassify

/// The demand-pacemaker signature (beat timing, no spikes) on all shared
/// MIT-BIH records: only 217's paced beats carry it, and the beats it marks
/// are the reference's paced beats.
@Suite struct DemandPacingTests {
    static let mitdb = SharedData.directory("mitdb")

    /// Beats, families and the pacing found for one record, as the record tracker computes them.
    static func pacing(_ name: String) throws -> (beats: [Int], pacing: DemandPacing?, record: ECGRecord) {
        let input = try features(name)
        return (input.beats, DemandPacing.find(beats: input.beats, leads: input.leads, morphology: input.morphology,
                                               samplingFrequency: input.record.samplingFrequency), input.record)
    }

    /// What `DemandPacing.find` reads, computed once per record.
    static func features(_ name: String) throws -> (record: ECGRecord, leads: [[Float]], beats: [Int], morphology: BeatMorphology) {
        let record = try WFDB.readRecord(try #require(mitdb).appendingPathComponent(name).path)
        let leads = record.leads.indices.map { record.millivolts(lead: $0) }
        let beats = try RPeakDetector(samplingFrequency: record.samplingFrequency).detect(leads: leads)
        let morphology = BeatMorphology(leads: leads, beats: beats, samplingFrequency: record.samplingFrequency)
        return (record, leads, beats, morphology)
    }

    static func recordNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: try #require(mitdb).path)
            .filter { $0.hasSuffix(".atr") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Neither signature's threshold decides alone: with the escape-interval share
    /// 10 % either side of its value and the spike ratio 20 % either side, only 217
    /// is demand-paced (before the spike test, 0.85 +10 % lost 217 and -20 % flagged 114).
    @Test(.enabled(if: mitdb != nil, Comment(rawValue: SharedData.skipMessage("mitdb"))))
    func onlyRecord217IsDemandPacedWithPerturbedThresholds() throws {
        let settings: [(share: Double, spike: Double)] = [
            (DemandPacing.fixedIntervalShare * 0.9, DemandPacing.spikeRatio), (DemandPacing.fixedIntervalShare * 1.1, DemandPacing.spikeRatio),
            (DemandPacing.fixedIntervalShare * 0.8, DemandPacing.spikeRatio), (DemandPacing.fixedIntervalShare * 1.2, DemandPacing.spikeRatio),
            (DemandPacing.fixedIntervalShare, DemandPacing.spikeRatio * 0.8), (DemandPacing.fixedIntervalShare, DemandPacing.spikeRatio * 1.2),
        ]
        let names = try Self.recordNames()
        var flagged = [[String]](repeating: [], count: settings.count)
        for name in names {
            let input = try Self.features(name)
            for (k, setting) in settings.enumerated() {
                let found = DemandPacing.find(beats: input.beats, leads: input.leads, morphology: input.morphology,
                                              samplingFrequency: input.record.samplingFrequency, fixedShare: setting.share, spikeRatio: setting.spike)
                if found != nil { flagged[k].append(name) }
            }
        }
        for (k, setting) in settings.enumerated() {
            #expect(flagged[k] == (names.contains("217") ? ["217"] : []), "share \(setting.share), spike ratio \(setting.spike)")
        }
    }

    /// The spike is what keeps a very regular sinus rhythm out: record 114's dominant
    /// family passes the timing tests at a share of 0.68, and carries no spike.
    @Test(.enabled(if: mitdb.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent("114.atr").path) } ?? false,
                   Comment(rawValue: SharedData.skipMessage("mitdb") + " (record 114 needed)")))
    func record114IsTimedLikeAPacemakerButHasNoSpike() throws {
        let input = try Self.features("114")
        let fs = input.record.samplingFrequency
        #expect(DemandPacing.find(beats: input.beats, leads: input.leads, morphology: input.morphology, samplingFrequency: fs,
                                  fixedShare: 0.68, spikeRatio: 0) != nil)
        #expect(DemandPacing.find(beats: input.beats, leads: input.leads, morphology: input.morphology, samplingFrequency: fs,
                                  fixedShare: 0.68) == nil)
    }

    /// No family of a non-paced record looks demand-paced: regular sinus rhythm
    /// (112, 122), bundle branch block (109, 118, 124, 207; 212, 214 and 231 are
    /// in the held-out half), ventricular bigeminy (119), frequent PVCs (208) and AF (201, 203).
    /// 102, 104 and 107 (paced nearly throughout, or at the intrinsic rate) are not
    /// flagged either; 217 is.
    @Test(.enabled(if: mitdb != nil, Comment(rawValue: SharedData.skipMessage("mitdb"))))
    func onlyRecord217IsDemandPaced() throws {
        let folder = try #require(Self.mitdb)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".atr") }.map { String($0.dropLast(4)) }.sorted()
        var flagged: [String] = []
        for name in names where try Self.pacing(name).pacing != nil { flagged.append(name) }
        if names.contains("217") { #expect(flagged == ["217"]) } else { #expect(flagged.isEmpty) }
    }

    /// The beats marked paced in 217 are the reference's paced (`/`) or paced-fusion
    /// (`f`) beats, and most of the reference's paced beats are found.
    @Test(.enabled(if: mitdb.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent("217.atr").path) } ?? false,
                   Comment(rawValue: SharedData.skipMessage("mitdb") + " (record 217 needed)")))
    func record217PacedBeatsMatchTheReference() throws {
        let (beats, found, record) = try Self.pacing("217")
        let pacing = try #require(found)
        let escapeSeconds = pacing.escapeInterval / record.samplingFrequency
        #expect(escapeSeconds > 0.8 && escapeSeconds < 0.9, "escape interval \(escapeSeconds) s")
        let reference = try WFDB.readAnnotations(try #require(Self.mitdb).appendingPathComponent("217.atr").path).filter { $0.code.isBeat }
        let tolerance = Int(0.15 * record.samplingFrequency)
        var pacedMarked = 0, pacedRight = 0
        var referencePaced = 0, referencePacedFound = 0
        var nearest = 0
        for (i, b) in beats.enumerated() {
            while nearest + 1 < reference.count && abs(reference[nearest + 1].sample - b) <= abs(reference[nearest].sample - b) { nearest += 1 }
            let match = abs(reference[nearest].sample - b) <= tolerance ? reference[nearest].code : nil
            if pacing.paced[i] {
                pacedMarked += 1
                if match == .paced || match == .pacedFusion { pacedRight += 1 }
            }
            if match == .paced {
                referencePaced += 1
                if pacing.paced[i] { referencePacedFound += 1 }
            }
        }
        // Today: nearly all marked beats paced or paced fusion; 1540 of 1541 paced beats
        // (the family test alone found 1310, 85 %: its second paced shape went unmarked).
        #expect(Double(pacedRight) >= 0.97 * Double(pacedMarked), "\(pacedRight) of \(pacedMarked)")
        #expect(Double(referencePacedFound) >= 0.95 * Double(referencePaced), "\(referencePacedFound) of \(referencePaced)")
    }

    /// 217's paced segments report the paced QRS's width: the record-level width
    /// (the beat family's slope envelope) was the spike remnant's, 0.01 s; it is
    /// now measured from the spike with the spike left out of the peak slope (the
    /// paced QRS on the trace lasts about 0.16 s), and the text gives it.
    @Test(.enabled(if: mitdb.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent("217.hea").path) } ?? false,
                   Comment(rawValue: SharedData.skipMessage("mitdb") + " (record 217 needed)")))
    func record217PacedSegmentsReportThePacedQRSWidth() throws {
        let record = try WFDB.readRecord(try #require(Self.mitdb).appendingPathComponent("217").path)
        let paced = try RhythmClassifier().classify(record: record).filter { $0.label == "paced-ventricular" }
        #expect(paced.count >= 10)
        for segment in paced {
            let width = try #require(segment.classification.measurements.qrsWidth, "segment at \(segment.startTime) s: no QRS width")
            #expect(width >= 0.12 && width <= 0.2, "segment at \(segment.startTime) s: QRS \(width) s")
            let text = segment.classification.explanation.joined(separator: " ")
            #expect(text.contains(String(format: "about %.2f s", width)), "\(text)")
        }
    }

    /// The paced width leaves the spike out and runs through the dips of a wide
    /// complex's slope; the plain envelope width runs from the spike's first
    /// sample to the complex's end (it used to stop at the spike).
    @Test func pacedWidthLeavesTheSpikeOut() {
        let fs = 360.0
        // Baseline slope 0.02; a spike 3 samples wide (1.0) at 30; a QRS from 34 to
        // 85 with slopes 0.3 and a dip to 0.05 (S nadir) at 60-66; then the T wave.
        var envelope = [Float](repeating: 0.02, count: 90)
        envelope[29] = 0.4; envelope[30] = 1.0; envelope[31] = 0.5
        for i in 34...85 { envelope[i] = 0.3 }
        for i in 60...66 { envelope[i] = 0.05 }
        #expect(abs(BeatMorphology.width(ofSlopeEnvelope: envelope, fs: fs) - 57.0 / fs) < 0.5 / fs)
        let width = BeatMorphology.pacedWidth(ofSlopeEnvelope: envelope, spike: 30, fs: fs)
        #expect(width.map { abs($0 - 56.0 / fs) < 0.5 / fs } == true, "\(width ?? 0)")
        // A dip longer than 40 ms ends the complex.
        for i in 60...80 { envelope[i] = 0.05 }
        #expect(BeatMorphology.pacedWidth(ofSlopeEnvelope: envelope, spike: 30, fs: fs).map { abs($0 - 30.0 / fs) < 0.5 / fs } == true)
    }
}
