import GAISCore

/// An undirected graph over the rows of a dataset, in compressed-row form.
///
/// Both directions of every edge are stored, every node has a self-loop, and each node's
/// neighbour list is sorted ascending. `groups` lists the node sets the graph was built from
/// (mini-batches, hash buckets, windows): every edge lies inside one group, so a network can be
/// trained and run one group at a time.
public struct SparseGraph: Sendable, Equatable {
    /// Number of nodes.
    public let nodeCount: Int
    /// `neighbors[rowStart[i] ..< rowStart[i + 1]]` are the neighbours of node `i` (itself
    /// included). `rowStart.count == nodeCount + 1`.
    public let rowStart: [Int]
    /// Concatenated neighbour lists.
    public let neighbors: [Int32]
    /// The groups the edges were built in; each node appears in at least one.
    public let groups: [[Int32]]

    /// Number of stored directed entries, self-loops included.
    public var entryCount: Int { neighbors.count }

    /// Number of undirected edges, self-loops excluded.
    public var edgeCount: Int { (neighbors.count - nodeCount) / 2 }

    /// The neighbours of node `i`, itself included, ascending.
    @inlinable
    public func neighbors(of i: Int) -> ArraySlice<Int32> { neighbors[rowStart[i] ..< rowStart[i + 1]] }

    /// Degree of node `i` counting its self-loop.
    @inlinable
    public func degree(of i: Int) -> Int { rowStart[i + 1] - rowStart[i] }

    /// Builds a graph from undirected edges: adds the reverse of each edge and a self-loop per
    /// node, removes duplicates, sorts each list.
    /// - Parameters:
    ///   - nodeCount: number of nodes.
    ///   - edges: pairs `(a, b)` with `a, b` in `0..<nodeCount`, in any order and multiplicity.
    ///   - groups: the groups the edges were built in (default: one group of every node).
    /// - Complexity: O(E log E) for E edges.
    public init(nodeCount: Int, edges: [(Int32, Int32)], groups: [[Int32]]? = nil) {
        var degree = [Int](repeating: 1, count: nodeCount + 1)
        for (a, b) in edges where a != b {
            degree[Int(a)] += 1
            degree[Int(b)] += 1
        }
        var start = [Int](repeating: 0, count: nodeCount + 1)
        for i in 0..<nodeCount { start[i + 1] = start[i] + degree[i] }
        var fill = start
        var list = [Int32](repeating: 0, count: start[nodeCount])
        for i in 0..<nodeCount {
            list[fill[i]] = Int32(i)
            fill[i] += 1
        }
        for (a, b) in edges where a != b {
            list[fill[Int(a)]] = b; fill[Int(a)] += 1
            list[fill[Int(b)]] = a; fill[Int(b)] += 1
        }
        // Sort and deduplicate each row, compacting in place.
        var rowStart = [Int](repeating: 0, count: nodeCount + 1)
        var write = 0
        for i in 0..<nodeCount {
            let lo = start[i], hi = start[i + 1]
            list[lo..<hi].sort()
            rowStart[i] = write
            var previous: Int32 = -1
            for p in lo..<hi where list[p] != previous {
                previous = list[p]
                list[write] = previous
                write += 1
            }
        }
        rowStart[nodeCount] = write
        list.removeLast(list.count - write)
        self.nodeCount = nodeCount
        self.rowStart = rowStart
        self.neighbors = list
        self.groups = groups ?? [(0..<nodeCount).map { Int32($0) }]
    }

    /// Builds a graph from compressed rows that already satisfy the invariants.
    public init(nodeCount: Int, rowStart: [Int], neighbors: [Int32], groups: [[Int32]]) {
        precondition(rowStart.count == nodeCount + 1 && rowStart.last == neighbors.count)
        self.nodeCount = nodeCount
        self.rowStart = rowStart
        self.neighbors = neighbors
        self.groups = groups
    }

    /// The subgraph induced by `nodes` (local node `t` is global node `nodes[t]`): edges whose
    /// both ends are in `nodes`, renumbered. Self-loops are kept.
    /// - Complexity: O(Σ degree of `nodes`) plus a lookup table of `nodeCount` entries.
    public func inducedSubgraph(_ nodes: [Int32]) -> SparseGraph {
        var local = [Int32: Int32](minimumCapacity: nodes.count)
        for (t, v) in nodes.enumerated() { local[v] = Int32(t) }
        var rowStart = [Int](repeating: 0, count: nodes.count + 1)
        var list: [Int32] = []
        for (t, v) in nodes.enumerated() {
            var row: [Int32] = []
            for u in neighbors(of: Int(v)) {
                if let lu = local[u] { row.append(lu) }
            }
            row.sort()
            list.append(contentsOf: row)
            rowStart[t + 1] = list.count
        }
        return SparseGraph(nodeCount: nodes.count, rowStart: rowStart, neighbors: list,
                           groups: [(0..<nodes.count).map { Int32($0) }])
    }
}
