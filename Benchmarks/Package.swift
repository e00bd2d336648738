// swift-tools-version: 6.1
// Benchmarks live in their own package so the library's build and tests stay lean.
// Run: cd Benchmarks && swift package benchmark
import PackageDescription

let package = Package(
    name: "GAISBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "GAIS", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "GAISBenchmarks",
            dependencies: [
                .product(name: "GAIS", package: "GAIS"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/GAISBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
