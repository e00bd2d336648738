import GAISCore
import GAISGraph

/// The result of `KMeans.cluster`.
public struct KMeansResult: Sendable, Equatable {
    /// Number of clusters; every cluster has at least one point.
    public let clusterCount: Int
    /// Cluster of each point, in `0..<clusterCount`.
    public let assignments: [Int]
    /// Row-major `clusterCount × dimension` means of the final clusters.
    public let centroids: [Float]
    /// Lloyd iterations run (fewer than asked when the assignment stopped changing).
    public let iterations: Int
}

/// Seeded k-means: k-means++ seeding (Arthur & Vassilvitskii, SODA 2007) followed by a few
/// Lloyd iterations (Lloyd 1982), as used by the `cover` and `centroid` selection rules
/// (method.md §5).
///
/// Deterministic: the seeding draws from `SeededGenerator`, distance ties go to the smaller
/// cluster index, sums run in point order, and the parallel loops only fill per-point outputs.
/// Every cluster is kept non-empty: a cluster left empty takes the point farthest from its own
/// centre among clusters of two or more points, so `clusterCount` groups always come back when
/// there are at least that many points (even if some points are identical).
public enum KMeans {
    /// Clusters `count` points into `clusterCount` groups.
    /// - Parameters:
    ///   - points: row-major `count × dimension` values, `count ≥ 1`.
    ///   - dimension: values per point, ≥ 1.
    ///   - clusterCount: in `1...count`.
    ///   - iterations: Lloyd iterations at most, ≥ 0 (0 = seeding only).
    ///   - seed: any value.
    /// - Complexity: O((iterations + 1)·count·clusterCount·dimension) time, O(count +
    ///   clusterCount·dimension) memory.
    public static func cluster(points: [Float], dimension: Int, clusterCount: Int, iterations: Int = 10,
                               seed: UInt64) -> KMeansResult {
        let n = points.count / dimension
        precondition(dimension >= 1 && n >= 1 && (1...n).contains(clusterCount) && iterations >= 0)
        var generator = SeededGenerator(seed: seed)
        var centroids = seedCentroids(points: points, count: n, dimension: dimension,
                                      clusterCount: clusterCount, generator: &generator)
        var (assignments, distances) = assign(points: points, count: n, dimension: dimension, centroids: centroids,
                                              clusterCount: clusterCount)
        fillEmptyClusters(&assignments, distances: &distances, clusterCount: clusterCount)
        var done = 0
        while done < iterations {
            centroids = means(points: points, dimension: dimension, assignments: assignments, clusterCount: clusterCount)
            var (next, nextDistances) = assign(points: points, count: n, dimension: dimension, centroids: centroids,
                                               clusterCount: clusterCount)
            fillEmptyClusters(&next, distances: &nextDistances, clusterCount: clusterCount)
            done += 1
            if next == assignments { break }
            assignments = next
        }
        centroids = means(points: points, dimension: dimension, assignments: assignments, clusterCount: clusterCount)
        return KMeansResult(clusterCount: clusterCount, assignments: assignments, centroids: centroids, iterations: done)
    }

    /// k-means++: the first centre uniformly, each next one with probability proportional to
    /// the squared distance to the nearest chosen centre. When every remaining point coincides
    /// with a centre, the smallest-index point not yet chosen is taken.
    static func seedCentroids(points: [Float], count n: Int, dimension d: Int, clusterCount: Int,
                              generator: inout SeededGenerator) -> [Float] {
        var chosen = [Bool](repeating: false, count: n)
        var centroids = [Float](repeating: 0, count: clusterCount * d)
        var nearest = [Float](repeating: .infinity, count: n)
        var pick = generator.nextInt(below: n)
        for c in 0..<clusterCount {
            chosen[pick] = true
            for j in 0..<d { centroids[c * d + j] = points[pick * d + j] }
            if c == clusterCount - 1 { break }
            // Update each point's distance to its nearest centre (independent per point).
            points.withUnsafeBufferPointer { p in
                nearest.withUnsafeMutableBufferPointer { out in
                    let out = UnsafeMutableSendableBuffer(out)
                    guard let base = p.baseAddress else { return }
                    let centre = base + pick * d
                    Parallel.forEachChunk(count: n, grain: 4096) { range in
                        for i in range {
                            let distance = EuclideanDistance.squared(base + i * d, centre, count: d)
                            if distance < out.base[i] { out.base[i] = distance }
                        }
                    }
                }
            }
            var total = 0.0
            for i in 0..<n where !chosen[i] { total += Double(nearest[i]) }
            pick = -1
            if total > 0 {
                let target = generator.nextDouble() * total
                var running = 0.0
                for i in 0..<n where !chosen[i] && nearest[i] > 0 {
                    running += Double(nearest[i])
                    pick = i
                    if running > target { break }
                }
            }
            if pick < 0 { pick = chosen.firstIndex(of: false) ?? 0 }
        }
        return centroids
    }

    /// Nearest centroid of each point (ties to the smaller cluster) and the squared distance.
    static func assign(points: [Float], count n: Int, dimension d: Int, centroids: [Float],
                       clusterCount: Int) -> ([Int], [Float]) {
        var assignments = [Int](repeating: 0, count: n)
        var distances = [Float](repeating: 0, count: n)
        points.withUnsafeBufferPointer { p in
            centroids.withUnsafeBufferPointer { c in
                assignments.withUnsafeMutableBufferPointer { a in
                    distances.withUnsafeMutableBufferPointer { dist in
                        let a = UnsafeMutableSendableBuffer(a), dist = UnsafeMutableSendableBuffer(dist)
                        guard let base = p.baseAddress, let centres = c.baseAddress else { return }
                        Parallel.forEachChunk(count: n, grain: max(1, 65_536 / max(1, clusterCount * d))) { range in
                            for i in range {
                                var best = 0
                                var bestDistance = Float.infinity
                                for k in 0..<clusterCount {
                                    let distance = EuclideanDistance.squared(base + i * d, centres + k * d, count: d)
                                    if distance < bestDistance { bestDistance = distance; best = k }
                                }
                                a.base[i] = best
                                dist.base[i] = bestDistance
                            }
                        }
                    }
                }
            }
        }
        return (assignments, distances)
    }

    /// Gives every empty cluster (ascending) the point farthest from its centre among clusters
    /// of at least two points (ties to the smaller point index).
    static func fillEmptyClusters(_ assignments: inout [Int], distances: inout [Float], clusterCount: Int) {
        var sizes = [Int](repeating: 0, count: clusterCount)
        for a in assignments { sizes[a] += 1 }
        for empty in 0..<clusterCount where sizes[empty] == 0 {
            var far = -1
            var farDistance = -Float.infinity
            for (i, a) in assignments.enumerated() where sizes[a] >= 2 && distances[i] > farDistance {
                far = i
                farDistance = distances[i]
            }
            guard far >= 0 else { break }
            sizes[assignments[far]] -= 1
            assignments[far] = empty
            sizes[empty] = 1
            distances[far] = 0
        }
    }

    /// Mean of each cluster's points (sums in point order, in Double).
    static func means(points: [Float], dimension d: Int, assignments: [Int], clusterCount: Int) -> [Float] {
        var sums = [Double](repeating: 0, count: clusterCount * d)
        var sizes = [Int](repeating: 0, count: clusterCount)
        for (i, a) in assignments.enumerated() {
            sizes[a] += 1
            for j in 0..<d { sums[a * d + j] += Double(points[i * d + j]) }
        }
        var result = [Float](repeating: 0, count: clusterCount * d)
        for k in 0..<clusterCount where sizes[k] > 0 {
            for j in 0..<d { result[k * d + j] = Float(sums[k * d + j] / Double(sizes[k])) }
        }
        return result
    }
}
