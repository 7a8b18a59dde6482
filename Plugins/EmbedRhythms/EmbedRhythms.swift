import Foundation
import PackagePlugin

/// Generates `EmbeddedRhythms.swift` from the package's `Rhythms/*.yaml`, so the
/// rhythm library is compiled into the binary (no resource bundle to lose when
/// the executable is copied elsewhere).
@main
struct EmbedRhythms: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appendingPathComponent("Rhythms")
        let files = try FileManager.default
            .contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedRhythms.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) rhythm definitions",
                executable: try context.tool(named: "RhythmEmbedder").url,
                arguments: [output.path] + files.map(\.path),
                inputFiles: files + [folder],
                outputFiles: [output]
            ),
        ]
    }
}
