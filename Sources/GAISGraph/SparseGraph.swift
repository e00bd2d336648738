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
    /// - Complexity: O(E log d) for E edges and largest degree d.
    public init(nodeCount: Int, edges: [(Int32, Int32)], groups: [[Int32]]? = nil,
                context: ExecutionContext = .allCores) {
        self.init(nodeCount: nodeCount, edgeLists: [edges], groups: groups, context: context)
    }

    /// The same from several edge lists (e.g. one per group), as if they were concatenated.
    public init(nodeCount: Int, edgeLists: [[(Int32, Int32)]], groups: [[Int32]]? = nil,
                context: ExecutionContext = .allCores) {
        var start = [Int](repeating: 0, count: nodeCount + 1)
        for i in 0..<nodeCount { start[i + 1] = 1 }   // the self-loop
        for edges in edgeLists {
            for (a, b) in edges where a != b {
                start[Int(a) + 1] += 1
                start[Int(b) + 1] += 1
            }
        }
        for i in 0..<nodeCount { start[i + 1] += start[i] }
        // Every slot is written by the fill below (each row: its self-loop, then its edges), so
        // the list is not zero-filled first.
        var list = [Int32](unsafeUninitializedCapacity: start[nodeCount]) { list, initialized in
            var fill = start
            for i in 0..<nodeCount {
                list[fill[i]] = Int32(i)
                fill[i] += 1
            }
            for edges in edgeLists {
                for (a, b) in edges where a != b {
                    list[fill[Int(a)]] = b; fill[Int(a)] += 1
                    list[fill[Int(b)]] = a; fill[Int(b)] += 1
                }
            }
            initialized = start[nodeCount]
        }
        var unique = [Int](repeating: 0, count: nodeCount)
        list.withUnsafeMutableBufferPointer { list in
            // Each row sorted and deduplicated where it lies (rows are independent, so in
            // parallel; the result does not depend on the chunking), then compacted in order.
            let rows = UnsafeMutableSendableBuffer(list)
            unique.withUnsafeMutableBufferPointer { unique in
                let unique = UnsafeMutableSendableBuffer(unique)
                start.withUnsafeBufferPointer { start in
                    Parallel.forEachChunk(count: nodeCount, grain: 8192, context: context) { range in
                        for i in range {
                            let row = UnsafeMutableBufferPointer(rebasing: rows.base[start[i] ..< start[i + 1]])
                            Self.sortSmall(row)
                            var write = 0
                            for value in row where write == 0 || row[write - 1] != value {
                                row[write] = value
                                write += 1
                            }
                            unique.base[i] = write
                        }
                    }
                }
            }
        }
        var rowStart = [Int](repeating: 0, count: nodeCount + 1)
        var write = 0
        list.withUnsafeMutableBufferPointer { list in
            for i in 0..<nodeCount {
                rowStart[i] = write
                let from = start[i]
                if from != write { for k in 0..<unique[i] { list[write + k] = list[from + k] } }
                write += unique[i]
            }
        }
        rowStart[nodeCount] = write
        list.removeLast(list.count - write)
        self.nodeCount = nodeCount
        self.rowStart = rowStart
        self.neighbors = list
        self.groups = groups ?? [(0..<nodeCount).map { Int32($0) }]
    }

    /// Ascending order in place: insertion sort for the short lists graphs have, else the
    /// standard sort.
    static func sortSmall(_ row: UnsafeMutableBufferPointer<Int32>) {
        guard row.count <= 32 else {
            var whole = row
            whole.sort()
            return
        }
        for i in 1..<max(1, row.count) {
            let value = row[i]
            var j = i
            while j > 0 && row[j - 1] > value {
                row[j] = row[j - 1]
                j -= 1
            }
            row[j] = value
        }
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
    /// - Complexity: O(Σ degree of `nodes`) expected, plus a table of about 2·|nodes| entries.
    public func inducedSubgraph(_ nodes: [Int32]) -> SparseGraph {
        let local = LocalNumbering(nodes)
        var total = 0
        for v in nodes { total += degree(of: Int(v)) }
        var localStart = [Int](repeating: 0, count: nodes.count + 1)
        var list = [Int32](repeating: 0, count: total)
        // Global lists are ascending, so when `nodes` is ascending the renumbered lists are too.
        var ascending = true
        for t in nodes.indices.dropFirst() where nodes[t - 1] >= nodes[t] { ascending = false; break }
        var write = 0
        localStart.withUnsafeMutableBufferPointer { starts in
            list.withUnsafeMutableBufferPointer { out in
                neighbors.withUnsafeBufferPointer { all in
                    for (t, v) in nodes.enumerated() {
                        let lo = write
                        for p in self.rowStart[Int(v)] ..< self.rowStart[Int(v) + 1] {
                            let lu = local[all[p]]
                            if lu >= 0 { out[write] = lu; write += 1 }
                        }
                        if !ascending {
                            var row = UnsafeMutableBufferPointer(rebasing: out[lo ..< write])
                            row.sort()
                        }
                        starts[t + 1] = write
                    }
                }
            }
        }
        list.removeLast(total - write)
        return SparseGraph(nodeCount: nodes.count, rowStart: localStart, neighbors: list,
                           groups: [(0..<nodes.count).map { Int32($0) }])
    }
}

/// Global → local node numbers for one group: an open-addressing table (linear probing) sized
/// to twice the group, so a lookup costs a multiply and a probe or two, with no allocation per
/// lookup. A node listed twice maps to its last position.
struct LocalNumbering {
    private var keys: [Int32]
    private var values: [Int32]
    private let shift: UInt32
    private let mask: Int

    init(_ nodes: [Int32]) {
        var bits: UInt32 = 1
        while (1 << bits) < 2 * max(nodes.count, 1) { bits += 1 }
        shift = 32 - bits
        mask = (1 << bits) - 1
        keys = [Int32](repeating: -1, count: 1 << bits)
        values = [Int32](repeating: -1, count: 1 << bits)
        for (t, v) in nodes.enumerated() {
            var slot = slotOf(v)
            while keys[slot] != -1 && keys[slot] != v { slot = (slot + 1) & mask }
            keys[slot] = v
            values[slot] = Int32(t)
        }
    }

    @inline(__always)
    private func slotOf(_ v: Int32) -> Int {
        Int((UInt32(bitPattern: v) &* 0x9E37_79B1) >> shift)
    }

    /// The local number of global node `v`, or -1 when `v` is not in the group.
    @inline(__always)
    subscript(_ v: Int32) -> Int32 {
        var slot = slotOf(v)
        while true {
            let key = keys[slot]
            if key == v { return values[slot] }
            if key == -1 { return -1 }
            slot = (slot + 1) & mask
        }
    }
}
