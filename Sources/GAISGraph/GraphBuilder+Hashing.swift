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
    static func hashBuckets(features: [Float], featureCount d: Int, rowCount n: Int,
                            configuration: GraphConfiguration, method: GraphMethod, seed: UInt64) -> [[Int32]] {
        guard n > 0 else { return [] }
        let b = configuration.resolvedBits(rowCount: n)
        let totalBits = min(64, b + configuration.splitBits)
        let minimumSize = configuration.neighbors + 1
        var means = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d { means[j] += Double(features[i * d + j]) }
        }
        let centre = means.map { Float($0 / Double(n)) }
        return features.withUnsafeBufferPointer { buffer in
            func table(subset: [Int], stream: UInt64) -> SimHashTable {
                var generator = SeededGenerator(seed: seed, stream: Stream.hyperplanes + stream)
                return SimHashTable(features: buffer, rowCount: n, dimension: d, means: centre,
                                    featureSubset: subset, bits: totalBits, generator: &generator)
            }
            switch method {
            case .lshMultilevel:
                let hashes = table(subset: Array(0..<d), stream: 0)
                let levels = min(configuration.levels, b)
                var prefixes: [Int] = []
                for l in 1...levels {
                    let p = max(1, (b * l + levels - 1) / levels)
                    if !prefixes.contains(p) { prefixes.append(p) }
                }
                return prefixes.flatMap {
                    hashes.buckets(prefixBits: $0, minimumSize: minimumSize, cap: configuration.bucketCap)
                }
            case .lshMultiview:
                let subsetSize = max(1, min(d, Int((configuration.viewFeatures * Double(d)).rounded())))
                return (0..<configuration.views).flatMap { v in
                    var generator = SeededGenerator(seed: seed, stream: Stream.featureSubsets + UInt64(v))
                    var all = Array(0..<d)
                    generator.shuffle(&all)
                    let subset = all[0..<subsetSize].sorted()
                    let hashes = table(subset: subset, stream: UInt64(v))
                    return hashes.buckets(prefixBits: b, minimumSize: minimumSize, cap: configuration.bucketCap)
                }
            default:
                let hashes = table(subset: Array(0..<d), stream: 0)
                return hashes.buckets(prefixBits: b, minimumSize: minimumSize, cap: configuration.bucketCap)
            }
        }
    }
}
