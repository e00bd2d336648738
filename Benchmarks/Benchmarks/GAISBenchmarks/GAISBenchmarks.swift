import Benchmark
import Foundation
import GAIS

/// Synthetic data shared by the benchmarks: `rows × features`, 5 classes, written once as CSV
/// for the reader benchmark and encoded once for the rest.
struct Workload {
    let rows: Int
    let features: Int
    let csvPath: String
    let data: Dataset

    init(rows: Int, features: Int) throws {
        self.rows = rows
        self.features = features
        csvPath = NSTemporaryDirectory() + "gais-bench-\(rows)x\(features).csv"
        let generator = SyntheticGenerator(rows: rows, features: features, classes: 5, seed: 7)
        let file = try AtomicFile(path: csvPath)
        try file.write(generator.headerLine)
        try generator.generateCSV { block in try block.withUnsafeBufferPointer { try file.write($0) } }
        try file.commit()
        var table = try TableReader.read(path: csvPath)
        data = TableEncoder.fit(table).encode(&table)
    }
}

nonisolated(unsafe) var workloads: [Int: Workload] = [:]

func workload(_ rows: Int, features: Int = 50) -> Workload {
    if let w = workloads[rows * 1000 + features] { return w }
    let w = try! Workload(rows: rows, features: features)  // benchmark set-up, not user data
    workloads[rows * 1000 + features] = w
    return w
}

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, .throughput]
    let slow = Benchmark.Configuration(metrics: metrics, warmupIterations: 0, scalingFactor: .one,
                                       maxDuration: .seconds(20), maxIterations: 3)

    for rows in [10_000, 100_000] {
        Benchmark("read+encode CSV \(rows)x50", configuration: slow) { benchmark in
            let w = workload(rows)
            benchmark.startMeasurement()
            var table = try TableReader.read(path: w.csvPath)
            blackHole(TableEncoder.fit(table).encode(&table))
        }

        Benchmark("kNN k=10 within \(rows)x50", configuration: slow) { benchmark in
            let w = workload(rows)
            benchmark.startMeasurement()
            blackHole(NearestNeighbors.searchWithin(w.data.features, dimension: w.data.featureCount, k: 10))
        }

        for method in GraphMethod.allCases {
            Benchmark("graph \(method.rawValue) \(rows)x50", configuration: slow) { benchmark in
                let w = workload(rows)
                benchmark.startMeasurement()
                blackHole(try GraphBuilder.build(features: w.data.features, featureCount: w.data.featureCount,
                                                 labels: w.data.labels, method: method, seed: 1))
            }
        }

        for method in SelectionMethod.allCases where rows == 10_000 || ![.cnn, .icf, .drop3, .lsbo, .lssm].contains(method) {
            Benchmark("select \(method.rawValue) \(rows)x50", configuration: slow) { benchmark in
                let w = workload(rows)
                let selector = method.makeSelector()
                benchmark.startMeasurement()
                blackHole(try selector.select(from: w.data, seed: 1))
            }
        }
    }

    // One group of 1024 nodes: a short training run (one epoch of steps) and an inference pass.
    Benchmark("GAT train 1 epoch, 1024 nodes x50", configuration: slow) { benchmark in
        let w = workload(10_000)
        let sample = Array(0..<1024)
        let data = w.data.subset(sample)
        let (graph, _) = try GraphBuilder.build(features: data.features, featureCount: data.featureCount,
                                                labels: data.labels, seed: 1)
        var configuration = GATConfiguration()
        configuration.epochs = 1
        benchmark.startMeasurement()
        blackHole(try GATTrainer.train(features: data.features, featureCount: data.featureCount, labels: data.labels,
                                       classCount: data.classCount, graph: graph, configuration: configuration, seed: 1))
    }

    Benchmark("GAT inference 100000 nodes x50", configuration: slow) { benchmark in
        let w = workload(100_000)
        let (graph, _) = try GraphBuilder.build(features: w.data.features, featureCount: w.data.featureCount,
                                                labels: w.data.labels, seed: 1)
        var configuration = GATConfiguration()
        configuration.epochs = 1
        let (model, _) = try GATTrainer.train(features: w.data.features, featureCount: w.data.featureCount,
                                              labels: w.data.labels, classCount: w.data.classCount, graph: graph,
                                              configuration: configuration, seed: 1)
        benchmark.startMeasurement()
        blackHole(model.infer(features: w.data.features, graph: graph))
    }
}
