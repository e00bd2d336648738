import GAISCore

extension GraphBuilder {
    /// The buckets of the three hashing builders (method.md §2), as groups.
    ///
    /// - `lsh`: one table of b bits; buckets of the full code.
    /// - `lsh-multilevel`: one table; buckets of the prefixes of ⌈b·l/L⌉ bits for l = 1…L
    ///   (duplicates removed), coarse to fine; every level's buckets are groups.
    /// - `lsh-multiview`: V tables, each hashing its own random subset of
    ///   max(1, round(viewFeatures·d)) features with its own hyperplanes (choice: the edges
    ///   inside a bucket still use the distance on all features).
    /// Every table also draws `splitBits` further hyperplanes for splitting large buckets.
    static func hashBuckets(features: [Float], featureCount d: Int, rowCount n: Int, configuration: HashGraph,
                            seed: Seed, context: ExecutionContext) -> [[Int32]] {
        guard n > 0 else { return [] }
        let b = configuration.resolvedBits(rowCount: n)
        let totalBits = min(64, b + configuration.splitBits)
        let minimumSize = configuration.edges.neighbors + 1
        var means = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d { means[j] += Double(features[i * d + j]) }
        }
        let centre = means.map { Float($0 / Double(n)) }
        return features.withUnsafeBufferPointer { buffer in
            func table(subset: [Int], view: Int) -> SimHashTable {
                var generator = seed.child("hyperplanes").child(view).generator
                return SimHashTable(features: buffer, rowCount: n, dimension: d, means: centre,
                                    featureSubset: subset, bits: totalBits, generator: &generator, context: context)
            }
            switch configuration.tables {
            case .multilevel(let levelCount):
                let hashes = table(subset: Array(0..<d), view: 0)
                let levels = min(levelCount, b)
                var prefixes: [Int] = []
                for l in 1...levels {
                    let p = max(1, (b * l + levels - 1) / levels)
                    if !prefixes.contains(p) { prefixes.append(p) }
                }
                return prefixes.flatMap {
                    hashes.buckets(prefixBits: $0, minimumSize: minimumSize, cap: configuration.bucketCap)
                }
            case .multiview(let views, let featureFraction):
                let subsetSize = max(1, min(d, Int((featureFraction * Double(d)).rounded())))
                return (0..<views).flatMap { v in
                    var generator = seed.child("feature-subsets").child(v).generator
                    var all = Array(0..<d)
                    generator.shuffle(&all)
                    let subset = all[0..<subsetSize].sorted()
                    let hashes = table(subset: subset, view: v)
                    return hashes.buckets(prefixBits: b, minimumSize: minimumSize, cap: configuration.bucketCap)
                }
            case .single:
                let hashes = table(subset: Array(0..<d), view: 0)
                return hashes.buckets(prefixBits: b, minimumSize: minimumSize, cap: configuration.bucketCap)
            }
        }
    }
}
