import GAISCore
import GAISNeighbors

/// The edge rules applied among the rows of one group (batch, bucket, window).
///
/// Every function takes the group's global row indices, gathers their features into one
/// contiguous buffer, and returns undirected edges as global index pairs. Results depend only
/// on the group's members and order (and the generator given), never on threads.
enum GroupEdges {
    /// The features of `members`, row after row.
    static func gather(_ members: [Int32], features: UnsafeBufferPointer<Float>, dimension: Int) -> [Float] {
        NearestNeighbors.gather(rows: members, of: features, dimension: dimension)
    }

    /// k nearest neighbours inside the group (Euclidean, ties to the smaller local index).
    /// - Complexity: O(g²·d) for a group of g rows.
    static func nearest(_ members: [Int32], features: UnsafeBufferPointer<Float>, dimension: Int,
                        k: Int) -> [(Int32, Int32)] {
        guard members.count >= 2 else { return [] }
        let rows = gather(members, features: features, dimension: dimension)
        let lists = NearestNeighbors.searchWithinGroup(rows, dimension: dimension, k: k)
        var edges: [(Int32, Int32)] = []
        edges.reserveCapacity(members.count * lists.k)
        for q in 0..<members.count {
            for r in lists.neighbors(of: q) { edges.append((members[q], members[Int(r)])) }
        }
        return edges
    }

    /// Squared distances of all pairs `i < j` of the group, row-major upper triangle, plus the
    /// nearest other row of each row (ties to the smaller local index).
    /// - Complexity: O(g²·d) time, O(g²) memory.
    static func pairDistances(_ rows: [Float], count: Int, dimension: Int) -> (pairs: [Float], nearest: [Int]) {
        var pairs = [Float](repeating: 0, count: count * (count - 1) / 2)
        var nearest = [Int](repeating: -1, count: count)
        var nearestDistance = [Float](repeating: .infinity, count: count)
        rows.withUnsafeBufferPointer { r in
            pairs.withUnsafeMutableBufferPointer { out in
                nearest.withUnsafeMutableBufferPointer { nearest in
                    nearestDistance.withUnsafeMutableBufferPointer { best in
                        guard let base = r.baseAddress else { return }
                        var p = 0
                        for i in 0..<count {
                            let row = base + i * dimension
                            for j in (i + 1)..<max(i + 1, count) {
                                let d = SquaredDistance.vectorised(row, base + j * dimension, count: dimension)
                                out[p] = d
                                p += 1
                                // Scanning j ascending for i, and i ascending for j, keeps ties on
                                // the smaller index.
                                if d < best[i] { best[i] = d; nearest[i] = j }
                                if d < best[j] { best[j] = d; nearest[j] = i }
                            }
                        }
                    }
                }
            }
        }
        return (pairs, nearest)
    }

    /// Pairs whose similarity 1/(1+d) reaches the group's `percentile`-th percentile (that is,
    /// whose distance is at most the (1 − p) quantile of pair distances), plus each row's edge
    /// to its nearest row.
    /// - Complexity: O(g²·d + g² log g) time, O(g²) memory.
    static func threshold(_ members: [Int32], features: UnsafeBufferPointer<Float>, dimension: Int,
                          percentile: Double) -> [(Int32, Int32)] {
        let g = members.count
        guard g >= 2 else { return [] }
        let rows = gather(members, features: features, dimension: dimension)
        let (pairs, nearest) = pairDistances(rows, count: g, dimension: dimension)
        let sorted = pairs.sorted()
        let keep = max(1, Int((Double(sorted.count) * (1 - percentile)).rounded(.up)))
        let limit = sorted[min(sorted.count, keep) - 1]
        var edges: [(Int32, Int32)] = []
        var p = 0
        for i in 0..<g {
            for j in (i + 1)..<max(i + 1, g) {
                if pairs[p] <= limit { edges.append((members[i], members[j])) }
                p += 1
            }
        }
        for i in 0..<g where nearest[i] >= 0 { edges.append((members[i], members[nearest[i]])) }
        return edges
    }

    /// The 2024 paper's window rule: keep a pair when its similarity 1/(1+d) is at least the
    /// window's mean similarity to the `rank`-th nearest neighbour, then drop each kept pair
    /// with probability `drop`; each row's edge to its nearest row is always kept so no row is
    /// isolated.
    /// - Complexity: O(g²·d) time, O(g²) memory.
    static func window(_ members: [Int32], features: UnsafeBufferPointer<Float>, dimension: Int,
                       rank: Int, drop: Double, generator: inout SeededGenerator) -> [(Int32, Int32)] {
        let g = members.count
        guard g >= 2 else { return [] }
        let rows = gather(members, features: features, dimension: dimension)
        let (pairs, nearest) = pairDistances(rows, count: g, dimension: dimension)
        let r = min(rank, g - 1)
        // The r-th smallest distance of each row, read from the triangle.
        var rowDistances = [Float](repeating: 0, count: g - 1)
        var meanSimilarity = 0.0
        for i in 0..<g {
            var t = 0
            for j in 0..<g where j != i {
                let (a, b) = i < j ? (i, j) : (j, i)
                rowDistances[t] = pairs[a * (2 * g - a - 1) / 2 + (b - a - 1)]
                t += 1
            }
            let kth = select(&rowDistances, rank: r - 1)
            meanSimilarity += 1 / (1 + Double(kth).squareRoot())
        }
        meanSimilarity /= Double(g)
        // 1/(1+√d) ≥ s̄  ⇔  d ≤ (1/s̄ − 1)², so pairs are compared on squared distances.
        let radius = 1 / meanSimilarity - 1
        let limit = Float(radius * radius)
        var edges: [(Int32, Int32)] = []
        var p = 0
        for i in 0..<g {
            for j in (i + 1)..<max(i + 1, g) {
                let kept = pairs[p] <= limit
                p += 1
                if kept {
                    // Draw for every kept pair, in pair order, so the masking is reproducible.
                    if drop > 0 && generator.nextDouble() < drop { continue }
                    edges.append((members[i], members[j]))
                }
            }
        }
        for i in 0..<g where nearest[i] >= 0 { edges.append((members[i], members[nearest[i]])) }
        return edges
    }

    /// The element of rank `rank` (0-based) of `values` in ascending order; reorders `values`.
    /// Quickselect with a middle pivot.
    /// - Complexity: O(count) expected.
    static func select(_ values: inout [Float], rank: Int) -> Float {
        var lo = 0, hi = values.count - 1
        while lo < hi {
            let pivot = values[(lo + hi) / 2]
            var i = lo, j = hi
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j { values.swapAt(i, j); i += 1; j -= 1 }
            }
            if rank <= j { hi = j } else if rank >= i { lo = i } else { return values[rank] }
        }
        return values[rank]
    }
}
