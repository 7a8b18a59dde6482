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

    /// 217's paced segments report no QRS width narrower than a paced complex:
    /// the record-level width (the beat family's slope envelope) would be the
    /// spike remnant's, 0.01 s, so paced windows leave it unmeasured.
    @Test(.enabled(if: mitdb.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent("217.hea").path) } ?? false,
                   Comment(rawValue: SharedData.skipMessage("mitdb") + " (record 217 needed)")))
    func record217PacedSegmentsReportNoSpikeWidthAsTheQRS() throws {
        let record = try WFDB.readRecord(try #require(Self.mitdb).appendingPathComponent("217").path)
        let paced = try RhythmClassifier().classify(record: record).filter { $0.label == "paced-ventricular" }
        #expect(!paced.isEmpty)
        for segment in paced {
            let width = segment.classification.measurements.qrsWidth
            #expect(width == nil || width! >= 0.12, "segment at \(segment.startTime) s: QRS \(width ?? 0) s")
        }
    }
}
