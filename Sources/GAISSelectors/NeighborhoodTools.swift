import GAISCore
import GAISNeighbors

/// Building blocks shared by the neighbour-based selectors: neighbour lists on a subset of
/// rows, nearest enemies, majority votes.
///
/// Every helper works on **positions** in a list of active rows (ascending row numbers), so the
/// tie rule of the neighbour search (smaller index first) is the row order of the data set.
enum NeighborhoodTools {
    /// The k nearest other active rows of each active row, as positions in `rows`.
    /// - Complexity: O(rows.count² · featureCount).
    static func neighbors(of rows: [Int], in data: Dataset, k: Int, context: ExecutionContext) -> NeighborLists {
        NearestNeighbors.searchWithin(rows: rows, of: data.features, dimension: data.featureCount, k: k,
                                      context: context)
    }

    /// The class most voted by the first `count` neighbours in `neighbors` (positions into
    /// `labels`). Ties between classes go to the tied class whose first vote comes earliest in
    /// the list, i.e. the class of the nearest of the tied neighbours (so a 1–1–1 split of three
    /// neighbours follows the nearest one, as 1-NN would).
    /// - Precondition: `count ≥ 1`; `votes` has `classCount` zeros and is left all zero.
    @inline(__always)
    static func majority(_ neighbors: ArraySlice<Int32>, count: Int, labels: [Int32],
                         votes: inout [Int]) -> Int32 {
        var best: Int32 = -1
        var bestVotes = 0
        var n = 0
        for p in neighbors {
            if n == count { break }
            n += 1
            let c = labels[Int(p)]
            votes[Int(c)] += 1
            // Strictly more: a class catching up later does not beat an earlier one.
            if votes[Int(c)] > bestVotes { bestVotes = votes[Int(c)]; best = c }
        }
        n = 0
        for p in neighbors {
            if n == count { break }
            n += 1
            votes[Int(labels[Int(p)])] = 0
        }
        return best
    }

    /// For each active row, the squared distance to the nearest active row of another class
    /// (`Float.infinity` when there is none) and that row's position in `rows`.
    /// - Complexity: O(rows.count² · featureCount) over all cores.
    static func nearestEnemies(of rows: [Int], in data: Dataset,
                               context: ExecutionContext) -> (distances: [Float], positions: [Int]) {
        let d = data.featureCount
        var distances = [Float](repeating: .infinity, count: rows.count)
        var positions = [Int](repeating: -1, count: rows.count)
        var byClass = [[Int]](repeating: [], count: data.classCount)   // positions per class
        for (p, r) in rows.enumerated() { byClass[Int(data.labels[r])].append(p) }
        for members in byClass where !members.isEmpty {
            var isMember = [Bool](repeating: false, count: rows.count)
            for p in members { isMember[p] = true }
            let enemies = (0..<rows.count).filter { !isMember[$0] }
            if enemies.isEmpty { continue }
            let queries = NearestNeighbors.gather(rows: members.map { rows[$0] }, of: data.features, dimension: d)
            let reference = NearestNeighbors.gather(rows: enemies.map { rows[$0] }, of: data.features, dimension: d)
            let lists = NearestNeighbors.search(queries: queries, reference: reference, dimension: d, k: 1,
                                                context: context)
            for (q, p) in members.enumerated() {
                distances[p] = lists.distances[q]
                positions[p] = enemies[Int(lists.indices[q])]
            }
        }
        return (distances, positions)
    }

    /// Local-set statistics of every active row (Brighton & Mellish 2002): the local set of x
    /// is the set of same-class rows strictly nearer to x than x's nearest enemy. Both counts
    /// leave x itself out: per position, `localSetSize` = |LS(x) ∖ {x}| and `coverage` =
    /// |{x' ≠ x : x ∈ LS(x')}|; also the radius (squared distance to the nearest enemy,
    /// infinity when none) and the nearest enemy's position (−1 when none).
    /// - Complexity: O(Σ_c n_c² · featureCount) over all cores, O(rows.count) memory.
    static func localSets(of rows: [Int], in data: Dataset, context: ExecutionContext)
        -> (localSetSize: [Int], coverage: [Int], radius: [Float], enemy: [Int]) {
        let (radius, enemy) = nearestEnemies(of: rows, in: data, context: context)
        var byClass = [[Int]](repeating: [], count: data.classCount)
        for (p, r) in rows.enumerated() { byClass[Int(data.labels[r])].append(p) }
        var sizes = [Int](repeating: 0, count: rows.count)
        var coverage = [Int](repeating: 0, count: rows.count)
        let d = data.featureCount
        for members in byClass where !members.isEmpty {
            // The class's rows side by side, and their radii, so the quadratic loop below
            // walks contiguous memory.
            let matrix = NearestNeighbors.gather(rows: members.map { rows[$0] }, of: data.features, dimension: d)
            let radii = members.map { radius[$0] }
            let count = members.count
            var ownCounts = [Int](repeating: 0, count: count)
            var otherCounts = [Int](repeating: 0, count: count)
            matrix.withUnsafeBufferPointer { m in
                radii.withUnsafeBufferPointer { r in
                    ownCounts.withUnsafeMutableBufferPointer { own in
                        otherCounts.withUnsafeMutableBufferPointer { other in
                            let m = UncheckedSendable(m), r = UncheckedSendable(r)
                            let own = UnsafeMutableSendableBuffer(own), other = UnsafeMutableSendableBuffer(other)
                            Parallel.forEachChunk(count: count, grain: 16, context: context) { range in
                                let base = m.value.baseAddress!, radii = r.value
                                for a in range {
                                    let x = base + a * d
                                    var inOwn = 0, inOthers = 0
                                    func tally(_ b: Int, _ dist: Float) {
                                        if b == a { return }
                                        if dist < radii[a] { inOwn += 1 }
                                        if dist < radii[b] { inOthers += 1 }
                                    }
                                    var b = 0
                                    while b + 4 <= count {
                                        let (d0, d1, d2, d3) = SquaredDistance.inOrder(from: x, to: base + b * d, base + (b + 1) * d,
                                                                                base + (b + 2) * d, base + (b + 3) * d, dimension: d)
                                        tally(b, d0); tally(b + 1, d1); tally(b + 2, d2); tally(b + 3, d3)
                                        b += 4
                                    }
                                    while b < count {
                                        tally(b, SquaredDistance.inOrder(x, base + b * d, dimension: d))
                                        b += 1
                                    }
                                    own.base[a] = inOwn
                                    other.base[a] = inOthers
                                }
                            }
                        }
                    }
                }
            }
            for (a, p) in members.enumerated() {
                sizes[p] = ownCounts[a]
                coverage[p] = otherCounts[a]
            }
        }
        return (sizes, coverage, radius, enemy)
    }
}
