// swift-tools-version: 6.0
// libFuzzer targets for the readers, the encoder and the command line, in their own package so
// the library's build and tests stay lean. Build (see docs/reliability.md):
//   swift build -c release -Xswiftc -sanitize=fuzzer,address
// then run e.g. .build/release/FuzzCSV Corpus/csv -max_total_time=30 (scripts: FuzzTesting/run-fuzzers)
import PackageDescription

let package = Package(
    name: "GAISFuzzTesting",
    dependencies: [
        .package(name: "GAIS", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // libFuzzer's driver entry point, declared for Swift.
        .target(name: "CLibFuzzer"),
        // The invariants (Tests/GAISDataTests/FuzzChecks.swift, linked here, so the test suite
        // replays the corpus through the very same checks) and the libFuzzer glue.
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", .product(name: "GAIS", package: "GAIS")]),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzKEEL", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzARFF", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzLIBSVM", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzEncoder", dependencies: ["FuzzSupport"]),
        // The command line's sources (Sources/GAISCommand, linked here) as a library, `@main`
        // compiled out by GAIS_FUZZING: argument parsing and validation, never `run()`.
        .target(
            name: "GAISCommandForFuzzing",
            dependencies: [
                .product(name: "GAIS", package: "GAIS"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.define("GAIS_FUZZING")]
        ),
        .executableTarget(name: "FuzzArguments", dependencies: ["FuzzSupport", "GAISCommandForFuzzing"]),
    ]
)
