import GAISCore
import GAISNeighbors

extension GraphBuilder {
    /// The graph `build` returns, in the form training and inference read best: a `BatchGraph`
    /// for the default builder (`minibatch`, one partition, `nearest` edges, batches of 2 to
    /// 65,536 rows), else the `SparseGraph` of `build`. The report is the same either way.
    public static func buildGrouped(features: [Float], featureCount: Int, labels: [Int32],
                                    configuration: GraphConfiguration = GraphConfiguration(.minibatch), seed: Seed,
                                    context: ExecutionContext = .allCores) throws -> (any GroupedGraph, GraphReport) {
        guard case .minibatch(let m) = configuration, m.repeats == 1, m.edges.rule == .nearest,
              featureCount >= 1, labels.count >= 2, features.count == labels.count * featureCount,
              labels.allSatisfy({ $0 >= 0 })
        else {
            return try build(features: features, featureCount: featureCount, labels: labels,
                             configuration: configuration, seed: seed, context: context)
        }
        try configuration.validate()
        var stopwatch = Stopwatch()
        var generator = seed.child("partition").child(0).generator
        let groups = stratifiedBatches(labels: labels, batchSize: m.batchSize, generator: &generator)
        guard groups.allSatisfy({ $0.count >= 2 && $0.count <= 1 << 16 }) else {
            return try build(features: features, featureCount: featureCount, labels: labels,
                             configuration: configuration, seed: seed, context: context)
        }
        let k = m.edges.neighbors
        struct Batch: Sendable {
            var neighbors: [UInt16]
            var edges: Int
            var minDegree: Int
            var maxDegree: Int
            var degreeSum: Int
        }
        let batches: [Batch] = features.withUnsafeBufferPointer { buffer in
            let shared = UncheckedSendable(buffer)
            return Parallel.map(count: groups.count, context: context) { b in
                let members = groups[b]
                let rows = GroupEdges.gather(members, features: shared.value, dimension: featureCount)
                let lists = NearestNeighbors.searchWithinGroup(rows, dimension: featureCount, k: k, context: context)
                let neighbors = lists.indices.map { UInt16(truncatingIfNeeded: $0) }
                // The degrees of the symmetrised batch, for the report.
                var partial = BatchGraph(nodeCount: members.count, groups: [members], neighbors: [neighbors])
                    .groupSubgraph(0)
                var minDegree = Int.max, maxDegree = 0, sum = 0
                for t in 0 ..< partial.nodeCount {
                    let degree = partial.degree(of: t) - 1
                    minDegree = min(minDegree, degree)
                    maxDegree = max(maxDegree, degree)
                    sum += degree
                }
                let edges = partial.edgeCount
                partial = SparseGraph(nodeCount: 0, edges: [])
                return Batch(neighbors: neighbors, edges: edges, minDegree: minDegree, maxDegree: maxDegree,
                             degreeSum: sum)
            }
        }
        let graph = BatchGraph(nodeCount: labels.count, groups: groups, neighbors: batches.map(\.neighbors))
        let sizes = groups.map(\.count)
        let n = labels.count
        let report = GraphReport(method: .minibatch, nodes: n, edges: batches.reduce(0) { $0 + $1.edges },
                                 groups: groups.count, smallestGroup: sizes.min() ?? 0,
                                 largestGroup: sizes.max() ?? 0,
                                 minDegree: batches.map(\.minDegree).min() ?? 0,
                                 meanDegree: Double(batches.reduce(0) { $0 + $1.degreeSum }) / Double(n),
                                 maxDegree: batches.map(\.maxDegree).max() ?? 0, repairedNodes: 0,
                                 seconds: stopwatch.lap())
        return (graph, report)
    }
}
