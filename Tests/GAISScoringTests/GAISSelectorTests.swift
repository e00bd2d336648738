import GAISCore
import GAISGraph
import GAISNetwork
@testable import GAISScoring
import Testing
import Foundation

@Suite struct GAISSelectorTests {
    /// A faster network for tests: fewer epochs; every other value at its default.
    static func quick(_ method: GraphMethod = .minibatch) -> GAISSelector {
        var selector = GAISSelector(graphMethod: method)
        selector.rule = .cover
        selector.network.epochs = 30
        selector.network.patience = 10
        return selector
    }

    func checkConformance(_ selection: Selection, data: Dataset, selector: GAISSelector) {
        let indices = selection.indices
        #expect(indices == indices.sorted() && Set(indices).count == indices.count)
        #expect(indices.allSatisfy { $0 >= 0 && $0 < data.rowCount })
        var perClass = [Int](repeating: 0, count: data.classCount)
        for i in indices { perClass[Int(data.labels[i])] += 1 }
        #expect(perClass == selector.size.quotas(classCounts: data.classCounts))
        #expect(perClass.allSatisfy { $0 >= 1 })
    }

    @Test func refusesEmptyAndSingleClassInput() {
        let selector = Self.quick()
        let empty = Dataset(features: [], featureCount: 2, labels: [Int32](), classNames: ["a", "b"])
        #expect(throws: GAISError.self) { try selector.select(from: empty, seed: 1) }
        let single = Dataset(features: [0, 1, 2, 3], featureCount: 1, labels: [0, 0, 0, 0])
        #expect(throws: GAISError.self) { try selector.select(from: single, seed: 1) }
    }

    @Test func rejectsBadParameters() {
        var selector = Self.quick()
        selector.size = .keepRatio(0)
        #expect(throws: GAISError.self) { try selector.validate() }
        selector = Self.quick()
        selector.setGraph(neighbors: 0)
        #expect(throws: GAISError.invalidParameter(name: "graph-neighbors", owner: "gais",
                                                   rule: "a whole number in 1...1024", value: "0")) {
            try selector.validate()
        }
        selector = Self.quick()
        selector.network.dropout = 1
        #expect(throws: GAISError.self) { try selector.validate() }
        selector = Self.quick()
        selector.clusterIterations = -1
        #expect(throws: GAISError.self) { try selector.validate() }
    }

    @Test(arguments: GraphMethod.allCases)
    func tinyClassesAreKept(method: GraphMethod) throws {
        // 12 rows: classes of 9, 2 and 1 rows; every class keeps max(1, round(0.04·n_c)) = 1 row.
        var features: [Float] = []
        for i in 0..<12 {
            features.append(Float(i) / 11)
            features.append(Float((i * 7) % 12) / 11)
        }
        let labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2]
        let data = Dataset(features: features, featureCount: 2, labels: labels)
        for rule in SelectionRule.allCases {
            var selector = Self.quick(method)
            selector.rule = rule
            let selection = try selector.select(from: data, seed: 4)
            checkConformance(selection, data: data, selector: selector)
            #expect(selection.indices.contains(11), "\(method.rawValue) \(rule.rawValue)")
        }
    }

    /// Progress messages follow the stages and every epoch, and do not change the selection.
    @Test func progressReportsStagesAndEpochs() throws {
        let wine = try loadBundled("Datasets/keel/wine.csv")
        final class Log: @unchecked Sendable {
            let lock = NSLock()
            var lines: [String] = []
            func add(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
        }
        let log = Log()
        let a = try Self.quick().select(from: wine, seed: 3, progress: { log.add($0) })
        let b = try Self.quick().select(from: wine, seed: 3)
        #expect(a.indices == b.indices)
        let epochs = log.lines.filter { $0.hasPrefix("gais: training: epoch ") }
        #expect(log.lines.first == "gais: building the minibatch graph…")
        #expect(epochs.count >= 1 && epochs.count <= 30)
        #expect(epochs.first == "gais: training: epoch 1, best 1")
        #expect(log.lines.suffix(2) == ["gais: scoring…", "gais: choosing rows (cover)…"])
    }

    @Test func methodNames() {
        #expect(GAISSelector.methodNames == ["gais", "gais-lsh", "gais-lsh-multilevel", "gais-lsh-multiview", "gais-chunk"])
        #expect(GAISSelector(methodName: "gais-lsh-multiview")?.graphMethod == .lshMultiview)
        #expect(GAISSelector(methodName: "gais")?.graphMethod == .minibatch)
        #expect(GAISSelector(methodName: "gais-foo") == nil)
        #expect(GAISSelector(graphMethod: .chunk).variantName == "gais-chunk")
    }

    @Test func irisEndToEnd() throws {
        let iris = try loadBundled("Datasets/keel/iris.csv")
        #expect(iris.rowCount == 150 && iris.classCount == 3)
        let selector = Self.quick()
        let selection = try selector.select(from: iris, seed: 2024)
        checkConformance(selection, data: iris, selector: selector)
        #expect(selection.indices.count == 6)  // round(0.04 · 50) = 2 per class
        #expect(selection.stageSeconds.map(\.stage) == ["graph", "train", "score", "select"])
        #expect(selection.scores?.count == 150)
        let report = try #require(selection.report as? GAISReport)
        #expect(report.graph?.edges ?? 0 > 0 && report.training?.epochs ?? 0 > 0)
        #expect(report.json.text(indent: 0).hasPrefix("{\"graph\":{\"graph\":\"minibatch\",\"edges\":"))
        let again = try selector.select(from: iris, seed: 2024)
        #expect(again.indices == selection.indices && again.scores == selection.scores)
    }

    @Test(arguments: GraphMethod.allCases)
    func everyVariantRunsOnWine(method: GraphMethod) throws {
        let wine = try loadBundled("Datasets/keel/wine.csv")
        #expect(wine.rowCount == 178 && wine.classCount == 3)
        var selector = Self.quick(method)
        selector.size = .keepRatio(0.1)
        selector.setGraph(neighbors: 5, bucketCap: 40, window: 80, overlap: 20)
        let selection = try selector.select(from: wine, seed: 11)
        checkConformance(selection, data: wine, selector: selector)
        let again = try selector.select(from: wine, seed: 11)
        #expect(again.indices == selection.indices, "\(method.rawValue) seed 11")
    }

    @Test func rulesAndSpacesOnWine() throws {
        let wine = try loadBundled("Datasets/keel/wine.csv")
        var selector = Self.quick()
        selector.size = .count(12)
        for (rule, spread, space, score) in [(SelectionRule.top, false, CoverSpace.features, ImportanceScore.attention),
                                              (.top, true, .features, .margin),
                                              (.cover, false, .hidden, .boundary),
                                              (.cover, false, .features, .attentionConfidence)] {
            selector.rule = rule
            selector.spread = spread
            selector.coverSpace = space
            selector.score = score
            let selection = try selector.select(from: wine, seed: 5)
            checkConformance(selection, data: wine, selector: selector)
            #expect(selection.indices.count == 12)
        }
    }

    @Test func sameSelectionWhateverTheThreads() throws {
        let wine = try loadBundled("Datasets/keel/wine.csv")
        var selector = Self.quick(.lshMultiview)
        selector.setGraph(neighbors: 5, bucketCap: 40)
        let parallel = try selector.select(from: wine, seed: 17, context: ExecutionContext(threads: 4))
        let serial = try selector.select(from: wine, seed: 17, context: .serial)
        #expect(parallel.indices == serial.indices && parallel.scores == serial.scores, "seed 17")
        let other = try selector.select(from: wine, seed: 18)
        #expect(other.scores != parallel.scores, "seed 18")
    }

    @Test func centroidBaselineNeedsNoNetwork() throws {
        let wine = try loadBundled("Datasets/keel/wine.csv")
        var selector = GAISSelector()
        selector.rule = .centroid
        let selection = try selector.select(from: wine, seed: 3)
        checkConformance(selection, data: wine, selector: selector)
        #expect(selection.scores == nil)
        #expect(selection.stageSeconds.map(\.stage) == ["select"])
        #expect(try selector.select(from: wine, seed: 3).indices == selection.indices)
    }
}

@Suite struct WindowScoreTests {
    @Test func overlappingWindowsKeepTheBestScore() throws {
        let wine = try loadBundled("Datasets/keel/wine.csv")
        var chunk = ChunkGraph()
        chunk.window = 100
        chunk.overlap = 40
        let (graph, _) = try GraphBuilder.build(features: wine.features, featureCount: wine.featureCount,
                                                labels: wine.labels, configuration: .chunk(chunk), seed: Seed(6))
        #expect(graph.groups.count == 3)
        var network = GATConfiguration()
        network.epochs = 5
        let (model, _) = try GATTrainer.train(features: wine.features, featureCount: wine.featureCount,
                                              labels: wine.labels, classCount: 3, graph: graph,
                                              configuration: network, seed: Seed(6))
        var selector = GAISSelector(graphMethod: .chunk)
        selector.score = .attentionConfidence
        let best = selector.scores(model: model, data: wine, labels: wine.labels, classCount: 3, graph: graph,
                                   context: .allCores).scores
        // Score each window by hand; every row keeps the largest of its windows' scores.
        var expected = [Float](repeating: -.infinity, count: wine.rowCount)
        for window in graph.groups {
            let subset = wine.subset(window.map { Int($0) })
            let inference = model.infer(features: subset.features, graph: graph.inducedSubgraph(window))
            let values = selector.score.values(probabilities: inference.probabilities, classCount: 3,
                                               labels: subset.labels, attention: inference.attentionReceived)
            for (t, row) in window.enumerated() { expected[Int(row)] = max(expected[Int(row)], values[t]) }
        }
        #expect(best == expected)
        #expect(best.allSatisfy { $0.isFinite })
    }
}

extension GAISSelector {
    /// Sets graph parameters on whichever builder the selector has (those it lacks are ignored).
    mutating func setGraph(neighbors: Int? = nil, bucketCap: Int? = nil, window: Int? = nil, overlap: Int? = nil) {
        switch graph {
        case .minibatch(var m):
            if let neighbors { m.edges.neighbors = neighbors }
            graph = .minibatch(m)
        case .hashing(var h):
            if let neighbors { h.edges.neighbors = neighbors }
            if let bucketCap { h.bucketCap = bucketCap }
            graph = .hashing(h)
        case .chunk(var c):
            if let window { c.window = window }
            if let overlap { c.overlap = overlap }
            graph = .chunk(c)
        }
    }
}
