// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "GAIS",
    products: [
        .library(name: "GAIS", targets: ["GAIS"]),
        .executable(name: "gais", targets: ["GAISCommand"]),
        // The C interface (include/gais.h) as libGAISC.so; the Python package installs it as
        // libgais.so (SwiftPM ignores a second product named `gais`, the executable's name).
        .library(name: "GAISC", type: .dynamic, targets: ["GAISCInterface"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Shared vocabulary: the encoded dataset, selections, seeded randomness, parallel loops.
        .target(name: "GAISCore"),
        // Reading CSV/KEEL/ARFF/LIBSVM tables, encoding them, writing kept rows verbatim.
        .target(name: "GAISData", dependencies: ["GAISCore", "GAISKernels"]),
        // C: the k-NN search kernels (scalar, AVX2/FMA and AVX-512 paths chosen at run time), the
        // attention layer (bit-identical to its generic Swift reference), e^x, allocator settings,
        // and the async-signal-safe temporary-file registry and mapped-input guard.
        .target(name: "GAISKernels"),
        // Exact k-nearest-neighbour search.
        .target(name: "GAISNeighbors", dependencies: ["GAISCore", "GAISKernels"]),
        // Classic instance selectors (CNN, ENN, RENN, All-kNN, ICF, DROP3, LSSm, LSBo, random).
        .target(name: "GAISSelectors", dependencies: ["GAISCore", "GAISNeighbors"]),
        // Sparse graphs and the graph builders of method.md §2.
        .target(name: "GAISGraph", dependencies: ["GAISCore", "GAISNeighbors", "GAISKernels"]),
        // The graph attention network with hand-written backward passes.
        .target(name: "GAISNetwork", dependencies: ["GAISCore", "GAISGraph", "GAISNeighbors", "GAISKernels"]),
        // GAIS itself: graph + network + importance scores + per-class selection.
        .target(name: "GAISScoring", dependencies: ["GAISCore", "GAISGraph", "GAISNeighbors", "GAISNetwork", "GAISKernels"]),
        // Classifiers, cross-validation and the bench.
        .target(name: "GAISEvaluation", dependencies: ["GAISCore", "GAISNeighbors"]),
        // The bench's reports rendered: Markdown, CSV, and HTML with SVG charts.
        .target(name: "GAISReports", dependencies: ["GAISCore", "GAISEvaluation"]),
        // Umbrella: re-exports the modules above, names every method (the registry) and renders
        // a selection's report.
        .target(name: "GAIS", dependencies: [
            "GAISCore", "GAISData", "GAISNeighbors", "GAISSelectors", "GAISGraph",
            "GAISNetwork", "GAISScoring", "GAISEvaluation", "GAISReports",
        ]),
        .executableTarget(name: "GAISCommand", dependencies: [
            "GAIS", "GAISKernels", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The C interface: @_cdecl entry points over the library (declared in include/gais.h).
        .target(name: "GAISCInterface", dependencies: ["GAIS"]),
        .testTarget(name: "GAISCoreTests", dependencies: ["GAISCore"]),
        .testTarget(name: "GAISDataTests", dependencies: ["GAISData", "GAISKernels"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GAISNeighborsTests", dependencies: ["GAISNeighbors"]),
        .testTarget(name: "GAISSelectorsTests", dependencies: ["GAISSelectors", "GAISData"]),
        .testTarget(name: "GAISGraphTests", dependencies: ["GAISGraph"]),
        .testTarget(name: "GAISNetworkTests", dependencies: ["GAISNetwork"]),
        .testTarget(name: "GAISScoringTests", dependencies: ["GAISScoring", "GAISData", "GAISNeighbors", "GAISKernels"]),
        .testTarget(name: "GAISEvaluationTests", dependencies: ["GAISEvaluation", "GAISReports", "GAISData"]),
        .testTarget(name: "GAISReportsTests", dependencies: ["GAISReports", "GAISEvaluation"]),
        .testTarget(name: "GAISTests", dependencies: ["GAIS"]),
        .testTarget(name: "GAISCommandTests", dependencies: ["GAISCommand", "GAIS"]),
        .testTarget(name: "GAISCInterfaceTests", dependencies: ["GAISCInterface", "GAIS"]),
    ]
)
