import GAISCore

/// How many input rows each kept row stands for: the weights of `gais select --weights` and of
/// weighted training (`gais evaluate --weights`, `gais bench --weighted`).
///
/// The rule: a selector that forms groups (`Selection.representatives`: the k-means groups of
/// `prototypes` and of GAIS's `cover` and `centroid` rules) gives each kept row the size of its
/// group. For every other selector, each input row counts for its nearest kept row of the same
/// class (squared Euclidean distance on the encoded features, ties to the smaller row index),
/// and a kept row counts for itself. Either way every weight is at least 1 and the weights sum
/// to the number of input rows.
public enum RowWeights {
    /// The weight of each kept row, in the order of `kept`.
    /// - Parameters:
    ///   - kept: the kept rows, ascending and unique (a `Selection`'s `indices`).
    ///   - representatives: for each input row, the kept row of its group, or nil.
    ///   - data: the input the rows were kept from.
    ///   - context: threads of the nearest-row search (the weights do not depend on them).
    /// - Complexity: O(n) with representatives; otherwise O(Σ_c (n_c − q_c) · q_c · d), the
    ///   exact nearest-row search per class.
    public static func counts(kept: [Int], representatives: [Int]?, data: Dataset,
                              context: ExecutionContext = .allCores) -> [Int] {
        var position = [Int](repeating: -1, count: data.rowCount)
        for (p, row) in kept.enumerated() { position[row] = p }
        var weights = [Int](repeating: 0, count: kept.count)
        if let representatives {
            for representative in representatives { weights[position[representative]] += 1 }
            return weights
        }
        for p in kept.indices { weights[p] = 1 }
        let d = data.featureCount
        var keptByClass = [[Int]](repeating: [], count: data.classCount)
        for row in kept { keptByClass[Int(data.labels[row])].append(row) }
        for (c, rows) in data.rowsByClass.enumerated() {
            let others = rows.filter { position[$0] < 0 }
            let reference = keptByClass[c]
            guard !others.isEmpty, !reference.isEmpty else { continue }
            guard d > 0 else {
                // No features: every row is as near to every kept row; the smallest one wins.
                weights[position[reference[0]]] += others.count
                continue
            }
            let lists = NearestNeighbors.search(queries: NearestNeighbors.gather(rows: others, of: data.features, dimension: d),
                                                reference: NearestNeighbors.gather(rows: reference, of: data.features, dimension: d),
                                                dimension: d, k: 1, context: context)
            for q in 0..<others.count { weights[position[reference[Int(lists.indices[q])]]] += 1 }
        }
        return weights
    }
}

extension Selection {
    /// The number of input rows each kept row stands for, in `indices` order (see `RowWeights`).
    public func weights(of data: Dataset, context: ExecutionContext = .allCores) -> [Int] {
        RowWeights.counts(kept: indices, representatives: representatives, data: data, context: context)
    }
}
