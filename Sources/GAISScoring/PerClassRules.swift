import GAISCore
import GAISGraph
import GAISNeighbors

/// The per-class selection rules of method.md §5, independent of the network: they take rows,
/// a quota and scores, and return the kept rows, ascending.
///
/// Score ties always go to the smaller row index, so results are deterministic.
public enum PerClassRules {
    /// `cover`: k-means splits `rows` into `quota` groups and each group keeps its best row:
    /// among the rows whose score is within `tolerance` of the group's highest score, the one
    /// nearest the group's mean (ties to the smaller row index). `tolerance` 0 keeps the
    /// highest-scoring row (nearest the mean among equal scores); a tolerance wider than the
    /// scores' range gives the `centroid` rule. Returns exactly `min(quota, rows.count)` rows.
    /// Quotas above `KMeans.twoLevelThreshold` use two-level k-means (`KMeans.partition`).
    /// - Parameters:
    ///   - rows: the rows of one class (indices into `points`), any order, unique.
    ///   - quota: rows to keep, ≥ 0.
    ///   - points: row-major values of every row (features or hidden outputs), `dimension` each.
    ///   - scores: score of every row (indexed like `points`).
    ///   - tolerance: score slack, ≥ 0, in the score's units.
    ///   - iterations: Lloyd iterations, ≥ 0.
    ///   - starts: seeded k-means starts, the lowest inertia kept. One start is seeded with `seed`
    ///     itself; more are seeded as `centroid`'s, so with the same iterations and starts a
    ///     tolerance wider than the scores' range keeps exactly `centroid`'s rows.
    /// - Complexity: O(starts·iterations·|rows|·quota·dimension), with √quota in place of quota
    ///   above the two-level threshold.
    public static func cover(rows: [Int], quota: Int, points: [Float], dimension: Int, scores: [Float],
                             tolerance: Float = 0, iterations: Int = 10, starts: Int = 1, seed: Seed,
                             context: ExecutionContext = .allCores) -> [Int] {
        coverGroups(rows: rows, quota: quota, points: points, dimension: dimension, scores: scores,
                    tolerance: tolerance, iterations: iterations, starts: starts, seed: seed, context: context).kept
    }

    /// `cover` with its groups: each row stands for the kept row of its k-means group.
    public static func coverGroups(rows: [Int], quota: Int, points: [Float], dimension: Int, scores: [Float],
                                   tolerance: Float = 0, iterations: Int = 10, starts: Int = 1, seed: Seed,
                                   context: ExecutionContext = .allCores) -> GroupedChoice {
        let groups = starts > 1
            ? bestOfStarts(rows: rows, quota: quota, points: points, dimension: dimension, iterations: iterations,
                           starts: starts, seed: seed, context: context)
            : clusters(rows: rows, quota: quota, points: points, dimension: dimension,
                       iterations: iterations, seed: seed, context: context)
        guard let groups else { return unclustered(rows: rows, quota: quota) }
        let result = groups.result
        var highest = [Float](repeating: -.infinity, count: result.clusterCount)
        for (t, row) in groups.rows.enumerated() {
            highest[result.assignments[t]] = max(highest[result.assignments[t]], scores[row])
        }
        return centralGroups(groups, dimension: dimension) { t, row in
            scores[row] >= highest[result.assignments[t]] - tolerance
        }
    }

    /// `centroid` baseline, the same rule as the `prototypes` selector: converged k-means of
    /// `rows` into `quota` groups (k-means++ seeding, Lloyd iterations until the assignment
    /// stops changing or `iterations` is reached), the best of `starts` seeded starts (lowest
    /// inertia, the first on ties; start s seeded `seed.child("start").child(s)`), then each
    /// group keeps the row nearest its mean (ties to the smaller row index). No scores, no
    /// network.
    /// - Complexity: O(starts·iterations·|rows|·quota·dimension), √quota above the two-level
    ///   threshold.
    public static func centroid(rows: [Int], quota: Int, points: [Float], dimension: Int,
                                iterations: Int = 300, starts: Int = 3, seed: Seed,
                                context: ExecutionContext = .allCores) -> [Int] {
        centroidGroups(rows: rows, quota: quota, points: points, dimension: dimension, iterations: iterations,
                       starts: starts, seed: seed, context: context).kept
    }

    /// `centroid` with its groups: each row stands for the kept row of its k-means group.
    public static func centroidGroups(rows: [Int], quota: Int, points: [Float], dimension d: Int,
                                      iterations: Int = 300, starts: Int = 3, seed: Seed,
                                      context: ExecutionContext = .allCores) -> GroupedChoice {
        guard let groups = bestOfStarts(rows: rows, quota: quota, points: points, dimension: d,
                                        iterations: iterations, starts: starts, seed: seed, context: context)
        else { return unclustered(rows: rows, quota: quota) }
        return centralGroups(groups, dimension: d) { _, _ in true }
    }

    /// k-means of `rows` into `quota` groups, the lowest inertia of `starts` seeded starts (the
    /// first on ties; start s seeded `seed.child("start").child(s)`), or nil when no clustering
    /// is needed (`quota` ≤ 0 or ≥ |rows|).
    static func bestOfStarts(rows: [Int], quota: Int, points: [Float], dimension d: Int, iterations: Int,
                             starts: Int, seed: Seed, context: ExecutionContext)
        -> (rows: [Int], local: [Float], result: KMeansResult)? {
        guard quota > 0 && quota < rows.count else { return nil }
        let local = gather(rows.sorted(), points: points, dimension: d)
        var best: KMeansResult?
        var bestInertia = Double.infinity
        for s in 0..<max(1, starts) {
            let result = KMeans.partition(points: local.values, dimension: d, clusterCount: quota,
                                          iterations: iterations, seed: seed.child("start").child(s), context: context,
                                          bounds: .elkan)
            let inertia = KMeans.inertia(points: local.values, dimension: d, result: result)
            if inertia < bestInertia || best == nil { bestInertia = inertia; best = result }
        }
        guard let best else { return nil }
        return (local.rows, local.values, best)
    }

    /// The choice when no clustering is needed: nothing for a quota of 0, every row otherwise.
    static func unclustered(rows: [Int], quota: Int) -> GroupedChoice {
        quota <= 0 ? GroupedChoice(kept: [], rows: [], representatives: []) : .all(rows)
    }

    /// For each cluster, its eligible row nearest the cluster's centre (ties to the smaller row
    /// index), sorted. `eligible(t, row)` is asked for local position `t` of global `row`.
    static func mostCentral(_ groups: (rows: [Int], local: [Float], result: KMeansResult), dimension: Int,
                            eligible: (Int, Int) -> Bool) -> [Int] {
        centralGroups(groups, dimension: dimension, eligible: eligible).kept
    }

    /// `mostCentral` with the groups: every row stands for its cluster's kept row.
    static func centralGroups(_ groups: (rows: [Int], local: [Float], result: KMeansResult), dimension: Int,
                              eligible: (Int, Int) -> Bool) -> GroupedChoice {
        let result = groups.result
        var best = [Int](repeating: -1, count: result.clusterCount)
        var bestDistance = [Float](repeating: .infinity, count: result.clusterCount)
        groups.local.withUnsafeBufferPointer { local in
            result.centroids.withUnsafeBufferPointer { centres in
                guard let base = local.baseAddress, let centreBase = centres.baseAddress else { return }
                for (t, row) in groups.rows.enumerated() where eligible(t, row) {
                    let g = result.assignments[t]
                    let distance = SquaredDistance.vectorised(base + t * dimension, centreBase + g * dimension,
                                                             count: dimension)
                    if distance < bestDistance[g] || (distance == bestDistance[g] && row < best[g]) {
                        bestDistance[g] = distance
                        best[g] = row
                    }
                }
            }
        }
        return GroupedChoice(kept: best.sorted(), rows: groups.rows,
                             representatives: result.assignments.map { best[$0] })
    }

    /// `top`: the `quota` highest-scoring rows. With `spread` (needs `graph`), a row is skipped
    /// while one of its graph neighbours in `rows` is already kept; if that leaves fewer than
    /// `quota` rows, the skipped rows fill up the quota in score order.
    /// - Complexity: O(|rows| log |rows| + Σ degree).
    public static func top(rows: [Int], quota: Int, scores: [Float], spread: Bool = false,
                           graph: SparseGraph? = nil) -> [Int] {
        let quota = min(max(0, quota), rows.count)
        let ordered = rows.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        guard spread, let graph else { return ordered.prefix(quota).sorted() }
        let members = Set(rows)
        var kept = Set<Int>()
        var result: [Int] = []
        var skipped: [Int] = []
        for row in ordered where result.count < quota {
            let blocked = graph.neighbors(of: row).contains { Int($0) != row && members.contains(Int($0)) && kept.contains(Int($0)) }
            if blocked {
                skipped.append(row)
            } else {
                kept.insert(row)
                result.append(row)
            }
        }
        for row in skipped where result.count < quota { result.append(row) }
        return result.sorted()
    }

    /// k-means of `rows` into `quota` groups, or nil when no clustering is needed
    /// (`quota` ≤ 0 or ≥ |rows|).
    static func clusters(rows: [Int], quota: Int, points: [Float], dimension: Int, iterations: Int,
                         seed: Seed, context: ExecutionContext) -> (rows: [Int], local: [Float], result: KMeansResult)? {
        guard quota > 0 && quota < rows.count else { return nil }
        let local = gather(rows.sorted(), points: points, dimension: dimension)
        let result = KMeans.partition(points: local.values, dimension: dimension, clusterCount: quota,
                                    iterations: iterations, seed: seed, context: context, bounds: .elkan)
        return (local.rows, local.values, result)
    }

    /// The values of `rows` (ascending), copied contiguously.
    static func gather(_ sortedRows: [Int], points: [Float], dimension: Int) -> (rows: [Int], values: [Float]) {
        (sortedRows, NearestNeighbors.gather(rows: sortedRows, of: points, dimension: dimension))
    }
}
