import GAISCore
import GAISKernels

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
///
/// **The distance.** Every reported distance is the plain sum of squared differences
/// accumulated in `Float`, one dimension after another in index order:
/// `d = 0; for j in 0..<dimension { d += (q[j] − r[j]) * (q[j] − r[j]) }`
/// (``squaredDistance(_:_:dimension:)``), exactly as ``bruteForce(queries:reference:dimension:k:excludeSelf:)``
/// computes it, so `search` and `searchWithin` return lists *equal* to brute force's.
///
/// **Ties.** Equal distances go to the smaller reference index.
///
/// **How it is fast** (see `blockedSearch` in `NearestNeighbors+Blocked.swift`): candidates are
/// ranked with the expanded form ‖q‖² + ‖r‖² − 2q·r on mean-centred data (SIMD, four queries ×
/// eight references per kernel, tiles that stay in cache, all cores); within one set each pair
/// is computed once and offered to both rows. The expanded form rounds differently, so each
/// query keeps k + 8 candidates, whose exact distances are then recomputed and sorted by
/// (distance, index); a rounding-error bound proves that no other reference can enter or tie.
/// Queries without a proof (exact ties at the k-th place, duplicates, extreme scales) are
/// answered by an exact kernel over all references. Features must be finite.
public enum NearestNeighbors {
    /// References per tile: a tile (`tileReferences × dimension` floats) is reused by all the
    /// queries of a chunk while it sits in cache.
    @usableFromInline static let tileReferences = 256
    /// Queries per parallel chunk. Chunk boundaries depend only on the query count, so results
    /// never depend on the number of threads (each query's answer depends on nothing else).
    @usableFromInline static let queriesPerChunk = 64

    /// The `k` nearest rows of `reference` for every row of `queries`.
    /// - Parameters:
    ///   - queries: row-major `queryCount × dimension` values.
    ///   - reference: row-major `referenceCount × dimension` values.
    ///   - dimension: values per row, ≥ 1.
    ///   - k: neighbours wanted, ≥ 1; clipped to the reference size.
    /// - Returns: the same lists as `bruteForce` (bit-identical distances, ties to the smaller
    ///   index).
    /// - Complexity: O(queryCount · referenceCount · dimension) time, spread over all cores,
    ///   plus O(k) list upkeep per candidate that enters a list (negligible for small k);
    ///   O(referenceCount · dimension + queryCount · k) memory.
    public static func search(queries: [Float], reference: [Float], dimension: Int, k: Int,
                              context: ExecutionContext = .allCores) -> NeighborLists {
        blockedSearch(queries: queries, reference: reference, dimension: dimension, k: k, excludeSelf: false,
                      context: context)
    }

    /// The `k` nearest other rows of `points` for each of its rows (a row is never its own
    /// neighbour, although an exact duplicate row is).
    /// - Parameters:
    ///   - points: row-major `count × dimension` values.
    ///   - dimension: values per row, ≥ 1.
    ///   - k: neighbours wanted, ≥ 1; clipped to `count − 1`.
    /// - Complexity: O(count² · dimension / 2) time over all cores (each pair's distance is
    ///   computed once and serves both rows), O(count · (dimension + k)) memory.
    public static func searchWithin(_ points: [Float], dimension: Int, k: Int,
                                    context: ExecutionContext = .allCores) -> NeighborLists {
        blockedSearch(queries: points, reference: points, dimension: dimension, k: k, excludeSelf: true,
                      context: context)
    }

    /// The `k` nearest other rows among the rows `rows` of a row-major matrix, for each of
    /// those rows. Indices in the result are **positions in `rows`** (0..<rows.count), so with
    /// ascending `rows` the tie rule (smaller index first) matches the tie rule on the full
    /// matrix.
    /// - Parameters:
    ///   - rows: row numbers of `matrix`, each in range; ascending when ties must follow the
    ///     matrix's own order.
    ///   - matrix: row-major values with `dimension` columns.
    ///   - dimension: values per row, ≥ 1.
    ///   - k: neighbours wanted, ≥ 1; clipped to `rows.count − 1`.
    /// - Complexity: O(rows.count² · dimension).
    public static func searchWithin(rows: [Int], of matrix: [Float], dimension: Int, k: Int,
                                    context: ExecutionContext = .allCores) -> NeighborLists {
        searchWithin(gather(rows: rows, of: matrix, dimension: dimension), dimension: dimension, k: k,
                     context: context)
    }

    /// The listed rows of a row-major matrix, copied contiguously in the given order.
    /// - Complexity: O(rows.count · dimension).
    public static func gather(rows: [Int], of matrix: [Float], dimension: Int) -> [Float] {
        matrix.withUnsafeBufferPointer { gather(rows: rows, of: $0, dimension: dimension) }
    }

    /// The same from a buffer, for row numbers of any integer type (batches list theirs as Int32).
    ///
    /// The rows are usually scattered over a matrix far larger than the caches (a batch or a
    /// piece drawn from the whole table), so the copy is a C loop that prefetches the rows ahead
    /// of the one it copies and their cache misses overlap. Every row number is checked first,
    /// so the C loop only ever reads inside the matrix.
    @inlinable
    public static func gather<Row: BinaryInteger>(rows: [Row], of matrix: UnsafeBufferPointer<Float>,
                                                  dimension: Int) -> [Float] {
        guard dimension >= 1 else { return [] }
        let rowCount = matrix.count / dimension
        for row in rows { precondition(row >= 0 && Int(row) < rowCount, "row out of range") }
        guard !rows.isEmpty, let base = matrix.baseAddress else { return [] }
        return [Float](unsafeUninitializedCapacity: rows.count * dimension) { out, initialised in
            if Row.self == Int32.self {
                rows.withUnsafeBufferPointer { r in
                    r.withMemoryRebound(to: Int32.self) {
                        gais_gather_rows32(base, $0.baseAddress, rows.count, dimension, out.baseAddress)
                    }
                }
            } else if Row.self == Int.self {
                rows.withUnsafeBufferPointer { r in
                    r.withMemoryRebound(to: Int64.self) {
                        gais_gather_rows64(base, $0.baseAddress, rows.count, dimension, out.baseAddress)
                    }
                }
            } else {
                let wide = rows.map { Int64($0) }
                wide.withUnsafeBufferPointer {
                    gais_gather_rows64(base, $0.baseAddress, rows.count, dimension, out.baseAddress)
                }
            }
            initialised = rows.count * dimension
        }
    }

    /// The squared Euclidean distance exactly as every search here computes it: differences
    /// squared and summed in `Float`, in dimension order. Use it wherever a distance must agree
    /// bit for bit with the neighbour lists (e.g. comparisons against a neighbour's distance).
    @inlinable
    public static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, dimension: Int) -> Float {
        SquaredDistance.inOrder(a, b, dimension: dimension)
    }

    /// Inserts (`distance`, `index`) into the list sorted by distance (ties after the entries
    /// already there, so earlier, smaller indices win), keeping at most `limit` entries.
    /// - Complexity: O(limit).
    @inlinable
    public static func offer(_ distance: Float, _ index: Int32, distances: inout [Float], indices: inout [Int32],
                             limit: Int) {
        if distances.count == limit && distance >= distances[limit - 1] { return }
        var pos = distances.count
        while pos > 0 && distances[pos - 1] > distance { pos -= 1 }
        distances.insert(distance, at: pos)
        indices.insert(index, at: pos)
        if distances.count > limit { distances.removeLast(); indices.removeLast() }
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
                offer(d, Int32(r), distances: &bestD, indices: &bestI, limit: kk)
            }
            for r in 0..<kk {
                indices[q * kk + r] = bestI[r]
                distances[q * kk + r] = bestD[r]
            }
        }
        return NeighborLists(k: kk, queryCount: queryCount, indices: indices, distances: distances)
    }
}
