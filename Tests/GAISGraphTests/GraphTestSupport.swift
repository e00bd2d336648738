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
func smallConfiguration() -> GraphConfiguration {
    var configuration = GraphConfiguration()
    configuration.batchSize = 128
    configuration.neighbors = 5
    configuration.bucketCap = 40
    configuration.window = 150
    configuration.overlap = 30
    return configuration
}
