import ECGRender
import ECGSignal
import Foundation
import RhythmLibrary

/// `drill --html FILE`: the browser drill on its own, without a deck folder.
public enum DrillExport {
    public static func write(
        selection: RhythmSelection, count: Int, difficulty: Difficulty, seed: UInt64,
        mode: DrillMode = .multipleChoice, timing: DrillTiming? = nil, to file: URL, library: RhythmLibrary = .builtIn
    ) throws {
        guard count <= DrillSession.maximumCount else {
            throw TrainingError("--count \(count) is more than the \(DrillSession.maximumCount) strips one drill may hold")
        }
        let planner = DeckPlanner(selection: selection, count: count, difficulty: difficulty, seed: seed, weights: selection.weights)
        let plans = try planner.plan()
        let names = plans.map { $0.name(digits: 2) }
        let maker = StripMaker()
        let strips = try DeckBuilder.makeAll(plans, names: names, maker: maker, progress: { _, _ in })
        let spares = try DeckBuilder.makeSpares(for: plans, planner: planner, maker: maker)
        let drill = HTMLDrill(
            title: "Rhythm drill", subtitle: "\(selection.title) \u{00B7} \(count) strips \u{00B7} \(difficulty.rawValue) \u{00B7} seed \(seed)",
            strips: strips, spares: spares, pool: selection.rhythms, library: library, seed: seed, mode: mode, timing: timing)
        let data = Data(try drill.html().utf8)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw TrainingError("\(file.path) is a folder; give a file name such as drill.html")
        }
        do {
            try AtomicFileWriter.write([(file.path, data)])
        } catch {
            throw TrainingError("cannot write \(file.path): \(OutputFolder.reason(error, file))")
        }
    }
}
