import GAISCore
@testable import GAISGraph
import Testing

/// Seeded random rows: `clusters` Gaussian blobs in [0, 1]^d, labels by blob modulo `classes`.
func blobs(rows n: Int, dimension d: Int, classes: Int, seed: UInt64) -> (features: [Float], labels: [Int32]) {
    var generator = SeededGenerator(seed: seed)
    let clusters = 2 * classes
    let centres = (0..<clusters * d).map { _ in Float(generator.nextDouble()) }
    var features = [Float](repeating: 0, count: n * d)
    var labels = [Int32](repeating: 0, count: n)
    for i in 0..<n {
        let c = generator.nextInt(below: clusters)
        labels[i] = Int32(c % classes)
        for j in 0..<d { features[i * d + j] = centres[c * d + j] + Float(generator.nextGaussian() * 0.08) }
    }
    return (features, labels)
}

/// Checks the invariants every builder promises; returns a description of the first broken one.
func invariantViolation(_ graph: SparseGraph, nodeCount n: Int) -> String? {
    guard graph.nodeCount == n, graph.rowStart.count == n + 1 else { return "shape" }
    var groupsOf = [[Int]](repeating: [], count: n)
    for (g, group) in graph.groups.enumerated() {
        for v in group { groupsOf[Int(v)].append(g) }
    }
    for i in 0..<n {
        let list = Array(graph.neighbors(of: i))
        if !list.contains(Int32(i)) { return "node \(i) has no self-loop" }
        if list != list.sorted() || Set(list).count != list.count { return "node \(i) list not sorted/unique" }
        if n >= 2 && list.count < 2 { return "node \(i) is isolated" }
        if groupsOf[i].isEmpty { return "node \(i) in no group" }
        for j in list where Int(j) != i {
            if !graph.neighbors(of: Int(j)).contains(Int32(i)) { return "edge \(i)-\(j) not symmetric" }
            if Set(groupsOf[i]).isDisjoint(with: groupsOf[Int(j)]) { return "edge \(i)-\(j) in no group" }
        }
    }
    return nil
}

/// A configuration small enough that tiny data sets have several groups.
/// Every builder parameter in one flat value, for tests that sweep builders with the same
/// settings; `configuration(_:)` keeps only what the chosen builder has.
struct GraphSettings {
    var batchSize = 1024
    var neighbors = 10
    var edgeRule = EdgeRule.nearest
    var percentile = 0.95
    var repeats = 1
    var bits: Int? = nil
    var bucketCap = 512
    var levels = 3
    var views = 4
    var viewFeatures = 0.7
    var window = 2000
    var overlap = 200
    var edgeDrop = 0.2
    var thresholdRank = 5

    func configuration(_ method: GraphMethod) -> GraphConfiguration {
        var edges = EdgeConfiguration()
        edges.rule = edgeRule
        edges.neighbors = neighbors
        edges.percentile = percentile
        switch method {
        case .minibatch:
            var m = MiniBatchGraph()
            m.batchSize = batchSize
            m.repeats = repeats
            m.edges = edges
            return .minibatch(m)
        case .lsh, .lshMultilevel, .lshMultiview:
            let tables: HashGraph.Tables = method == .lsh ? .single
                : method == .lshMultilevel ? .multilevel(levels: levels) : .multiview(views: views, featureFraction: viewFeatures)
            var h = HashGraph(tables: tables)
            h.bits = bits
            h.bucketCap = bucketCap
            h.edges = edges
            return .hashing(h)
        case .chunk:
            var c = ChunkGraph()
            c.window = window
            c.overlap = overlap
            c.edgeDrop = edgeDrop
            c.thresholdRank = thresholdRank
            return .chunk(c)
        }
    }
}

/// `GraphBuilder.build` with flat settings and a numeric seed.
func buildGraph(features: [Float], featureCount: Int, labels: [Int32], configuration: GraphSettings = GraphSettings(),
                method: GraphMethod = .minibatch, seed: UInt64,
                context: ExecutionContext = .allCores) throws -> (SparseGraph, GraphReport) {
    try GraphBuilder.build(features: features, featureCount: featureCount, labels: labels,
                           configuration: configuration.configuration(method), seed: Seed(seed), context: context)
}

func smallConfiguration() -> GraphSettings {
    var configuration = GraphSettings()
    configuration.batchSize = 128
    configuration.neighbors = 5
    configuration.bucketCap = 40
    configuration.window = 150
    configuration.overlap = 30
    return configuration
}
