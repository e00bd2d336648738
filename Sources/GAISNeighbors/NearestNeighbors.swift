import GAISCore

/// The k nearest neighbours of each query, row-major `queryCount × k`.
///
/// Row `q` lists reference indices by increasing squared Euclidean distance. Ties: equal
/// distances go to the smaller reference index, so results are fully deterministic.
public struct NeighborLists: Sendable, Equatable {
    /// Neighbours per query (may be less than requested when the reference set is small).
    public let k: Int
    /// Number of queries.
    public let queryCount: Int
    /// Reference indices, `indices[q * k + r]` is the r-th nearest of query q.
    public var indices: [Int32]
    /// Squared Euclidean distances matching `indices`.
    public var distances: [Float]

    public init(k: Int, queryCount: Int, indices: [Int32], distances: [Float]) {
        precondition(indices.count == k * queryCount && distances.count == indices.count)
        self.k = k
        self.queryCount = queryCount
        self.indices = indices
        self.distances = distances
    }

    /// The neighbours of query `q`, nearest first.
    @inlinable
    public func neighbors(of q: Int) -> ArraySlice<Int32> { indices[q * k ..< (q + 1) * k] }

    /// The squared distances of query `q`'s neighbours, nearest first.
    @inlinable
    public func distances(of q: Int) -> ArraySlice<Float> { distances[q * k ..< (q + 1) * k] }
}

/// Exact k-nearest-neighbour search by squared Euclidean distance.
public enum NearestNeighbors {
    /// The `k` nearest rows of `reference` for every row of `queries`.
    /// - Parameters:
    ///   - queries: row-major `queryCount × dimension` values.
    ///   - reference: row-major `referenceCount × dimension` values.
    ///   - k: neighbours wanted, ≥ 1; clipped to the reference size.
    /// - Complexity: O(queryCount · referenceCount · dimension).
    public static func search(queries: [Float], reference: [Float], dimension: Int, k: Int) -> NeighborLists {
        bruteForce(queries: queries, reference: reference, dimension: dimension, k: k, excludeSelf: false)
    }

    /// The `k` nearest other rows of `points` for each of its rows (a row is never its own
    /// neighbour, although an exact duplicate row is).
    /// - Parameters:
    ///   - points: row-major `count × dimension` values.
    ///   - k: neighbours wanted, ≥ 1; clipped to `count − 1`.
    public static func searchWithin(_ points: [Float], dimension: Int, k: Int) -> NeighborLists {
        bruteForce(queries: points, reference: points, dimension: dimension, k: k, excludeSelf: true)
    }

    /// Reference implementation: every distance, a sorted insertion into a bounded list.
    /// Used by the property tests; not tuned for speed.
    public static func bruteForce(queries: [Float], reference: [Float], dimension: Int, k: Int,
                                  excludeSelf: Bool) -> NeighborLists {
        precondition(dimension > 0 && k >= 1)
        let queryCount = queries.count / dimension
        let referenceCount = reference.count / dimension
        let kk = max(0, min(k, referenceCount - (excludeSelf ? 1 : 0)))
        var indices = [Int32](repeating: 0, count: queryCount * kk)
        var distances = [Float](repeating: 0, count: queryCount * kk)
        guard kk > 0 else { return NeighborLists(k: 0, queryCount: queryCount, indices: [], distances: []) }
        for q in 0..<queryCount {
            var bestD: [Float] = []
            var bestI: [Int32] = []
            for r in 0..<referenceCount where !(excludeSelf && r == q) {
                var d: Float = 0
                for j in 0..<dimension {
                    let diff = queries[q * dimension + j] - reference[r * dimension + j]
                    d += diff * diff
                }
                if bestD.count == kk && d >= bestD[kk - 1] { continue }
                var pos = bestD.count
                while pos > 0 && bestD[pos - 1] > d { pos -= 1 }
                bestD.insert(d, at: pos)
                bestI.insert(Int32(r), at: pos)
                if bestD.count > kk { bestD.removeLast(); bestI.removeLast() }
            }
            for r in 0..<kk {
                indices[q * kk + r] = bestI[r]
                distances[q * kk + r] = bestD[r]
            }
        }
        return NeighborLists(k: kk, queryCount: queryCount, indices: indices, distances: distances)
    }
}
