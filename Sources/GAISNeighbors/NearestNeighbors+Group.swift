import GAISCore
import GAISKernels

extension NearestNeighbors {
    /// Candidates kept per row beyond k by `searchWithinGroup`: with k = 10, sixteen, one
    /// vector of the exact stage; a row whose proof fails is answered by brute force alone.
    static let groupSpareCandidates = 6

    /// `searchWithin(points, dimension:, k:)` for one small group of rows (a graph builder's
    /// mini-batch or bucket), on the calling thread: the same lists, bit for bit.
    ///
    /// The C kernel `gais_knn_within` ranks every row against the whole group at once and keeps
    /// its candidates with a running threshold instead of a sorted insertion per candidate (the
    /// insertions were most of the time of the general search at this size); its answer is
    /// proven exact as in `blockedSearch`. When it cannot prove every row (exact ties, duplicate
    /// rows, non-finite values), the group is answered by `searchWithin` itself.
    /// - Complexity: O(g²·d) for g rows.
    public static func searchWithinGroup(_ points: [Float], dimension: Int, k: Int,
                                         context: ExecutionContext = .serial) -> NeighborLists {
        precondition(dimension > 0 && k >= 1 && points.count % dimension == 0)
        let n = points.count / dimension
        let kk = max(0, min(k, n - 1))
        guard kk > 0 else { return searchWithin(points, dimension: dimension, k: k, context: .serial) }
        var indices = [Int32](repeating: 0, count: n * kk)
        var distances = [Float](repeating: 0, count: n * kk)
        let proven = points.withUnsafeBufferPointer { rows in
            indices.withUnsafeMutableBufferPointer { i in
                distances.withUnsafeMutableBufferPointer { d in
                    gais_knn_within(rows.baseAddress!, n, dimension, k, groupSpareCandidates, i.baseAddress!,
                                    d.baseAddress!, KernelPath.level(for: context))
                }
            }
        }
        guard proven == 1 else {
            return searchWithin(points, dimension: dimension, k: k, context: .serial)
        }
        return NeighborLists(k: kk, queryCount: n, indices: indices, distances: distances)
    }
}
