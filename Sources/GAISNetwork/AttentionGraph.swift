import GAISGraph

/// A graph laid out for attention kernels: edges grouped by receiving node (CSR, as
/// `SparseGraph`) plus the same edges grouped by sending node, so backward passes can gather
/// per node in a fixed order instead of scattering into shared buffers.
///
/// Edge `p` in row `i` means node `i` attends to node `source[p]` (`i`'s neighbour).
struct AttentionGraph: Sendable {
    let nodeCount: Int
    /// `rowStart[i] ..< rowStart[i + 1]` are the edges received by node `i`.
    let rowStart: [Int]
    /// The neighbour (sender) of each edge.
    let source: [Int32]
    /// The receiving node of each edge.
    let target: [Int32]
    /// `outgoingStart[j] ..< outgoingStart[j + 1]` index `outgoingEdge`: the edges whose sender is
    /// `j`, in increasing edge order.
    let outgoingStart: [Int]
    let outgoingEdge: [Int32]

    var edgeCount: Int { source.count }

    /// - Complexity: O(nodes + edges).
    init(_ graph: SparseGraph) {
        let n = graph.nodeCount
        let edges = graph.neighbors.count
        nodeCount = n
        rowStart = graph.rowStart
        source = graph.neighbors
        var target = [Int32](repeating: 0, count: edges)
        var outgoingStart = [Int](repeating: 0, count: n + 1)
        for i in 0 ..< n {
            for p in graph.rowStart[i] ..< graph.rowStart[i + 1] {
                target[p] = Int32(i)
                outgoingStart[Int(graph.neighbors[p]) + 1] += 1
            }
        }
        for j in 0 ..< n { outgoingStart[j + 1] += outgoingStart[j] }
        var fill = outgoingStart
        var outgoingEdge = [Int32](repeating: 0, count: edges)
        for p in 0 ..< edges {
            let j = Int(graph.neighbors[p])
            outgoingEdge[fill[j]] = Int32(p)
            fill[j] += 1
        }
        self.target = target
        self.outgoingStart = outgoingStart
        self.outgoingEdge = outgoingEdge
    }
}
