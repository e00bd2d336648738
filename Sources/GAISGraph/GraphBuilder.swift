import GAISCore

/// Builds the row graphs of method.md §2.
///
/// Every builder cuts the rows into groups (batches, hash buckets, windows), joins rows inside
/// each group by an edge rule, and returns an undirected `SparseGraph` (both directions, a
/// self-loop per node) whose `groups` are those groups, so every edge lies inside a group.
/// No node is isolated when there are at least two rows. Groups are processed in parallel with
/// per-group random streams and their edges concatenated in group order, so the graph for a
/// seed does not depend on the number of threads.
public enum GraphBuilder {
    /// Builds the graph `configuration` describes over the rows of a feature matrix.
    /// - Parameters:
    ///   - features: row-major `n × featureCount` values (encoded, e.g. min-max scaled).
    ///   - featureCount: values per row, ≥ 1.
    ///   - labels: class of each row (used by `minibatch` to stratify batches), `n` values ≥ 0.
    ///   - configuration: the builder and its parameters; validated here.
    ///   - seed: any node of the seed tree; the same seed gives the same graph.
    ///   - context: threads and kernel path (the graph does not depend on them).
    /// - Returns: the graph and what it cost.
    /// - Throws: `GAISError.invalidParameter` for a bad configuration, `GAISError.invalidInput`
    ///   for mismatched shapes.
    /// - Complexity: `minibatch`: O(R·n·B·d); `lsh`: O(n·(b+s)·d + n·M·d); `chunk`: O(n·w·d)
    ///   (R repeats, B batch size, b + s hash bits, M bucket cap, w window).
    public static func build(features: [Float], featureCount: Int, labels: [Int32],
                             configuration: GraphConfiguration = GraphConfiguration(.minibatch), seed: Seed,
                             context: ExecutionContext = .allCores) throws -> (SparseGraph, GraphReport) {
        try configuration.validate()
        guard featureCount >= 1 else { throw GAISError.invalidInput("a graph needs at least one feature") }
        guard features.count == labels.count * featureCount else {
            throw GAISError.invalidInput("features hold \(features.count) values, expected \(labels.count) rows × \(featureCount)")
        }
        guard labels.allSatisfy({ $0 >= 0 }) else { throw GAISError.invalidInput("labels must be non-negative") }
        var stopwatch = Stopwatch()
        let n = labels.count
        let groups: [[Int32]]
        switch configuration {
        case .minibatch(let m):
            groups = (0..<m.repeats).flatMap { r in
                var generator = seed.child("partition").child(r).generator
                return stratifiedBatches(labels: labels, batchSize: m.batchSize, generator: &generator)
            }
        case .hashing(let h):
            groups = hashBuckets(features: features, featureCount: featureCount, rowCount: n, configuration: h,
                                 seed: seed, context: context)
        case .chunk(let c):
            var generator = seed.child("partition").generator
            groups = windows(rowCount: n, window: c.window, overlap: c.overlap, generator: &generator)
        }
        let edgeSeed = seed.child("group-edges")
        let edgeLists: [[(Int32, Int32)]] = features.withUnsafeBufferPointer { buffer in
            let shared = UncheckedSendable(buffer)
            return Parallel.map(count: groups.count, context: context) { g in
                let members = groups[g]
                guard let edges = configuration.edges else {
                    guard case .chunk(let c) = configuration else { return [] }
                    var generator = edgeSeed.child(g).generator
                    return GroupEdges.window(members, features: shared.value, dimension: featureCount,
                                             rank: c.thresholdRank, drop: c.edgeDrop, generator: &generator)
                }
                switch edges.rule {
                case .nearest:
                    return GroupEdges.nearest(members, features: shared.value, dimension: featureCount,
                                              k: edges.neighbors)
                case .threshold:
                    return GroupEdges.threshold(members, features: shared.value, dimension: featureCount,
                                                percentile: edges.percentile)
                }
            }
        }
        var repairs: [(Int32, Int32)] = []
        var allGroups = groups
        let repaired = repairIsolated(edgeLists: edgeLists, repairs: &repairs, groups: &allGroups, features: features,
                                      featureCount: featureCount, rowCount: n)
        let graph = SparseGraph(nodeCount: n, edgeLists: edgeLists + [repairs], groups: allGroups, context: context)
        let report = makeReport(graph: graph, method: configuration.method, repaired: repaired, seconds: stopwatch.lap())
        return (graph, report)
    }

    /// Joins every node that has no neighbour to its nearest other row (ties to the smaller
    /// index) and records the pair as a group, so the no-isolated-node and edges-in-groups
    /// invariants hold even in degenerate settings (a batch or window of one row).
    /// - Returns: the number of nodes repaired.
    /// - Complexity: O(E + r·n·d) for r repaired nodes.
    static func repairIsolated(edgeLists: [[(Int32, Int32)]], repairs edges: inout [(Int32, Int32)],
                               groups: inout [[Int32]], features: [Float], featureCount: Int, rowCount n: Int) -> Int {
        guard n >= 2 else { return 0 }
        var linked = [Bool](repeating: false, count: n)
        for list in edgeLists {
            for (a, b) in list where a != b {
                linked[Int(a)] = true
                linked[Int(b)] = true
            }
        }
        var repaired = 0
        features.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for i in 0..<n where !linked[i] {
                var best = -1
                var bestDistance = Float.infinity
                for j in 0..<n where j != i {
                    let d = SquaredDistance.vectorised(base + i * featureCount, base + j * featureCount, count: featureCount)
                    if d < bestDistance { bestDistance = d; best = j }
                }
                edges.append((Int32(i), Int32(best)))
                groups.append([Int32(min(i, best)), Int32(max(i, best))])
                linked[i] = true
                linked[best] = true
                repaired += 1
            }
        }
        return repaired
    }

    static func makeReport(graph: SparseGraph, method: GraphMethod, repaired: Int, seconds: Double) -> GraphReport {
        var minDegree = Int.max, maxDegree = 0, total = 0
        for i in 0..<graph.nodeCount {
            let d = graph.degree(of: i) - 1
            minDegree = min(minDegree, d)
            maxDegree = max(maxDegree, d)
            total += d
        }
        let sizes = graph.groups.map(\.count)
        return GraphReport(method: method, nodes: graph.nodeCount, edges: graph.edgeCount, groups: graph.groups.count,
                           smallestGroup: sizes.min() ?? 0, largestGroup: sizes.max() ?? 0,
                           minDegree: graph.nodeCount == 0 ? 0 : minDegree,
                           meanDegree: graph.nodeCount == 0 ? 0 : Double(total) / Double(graph.nodeCount),
                           maxDegree: maxDegree, repairedNodes: repaired, seconds: seconds)
    }
}
