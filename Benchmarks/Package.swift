// swift-tools-version: 6.2
// The benchmarks live in their own package so that `swift test` and CI do not
// build the benchmark harness. Run them with `swift package benchmark` from
// this folder. Every folder under Benchmarks/ is one benchmark target;
// Calibration measures the machine, for quoting beside the others' timings.
// (SwiftPM caches this manifest by its text: after adding a folder, edit this
// file or remove ~/.cache/org.swift.swiftpm/manifests so the folder is seen.)
import Foundation
import PackageDescription

let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
// A path dependency is identified by its folder name, which differs between
// clones; compute it rather than hard-coding "RhythmStrip".
let rootIdentity = here.deletingLastPathComponent().lastPathComponent.lowercased()
let benchmarkNames = ((try? FileManager.default.contentsOfDirectory(
    atPath: here.appendingPathComponent("Benchmarks").path)) ?? [])
    .filter { !$0.hasPrefix(".") }
    .sorted()

let package = Package(
    name: "RhythmStripBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: benchmarkNames.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ECGSignal", package: rootIdentity),
                .product(name: "RhythmLibrary", package: rootIdentity),
                .product(name: "ECGSynth", package: rootIdentity),
                .product(name: "ECGDetect", package: rootIdentity),
                .product(name: "ECGRender", package: rootIdentity),
                .product(name: "ECGClassify", package: rootIdentity),
                .product(name: "RhythmTraining", package: rootIdentity),
                .product(name: "CMemoryTuning", package: rootIdentity),
            ],
            path: "Benchmarks/\(name)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    }
)
