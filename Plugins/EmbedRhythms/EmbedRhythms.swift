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
                displayName: "Embedding the rhythm definitions of Rhythms/",
                executable: try context.tool(named: "RhythmEmbedder").url,
                // The tool lists the folder itself: SwiftPM may reuse this
                // command list when a file is added, but the folder (an input)
                // changes, so the tool reruns and sees the new file.
                arguments: [output.path, folder.path],
                inputFiles: files + [folder],
                outputFiles: [output]
            ),
        ]
    }
}
