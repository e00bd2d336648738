import GAISCore

extension KMeans {
    /// Above this many clusters `partition` switches from plain k-means to `twoLevel`.
    public static let twoLevelThreshold = 256

    /// `cluster` for up to `twoLevelThreshold` clusters, `twoLevel` above: the same kind of
    /// groups at a cost that grows with √clusterCount instead of clusterCount.
    public static func partition(points: [Float], dimension: Int, clusterCount: Int, iterations: Int = 10,
                                 seed: Seed, context: ExecutionContext = .allCores,
                                 bounds: Bounds = .hamerly) -> KMeansResult {
        clusterCount > twoLevelThreshold
            ? twoLevel(points: points, dimension: dimension, clusterCount: clusterCount, iterations: iterations,
                       seed: seed, context: context, bounds: bounds)
            : cluster(points: points, dimension: dimension, clusterCount: clusterCount, iterations: iterations,
                      seed: seed, context: context, bounds: bounds)
    }

    /// Two-level k-means (a choice of this project, in the spirit of hierarchical k-means,
    /// Nistér & Stewénius, CVPR 2006): k-means into r = round(√clusterCount) coarse groups, the
    /// clusters shared between the coarse groups in proportion to their sizes (largest
    /// remainders, at least one each, at most a group's size), then k-means inside each coarse
    /// group, concurrently. Cluster ids run coarse group by coarse group.
    ///
    /// Every cluster is non-empty and there are exactly `clusterCount` of them. Deterministic
    /// for a seed (inner run g uses `seed.child("inner").child(g)`).
    /// - Parameters: as `cluster`.
    /// - Complexity: O(iterations·count·√clusterCount·dimension).
    public static func twoLevel(points: [Float], dimension d: Int, clusterCount: Int, iterations: Int = 10,
                                seed: Seed, context: ExecutionContext = .allCores,
                                bounds: Bounds = .hamerly) -> KMeansResult {
        let n = points.count / d
        precondition(d >= 1 && n >= 1 && (1...n).contains(clusterCount) && iterations >= 0)
        let coarseCount = max(1, min(clusterCount, Int(Double(clusterCount).squareRoot().rounded())))
        let coarse = cluster(points: points, dimension: d, clusterCount: coarseCount, iterations: iterations, seed: seed,
                             context: context, bounds: bounds)
        var members = [[Int]](repeating: [], count: coarseCount)
        for (i, g) in coarse.assignments.enumerated() { members[g].append(i) }
        let shares = proportionalShares(total: clusterCount, sizes: members.map(\.count))
        let inner: [KMeansResult] = Parallel.map(count: coarseCount, context: context) { g in
            var local = [Float](repeating: 0, count: members[g].count * d)
            for (t, i) in members[g].enumerated() {
                for j in 0..<d { local[t * d + j] = points[i * d + j] }
            }
            return cluster(points: local, dimension: d, clusterCount: shares[g], iterations: iterations,
                           seed: seed.child("inner").child(g), context: .serial, bounds: bounds)
        }
        var assignments = [Int](repeating: 0, count: n)
        var centroids: [Float] = []
        centroids.reserveCapacity(clusterCount * d)
        var offset = 0
        for g in 0..<coarseCount {
            for (t, i) in members[g].enumerated() { assignments[i] = offset + inner[g].assignments[t] }
            centroids += inner[g].centroids
            offset += shares[g]
        }
        return KMeansResult(clusterCount: clusterCount, assignments: assignments, centroids: centroids,
                            iterations: coarse.iterations)
    }

    /// Shares `total` between groups of the given (positive) sizes in proportion to their
    /// sizes: at least 1 and at most its size each, by largest remainders (ties to the smaller
    /// group). - Precondition: `sizes.count ≤ total ≤ sizes.sum`.
    static func proportionalShares(total: Int, sizes: [Int]) -> [Int] {
        // The same largest-remainder sharing as a fixed total count of rows over classes.
        SubsetSize.count(total).quotas(classCounts: sizes)
    }
}
