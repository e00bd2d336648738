import GAISCore
@testable import GAISGraph
import Testing

@Suite struct GraphPropertyTests {
    static let seeds: [UInt64] = [11, 2024]

    @Test(arguments: GraphMethod.allCases, seeds)
    func invariantsHold(method: GraphMethod, seed: UInt64) throws {
        let (features, labels) = blobs(rows: 700, dimension: 6, classes: 3, seed: seed)
        for rule in EdgeRule.allCases {
            var configuration = smallConfiguration()
            configuration.edgeRule = rule
            configuration.percentile = 0.97
            configuration.repeats = 2
            let (graph, report) = try buildGraph(features: features, featureCount: 6, labels: labels,
                                                         configuration: configuration, method: method, seed: seed)
            let violation = invariantViolation(graph, nodeCount: 700)
            #expect(violation == nil, "method \(method.rawValue) rule \(rule.rawValue) seed \(seed): \(violation ?? "")")
            #expect(report.groups > 1, "seed \(seed)")
            #expect(report.repairedNodes == 0, "seed \(seed)")
            #expect(report.edges == graph.edgeCount && report.minDegree >= 1)
        }
    }

    @Test(arguments: GraphMethod.allCases)
    func sameSeedSameGraphWhateverTheThreads(method: GraphMethod) throws {
        let seed: UInt64 = 77
        let (features, labels) = blobs(rows: 500, dimension: 5, classes: 2, seed: seed)
        let configuration = smallConfiguration()
        let (a, _) = try buildGraph(features: features, featureCount: 5, labels: labels,
                                            configuration: configuration, method: method, seed: seed)
        let (b, _) = try buildGraph(features: features, featureCount: 5, labels: labels,
                                            configuration: configuration, method: method, seed: seed)
        #expect(a == b, "seed \(seed)")
        // The row order of the group loop is fixed, so a serial build gives the same graph.
        let (serial, _) = try buildGraph(features: features, featureCount: 5, labels: labels,
                                         configuration: configuration, method: method, seed: seed, context: .serial)
        #expect(a == serial, "seed \(seed)")
        let (other, _) = try buildGraph(features: features, featureCount: 5, labels: labels,
                                                configuration: configuration, method: method, seed: seed + 1)
        #expect(a != other, "seed \(seed)")
    }

    @Test(arguments: seeds)
    func batchesAreStratified(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        // Unbalanced classes: 1000, 300, 37 rows, shuffled.
        var labels = [Int32](repeating: 0, count: 1000) + [Int32](repeating: 1, count: 300) + [Int32](repeating: 2, count: 37)
        generator.shuffle(&labels)
        let batches = GraphBuilder.stratifiedBatches(labels: labels, batchSize: 100, generator: &generator)
        let m = batches.count
        #expect(m == 14)
        #expect(Set(batches.flatMap { $0 }).count == labels.count && batches.flatMap { $0 }.count == labels.count)
        for batch in batches {
            #expect(batch.count == labels.count / m || batch.count == labels.count / m + 1, "seed \(seed)")
            for (c, total) in [1000, 300, 37].enumerated() {
                let count = batch.filter { labels[Int($0)] == c }.count
                #expect(count == total / m || count == (total + m - 1) / m, "seed \(seed) class \(c): \(count)")
            }
        }
    }

    @Test(arguments: [GraphMethod.lsh, .lshMultilevel, .lshMultiview], seeds)
    func bucketsRespectTheirBounds(method: GraphMethod, seed: UInt64) throws {
        let (features, labels) = blobs(rows: 2000, dimension: 8, classes: 2, seed: seed)
        var configuration = GraphSettings()
        configuration.neighbors = 4
        configuration.bucketCap = 60
        configuration.bits = 9  // 512 codes for 2000 rows: many small buckets to merge.
        let (graph, report) = try buildGraph(features: features, featureCount: 8, labels: labels,
                                                     configuration: configuration, method: method, seed: seed)
        for group in graph.groups {
            #expect(group.count >= 5 && group.count <= 60, "\(method.rawValue) seed \(seed): bucket of \(group.count)")
            #expect(group == group.sorted())
        }
        // Every row lies in exactly one bucket per level or view.
        let copies = method == .lsh ? 1 : method == .lshMultilevel ? 3 : 4
        var seen = [Int](repeating: 0, count: 2000)
        for group in graph.groups { for v in group { seen[Int(v)] += 1 } }
        #expect(seen.allSatisfy { $0 == copies }, "\(method.rawValue) seed \(seed)")
        #expect(report.largestGroup <= 60)
    }

    @Test func capSplitsBucketsThatNoBitCanSplit() throws {
        // 300 identical rows and 300 others: no hyperplane separates duplicates, so the
        // duplicates' bucket must be cut into chunks of at most the cap.
        var features = [Float](repeating: 0.25, count: 300 * 2)
        let (others, _) = blobs(rows: 300, dimension: 2, classes: 2, seed: 5)
        features += others
        let labels = [Int32](repeating: 0, count: 600)
        var configuration = GraphSettings()
        configuration.neighbors = 3
        configuration.bucketCap = 50
        let (graph, _) = try buildGraph(features: features, featureCount: 2, labels: labels,
                                                configuration: configuration, method: .lsh, seed: 5)
        #expect(graph.groups.allSatisfy { $0.count >= 4 && $0.count <= 50 })
        #expect(invariantViolation(graph, nodeCount: 600) == nil)
    }

    @Test func nearestRuleMatchesBruteForcePerGroup() throws {
        // With one batch, every row's k nearest rows (overall) must be among its neighbours.
        let (features, labels) = blobs(rows: 200, dimension: 3, classes: 2, seed: 8)
        var configuration = GraphSettings()
        configuration.neighbors = 4
        let (graph, _) = try buildGraph(features: features, featureCount: 3, labels: labels,
                                                configuration: configuration, method: .minibatch, seed: 8)
        for i in 0..<200 {
            var distances: [(Float, Int)] = []
            for j in 0..<200 where j != i {
                var d: Float = 0
                for f in 0..<3 { let t = features[i * 3 + f] - features[j * 3 + f]; d += t * t }
                distances.append((d, j))
            }
            distances.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            for (_, j) in distances.prefix(4) { #expect(graph.neighbors(of: i).contains(Int32(j))) }
        }
    }

    @Test func repeatsUnionPartitions() throws {
        let (features, labels) = blobs(rows: 600, dimension: 4, classes: 2, seed: 21)
        var configuration = smallConfiguration()
        let (one, oneReport) = try buildGraph(features: features, featureCount: 4, labels: labels,
                                                      configuration: configuration, method: .minibatch, seed: 21)
        configuration.repeats = 3
        let (three, threeReport) = try buildGraph(features: features, featureCount: 4, labels: labels,
                                                          configuration: configuration, method: .minibatch, seed: 21)
        #expect(threeReport.groups == 3 * oneReport.groups)
        // The first partition is the same, so every edge of one repeat is kept.
        for i in 0..<600 { #expect(Set(one.neighbors(of: i)).isSubset(of: Set(three.neighbors(of: i)))) }
        #expect(threeReport.edges > oneReport.edges)
    }

    @Test func chunkEdgeDropRemovesEdges() throws {
        let (features, labels) = blobs(rows: 400, dimension: 3, classes: 2, seed: 31)
        var configuration = smallConfiguration()
        configuration.edgeDrop = 0
        let (kept, keptReport) = try buildGraph(features: features, featureCount: 3, labels: labels,
                                                        configuration: configuration, method: .chunk, seed: 31)
        configuration.edgeDrop = 0.5
        let (dropped, droppedReport) = try buildGraph(features: features, featureCount: 3, labels: labels,
                                                              configuration: configuration, method: .chunk, seed: 31)
        #expect(droppedReport.edges < keptReport.edges)
        for i in 0..<400 { #expect(Set(dropped.neighbors(of: i)).isSubset(of: Set(kept.neighbors(of: i)))) }
        #expect(invariantViolation(dropped, nodeCount: 400) == nil)
    }

    /// The CSR construction against a plain set-based one: random edges with repeats,
    /// self-loops and some hubs (rows longer than the insertion-sort limit), given as one list
    /// or as several.
    @Test(arguments: [UInt64(3), 4, 5])
    func constructionMatchesSetsAndSorting(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let n = 300
        var edges: [(Int32, Int32)] = []
        for _ in 0..<2_000 {
            let hub = generator.nextDouble() < 0.2
            let a = Int32(hub ? Int(generator.next() % 3) : Int(generator.next() % UInt64(n)))
            edges.append((a, Int32(generator.next() % UInt64(n))))
        }
        var expected = [Set<Int32>](repeating: [], count: n)
        for i in 0..<n { expected[i].insert(Int32(i)) }
        for (a, b) in edges {
            expected[Int(a)].insert(b)
            expected[Int(b)].insert(a)
        }
        let whole = SparseGraph(nodeCount: n, edges: edges)
        let pieces = SparseGraph(nodeCount: n, edgeLists: [Array(edges[..<700]), [], Array(edges[700...])])
        #expect(whole == pieces)
        #expect(whole.neighbors(of: 0).count > 32)
        for i in 0..<n { #expect(Array(whole.neighbors(of: i)) == expected[i].sorted(), "row \(i)") }

        // Induced subgraphs, for ascending, shuffled and repeated node lists.
        var nodes = (0..<n).filter { _ in generator.nextDouble() < 0.4 }.map { Int32($0) }
        for order in 0..<3 {
            if order == 1 { generator.shuffle(&nodes) }
            if order == 2 { nodes.append(nodes[0]) }
            let sub = whole.inducedSubgraph(nodes)
            var local: [Int32: Int32] = [:]
            for (t, v) in nodes.enumerated() { local[v] = Int32(t) }
            for (t, v) in nodes.enumerated() {
                let rows = whole.neighbors(of: Int(v)).compactMap { local[$0] }.sorted()
                #expect(Array(sub.neighbors(of: t)) == rows, "order \(order) node \(v)")
            }
        }
    }
}
