// swift-tools-version: 6.2
import PackageDescription

// Dependencies run one way: ECGSignal and RhythmLibrary depend on nothing of
// ours; detection, synthesis and rendering build on them; the command-line
// tool sits on top and nothing depends on it.
let package = Package(
    name: "RhythmStrip",
    products: [
        .executable(name: "rhythmstrip", targets: ["rhythmstrip"]),
        .library(name: "ECGSignal", targets: ["ECGSignal"]),
        .library(name: "RhythmLibrary", targets: ["RhythmLibrary"]),
        .library(name: "ECGSynth", targets: ["ECGSynth"]),
        .library(name: "ECGDetect", targets: ["ECGDetect"]),
        .library(name: "ECGRender", targets: ["ECGRender"]),
        .library(name: "ECGClassify", targets: ["ECGClassify"]),
        .library(name: "RhythmTraining", targets: ["RhythmTraining"]),
        // The glibc memory settings of the batch commands, for the benchmarks.
        .library(name: "CMemoryTuning", targets: ["CMemoryTuning"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Records, annotations and their file formats (WFDB, CSV).
        .target(name: "ECGSignal"),
        // The rhythm definitions of Rhythms/, embedded in the binary: the
        // EmbedRhythms plugin turns Rhythms/*.yaml into Swift source at build
        // time, so the binary needs no resource bundle and runs from anywhere.
        .target(
            name: "RhythmLibrary",
            dependencies: [.product(name: "Yams", package: "Yams")],
            plugins: ["EmbedRhythms"]
        ),
        .executableTarget(name: "RhythmEmbedder", path: "Plugins/RhythmEmbedder"),
        .plugin(name: "EmbedRhythms", capability: .buildTool(), dependencies: ["RhythmEmbedder"]),
        // Event-based ECG synthesis for every rhythm of the library.
        .target(name: "ECGSynth", dependencies: ["ECGSignal", "RhythmLibrary"]),
        // R-peak detection and EC57 beat-by-beat evaluation.
        .target(name: "ECGDetect", dependencies: ["ECGSignal"]),
        // libpng, the system library, for the PNG writer.
        .systemLibrary(
            name: "CLibPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        // Strip images on ECG paper at true scale.
        .target(name: "ECGRender", dependencies: ["ECGSignal", "CLibPNG"]),
        // glibc allocator tuning for the batch commands (a C shim: <malloc.h> is not in the Glibc module).
        .target(name: "CMemoryTuning"),
        // Rhythm classification: measurements a clinician makes, then a library id.
        .target(name: "ECGClassify", dependencies: ["ECGSignal", "ECGDetect", "RhythmLibrary"]),
        // Strip sets for instructors and identification drills for learners.
        .target(
            name: "RhythmTraining",
            dependencies: ["ECGSignal", "RhythmLibrary", "ECGSynth", "ECGRender"]
        ),
        // The subcommands of `rhythmstrip`, as a library so tests can drive them.
        .target(
            name: "RhythmStripCLI",
            dependencies: [
                "ECGSignal", "RhythmLibrary", "ECGSynth", "ECGDetect", "ECGRender",
                "ECGClassify", "RhythmTraining", "CMemoryTuning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "rhythmstrip", dependencies: ["RhythmStripCLI"]),

        // Shared by the test targets: where the PhysioNet data is, running the CLI.
        .target(name: "TestSupport", dependencies: ["ECGSignal"], path: "Tests/TestSupport"),
        .testTarget(
            name: "ECGSignalTests",
            dependencies: [
                "ECGSignal", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "RhythmLibraryTests", dependencies: ["RhythmLibrary", "TestSupport"]),
        .testTarget(
            name: "ECGSynthTests",
            dependencies: [
                "ECGSynth", "ECGSignal", "RhythmLibrary", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ECGDetectTests",
            dependencies: [
                "ECGDetect", "ECGSignal", "ECGSynth", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            // The wfdb-python cross-check script, run by EvaluateCommandTests.
            exclude: ["Interop"]
        ),
        .testTarget(
            name: "ECGRenderTests", dependencies: ["ECGRender", "ECGSignal", "CLibPNG", "TestSupport"],
            // Reference images, read by path from the tests.
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ECGClassifyTests",
            dependencies: ["ECGClassify", "ECGSignal", "ECGDetect", "ECGSynth", "RhythmLibrary", "TestSupport"]
        ),
        .testTarget(
            name: "RhythmTrainingTests",
            dependencies: ["RhythmTraining", "ECGSignal", "RhythmLibrary", "ECGSynth", "TestSupport"]
        ),
        .testTarget(name: "RhythmStripCLITests", dependencies: ["RhythmStripCLI", "rhythmstrip", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
