import GAISCore
import GAISKernels

/// A graph read one group at a time: what network training and inference need. Every edge lies
/// inside a group, so a group's induced subgraph is all a step or an inference pass over it
/// reads. `SparseGraph` is one (it stores the whole graph); `BatchGraph` is another (it stores
/// only each row's neighbours inside its batch, and rebuilds a batch's subgraph when asked).
public protocol GroupedGraph: Sendable {
    /// Number of nodes.
    var nodeCount: Int { get }
    /// The groups, each listing global node ids.
    var groups: [[Int32]] { get }
    /// The subgraph induced by `groups[g]`, numbered locally (local node t is `groups[g][t]`),
    /// with the self-loops and ascending lists of `SparseGraph`.
    func groupSubgraph(_ g: Int) -> SparseGraph
    /// The whole graph in compressed-row form (built on demand when not stored that way).
    func sparseGraph() -> SparseGraph
}

extension SparseGraph: GroupedGraph {
    /// The graph itself when the group is every node in order, else `inducedSubgraph`.
    public func groupSubgraph(_ g: Int) -> SparseGraph {
        let nodes = groups[g]
        if nodes.count == nodeCount && nodes.enumerated().allSatisfy({ Int($0.element) == $0.offset }) { return self }
        return inducedSubgraph(nodes)
    }

    public func sparseGraph() -> SparseGraph { self }
}

/// The `minibatch` graph (one partition) kept as its batches: for each row, its k nearest
/// neighbours inside its batch as local numbers (two bytes each). A batch's subgraph is
/// symmetrised from them when training or inference asks for it, so the whole graph never
/// exists at once: at 10 million rows with k = 10 that is 200 MB instead of about 1.2 GB (the
/// compressed rows plus the edge lists they were built from), and no time goes into assembling it.
///
/// `groupSubgraph(b)` equals `sparseGraph().inducedSubgraph(groups[b])` exactly: with one
/// partition and no repaired nodes, every edge of a row lies in its own batch.
public struct BatchGraph: GroupedGraph {
    public let nodeCount: Int
    /// The batches, each ascending, every node in exactly one.
    public let groups: [[Int32]]
    /// Per batch, row after row, each row's neighbours (local numbers, nearest first).
    let neighbors: [[UInt16]]

    /// Neighbours per row in batch `b`.
    func listLength(_ b: Int) -> Int { groups[b].isEmpty ? 0 : neighbors[b].count / groups[b].count }

    /// Undirected local edges of batch `b`, each row to each of its neighbours.
    func localEdges(_ b: Int) -> [(Int32, Int32)] {
        let k = listLength(b)
        let list = neighbors[b]
        var edges: [(Int32, Int32)] = []
        edges.reserveCapacity(list.count)
        for t in 0 ..< groups[b].count {
            for r in list[t * k ..< (t + 1) * k] { edges.append((Int32(t), Int32(r))) }
        }
        return edges
    }

    public func groupSubgraph(_ g: Int) -> SparseGraph {
        // What SparseGraph(nodeCount:edges:) makes of `localEdges(g)`, without the tuple list.
        let n = groups[g].count, k = listLength(g)
        var rowStart = [Int](repeating: 0, count: n + 1)
        var written = 0
        let list = [Int32](unsafeUninitializedCapacity: n * (2 * k + 1)) { out, initialized in
            neighbors[g].withUnsafeBufferPointer { lists in
                rowStart.withUnsafeMutableBufferPointer { starts in
                    written = gais_symmetrise_lists(n, k, lists.baseAddress, starts.baseAddress!, out.baseAddress!)
                }
            }
            precondition(written >= 0, "out of memory")
            initialized = written
        }
        return SparseGraph(nodeCount: n, rowStart: rowStart, neighbors: list, groups: [(0 ..< Int32(n)).map { $0 }])
    }

    public func sparseGraph() -> SparseGraph {
        let lists = groups.indices.map { b in
            let members = groups[b]
            return localEdges(b).map { (members[Int($0.0)], members[Int($0.1)]) }
        }
        return SparseGraph(nodeCount: nodeCount, edgeLists: lists + [[]], groups: groups)
    }
}
