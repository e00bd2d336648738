import GAISCore
@testable import GAISGraph
import Testing

@Suite struct GraphBuilderTests {
    /// Points on a line at 0, 1, 3, 10 (one feature), one class.
    let line: [Float] = [0, 1, 3, 10]
    let lineLabels: [Int32] = [0, 0, 0, 0]

    func edges(_ graph: SparseGraph) -> [[Int]] {
        var result: [[Int]] = []
        for i in 0..<graph.nodeCount {
            for j in graph.neighbors(of: i) where Int(j) > i { result.append([i, Int(j)]) }
        }
        return result
    }

    @Test func nearestNeighbourEdgesOnALine() throws {
        var configuration = GraphSettings()
        configuration.neighbors = 1
        let (graph, report) = try buildGraph(features: line, featureCount: 1, labels: lineLabels,
                                                     configuration: configuration, method: .minibatch, seed: 1)
        // 0→1, 1→0, 3→1, 10→3, symmetrised.
        #expect(edges(graph) == [[0, 1], [1, 2], [2, 3]])
        #expect(graph.rowStart == [0, 2, 5, 8, 10])
        #expect(report.edges == 3 && report.groups == 1 && report.minDegree == 1 && report.maxDegree == 2)
        #expect(report.meanDegree == 1.5)
    }

    @Test func percentileThresholdOnALine() throws {
        var configuration = GraphSettings()
        configuration.edgeRule = .threshold
        configuration.percentile = 0.5
        let (graph, _) = try buildGraph(features: line, featureCount: 1, labels: lineLabels,
                                                configuration: configuration, method: .minibatch, seed: 1)
        // Squared pair distances 1, 9, 100, 4, 81, 49: the 3 smallest (≤ 9) are kept, and the
        // isolated point 10 keeps its nearest-neighbour edge to 3.
        #expect(edges(graph) == [[0, 1], [0, 2], [1, 2], [2, 3]])
    }

    @Test func chunkWindowRuleOnALine() throws {
        var configuration = GraphSettings()
        configuration.window = 4
        configuration.overlap = 0
        configuration.edgeDrop = 0
        configuration.thresholdRank = 2
        let (graph, report) = try buildGraph(features: line, featureCount: 1, labels: lineLabels,
                                                     configuration: configuration, method: .chunk, seed: 9)
        // 2nd-nearest distances 3, 2, 3, 9 → mean similarity (1/4 + 1/3 + 1/4 + 1/10)/4 ≈ 0.233,
        // so pairs closer than ≈ 3.29 are kept: 0-1, 0-2, 1-2; the point 10 keeps 10-3.
        #expect(edges(graph) == [[0, 1], [0, 2], [1, 2], [2, 3]])
        #expect(report.groups == 1)
        configuration.thresholdRank = 1
        let (first, _) = try buildGraph(features: line, featureCount: 1, labels: lineLabels,
                                                configuration: configuration, method: .chunk, seed: 9)
        // 1st-nearest: mean similarity (1/2 + 1/2 + 1/3 + 1/8)/4 ≈ 0.365 → only 0-1 passes.
        #expect(edges(first) == [[0, 1], [1, 2], [2, 3]])
    }

    @Test func stratifiedBatchesByHand() {
        var generator = SeededGenerator(seed: 3)
        let batches = GraphBuilder.stratifiedBatches(labels: [0, 0, 0, 0, 1, 1], batchSize: 3, generator: &generator)
        #expect(batches.count == 2)
        for batch in batches {
            #expect(batch.count == 3)
            #expect(batch.filter { $0 < 4 }.count == 2)
            #expect(batch == batch.sorted())
        }
        #expect(Set(batches.flatMap { $0 }) == Set(0..<6))
    }

    @Test func windowsByHand() {
        var generator = SeededGenerator(seed: 3)
        let windows = GraphBuilder.windows(rowCount: 10, window: 4, overlap: 1, generator: &generator)
        #expect(windows.map(\.count) == [4, 4, 4])
        #expect(Set(windows.flatMap { $0 }) == Set(0..<10))
        #expect(windows.map(\.count).reduce(0, +) == 12)  // two rows shared
    }

    @Test func automaticBits() {
        let configuration = HashGraph(tables: .single)
        #expect(configuration.resolvedBits(rowCount: 100_000) == 11)
        #expect(configuration.resolvedBits(rowCount: 64) == 1)
        #expect(configuration.resolvedBits(rowCount: 10) == 1)
        #expect(configuration.resolvedBits(rowCount: 65) == 1)
        #expect(configuration.resolvedBits(rowCount: 129) == 2)
        #expect(configuration.resolvedBits(rowCount: 1 << 40) == 24)
    }

    @Test func badParametersThrowTheDescriptionsMessages() {
        var settings = GraphSettings()
        settings.bucketCap = 10
        #expect(throws: GAISError.invalidParameter(name: "bucket-cap", owner: "lsh",
                                                   rule: "at least 2·(graph-neighbors + 1) = 22", value: "10")) {
            try settings.configuration(.lsh).validate()
        }
        settings = GraphSettings()
        settings.overlap = settings.window
        #expect(throws: GAISError.invalidParameter(name: "overlap", owner: "chunk", rule: "less than window (2000)",
                                                   value: "2000")) {
            try settings.configuration(.chunk).validate()
        }
        // A minibatch graph has no overlap: the same settings are fine there.
        #expect(throws: Never.self) { try settings.configuration(.minibatch).validate() }
        settings = GraphSettings()
        settings.bits = 25
        #expect(throws: GAISError.self) { try settings.configuration(.lshMultiview).validate() }
        settings = GraphSettings()
        settings.percentile = 1
        #expect(throws: GAISError.self) { try settings.configuration(.minibatch).validate() }
        #expect(throws: GAISError.self) {
            try buildGraph(features: [1, 2, 3], featureCount: 2, labels: [0, 1], seed: 0)
        }
    }

    @Test func isolatedRowsAreRepaired() throws {
        // Three rows, batches of at most 2: one batch holds a single row, which is joined to its
        // nearest row and recorded as a two-row group.
        var configuration = GraphSettings()
        configuration.batchSize = 2
        let (graph, report) = try buildGraph(features: [0, 1, 5], featureCount: 1, labels: [0, 0, 0],
                                                     configuration: configuration, method: .minibatch, seed: 4)
        #expect(report.repairedNodes == 1)
        #expect(invariantViolation(graph, nodeCount: 3) == nil)
    }

    @Test func singleRowAndEmptyInput() throws {
        let (one, _) = try buildGraph(features: [0.5], featureCount: 1, labels: [0], seed: 1)
        #expect(one.nodeCount == 1 && one.neighbors == [0])
        let (none, report) = try buildGraph(features: [], featureCount: 3, labels: [], method: .lsh, seed: 1)
        #expect(none.nodeCount == 0 && report.edges == 0)
    }
}
