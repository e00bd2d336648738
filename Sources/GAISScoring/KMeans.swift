import GAISCore
import GAISGraph
import GAISKernels

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
/// The Lloyd iterations skip the points their bounds settle: Hamerly's (Hamerly, "Making k-means
/// even faster", SDM 2010: each point keeps an upper bound on the distance to its centre and a
/// lower bound on the distance to any other centre), or Elkan's (a lower bound per centre,
/// KMeans+Elkan.swift), which the selection rules use. The first assignment (with the bounds)
/// comes out of the seeding pass, so a run costs about one full O(n·k·d) pass plus O(k²·d) per
/// iteration for the centre separations.
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
    ///   - iterations: Lloyd iterations at most, ≥ 0 (0 = the seeding's assignment).
    ///   - seed: any node of the seed tree.
    ///   - context: threads and kernel path (the result depends on neither).
    ///   - bounds: how settled points are recognised between iterations; the clusters are a
    ///     full scan's either way (up to ties, which Hamerly's bounds may keep on the old centre).
    /// - Complexity: O(count·clusterCount·dimension) for the seeding, then per iteration
    ///   O(clusterCount²·dimension) plus O(clusterCount·dimension) for each point whose bounds
    ///   do not settle it; O(count + clusterCount·dimension) memory with Hamerly's bounds,
    ///   O(count·clusterCount) with Elkan's.
    public static func cluster(points: [Float], dimension: Int, clusterCount: Int, iterations: Int = 10,
                               seed: Seed, context: ExecutionContext = .allCores,
                               bounds: Bounds = .hamerly) -> KMeansResult {
        let n = points.count / dimension
        precondition(dimension >= 1 && n >= 1 && (1...n).contains(clusterCount) && iterations >= 0)
        if bounds == .elkan && clusterCount >= 2 && paddedClusterCount(clusterCount) <= Int(GAIS_ELKAN_MOST_CENTRES)
            && n * paddedClusterCount(clusterCount) <= elkanBoundLimit {
            return clusterWithElkan(points: points, count: n, dimension: dimension, clusterCount: clusterCount,
                                    iterations: iterations, seed: seed, context: context)
        }
        var generator = seed.generator
        var state = seedCentroids(points: points, count: n, dimension: dimension, clusterCount: clusterCount,
                                  generator: &generator, context: context)
        fillEmptyClusters(&state, points: points, dimension: dimension, clusterCount: clusterCount)
        var done = 0
        while done < iterations {
            let previous = state.assignments
            moveCentroids(&state, points: points, dimension: dimension, clusterCount: clusterCount)
            reassign(&state, points: points, count: n, dimension: dimension, clusterCount: clusterCount,
                     context: context)
            fillEmptyClusters(&state, points: points, dimension: dimension, clusterCount: clusterCount)
            done += 1
            if state.assignments == previous { break }
        }
        let centroids = means(points: points, dimension: dimension, assignments: state.assignments,
                              clusterCount: clusterCount)
        return KMeansResult(clusterCount: clusterCount, assignments: state.assignments, centroids: centroids,
                            iterations: done)
    }

    /// Centres, assignments and Hamerly's bounds (Euclidean, not squared).
    struct State {
        var centroids: [Float]
        var assignments: [Int]
        /// Upper bound on each point's distance to its centre.
        var upper: [Float]
        /// Lower bound on each point's distance to every other centre.
        var lower: [Float]
    }

    /// k-means++: the first centre uniformly, each next one with probability proportional to
    /// the squared distance to the nearest chosen centre. When every remaining point coincides
    /// with a centre, the smallest-index point not yet chosen is taken. The pass also records
    /// each point's nearest and second-nearest centre distance: the first assignment, exact.
    /// With `record`, each point's distance to every centre also goes to `record.bounds` (point
    /// i's `record.stride` entries from i·stride), as √distance · `record.scale`: Elkan's bounds.
    static func seedCentroids(points: [Float], count n: Int, dimension d: Int, clusterCount: Int,
                              generator: inout SeededGenerator, context: ExecutionContext,
                              record: (bounds: UnsafeMutableSendableBuffer<Float>, stride: Int, scale: Float)? = nil)
        -> State {
        var chosen = [Bool](repeating: false, count: n)
        var centroids = [Float](repeating: 0, count: clusterCount * d)
        var nearest = [Float](repeating: .infinity, count: n)
        var second = [Float](repeating: .infinity, count: n)
        var assignments = [Int](repeating: 0, count: n)
        // Feature-major copy, rows padded to whole lane groups of eight (padding 0, never read
        // back): gais_seeding_update's layout.
        let stride = (n + 7) / 8 * 8
        var transposed = [Float](repeating: 0, count: d * stride)
        transposed.withUnsafeMutableBufferPointer { out in
            points.withUnsafeBufferPointer { p in
                precondition(p.count >= n * d && out.count >= d * stride)
                guard let from = p.baseAddress, let to = out.baseAddress else { return }
                for i in 0..<n {
                    for j in 0..<d { to[j * stride + i] = from[i * d + j] }
                }
            }
        }
        // Running totals of the seeding weights, for the draw below.
        var running = [Double](repeating: 0, count: n)
        var pick = generator.nextInt(below: n)
        for c in 0..<clusterCount {
            chosen[pick] = true
            for j in 0..<d { centroids[c * d + j] = points[pick * d + j] }
            // Update each point's two nearest centres (independent per point; a later centre
            // only wins when strictly nearer, so ties go to the smaller cluster index), eight
            // points at a time from the feature-major copy, in chunks of whole lane groups.
            // The read-only copies go to the kernel as they are; each chunk writes only its own
            // points' entries.
            let centre = pick * d
            nearest.withUnsafeMutableBufferPointer { nearestOut in
                second.withUnsafeMutableBufferPointer { secondOut in
                    assignments.withUnsafeMutableBufferPointer { assignOut in
                        let nearestOut = UnsafeMutableSendableBuffer(nearestOut)
                        let secondOut = UnsafeMutableSendableBuffer(secondOut)
                        let assignOut = UnsafeMutableSendableBuffer(assignOut)
                        Parallel.forEachChunk(count: stride / 8, grain: 512, context: context) { blocks in
                            let start = blocks.lowerBound * 8, end = min(n, blocks.upperBound * 8)
                            let bounds = record.map { $0.bounds.base.baseAddress! + start * $0.stride }
                            transposed.withUnsafeBufferPointer { rows in
                                points.withUnsafeBufferPointer { p in
                                    gais_seeding_update(rows.baseAddress! + start, end - start, stride, d,
                                                        p.baseAddress! + centre, c,
                                                        nearestOut.base.baseAddress! + start,
                                                        secondOut.base.baseAddress! + start,
                                                        assignOut.base.baseAddress! + start, bounds,
                                                        record?.stride ?? 0, record?.scale ?? 1)
                                }
                            }
                        }
                    }
                }
            }
            if c == clusterCount - 1 { break }
            pick = drawSeed(weights: nearest, chosen: chosen, running: &running, generator: &generator)
            if pick < 0 { pick = chosen.firstIndex(of: false) ?? 0 }
        }
        return State(centroids: centroids, assignments: assignments, upper: nearest.map { $0.squareRoot() },
                     lower: second.map { $0.squareRoot() })
    }

    /// k-means++'s draw: with total the sum of the unchosen points' weights (squared distances
    /// to their nearest centre), the first unchosen point with a positive weight whose running
    /// total exceeds U·total (U uniform in [0, 1), one draw), else the last such point; −1 when
    /// total is 0 (no draw is made then).
    ///
    /// Chosen points add +0.0 to the running totals, as do points already on a centre; adding
    /// +0.0 leaves a sum of non-negative terms unchanged, so the total is the sum over the
    /// unchosen points and running[i], bit for bit, the sum over the eligible points up to i.
    /// The first i with running[i] > target is then eligible (the totals only rise at eligible
    /// points), so a binary search finds the point a scan would stop at.
    /// - Parameter running: scratch of at least `weights.count` entries.
    static func drawSeed(weights: [Float], chosen: [Bool], running: inout [Double],
                         generator: inout SeededGenerator) -> Int {
        let n = weights.count
        precondition(chosen.count == n && running.count >= n)
        var total = 0.0
        running.withUnsafeMutableBufferPointer { r in
            weights.withUnsafeBufferPointer { w in
                chosen.withUnsafeBufferPointer { taken in
                    for i in 0..<n {
                        total += taken[i] ? 0 : Double(w[i])
                        r[i] = total
                    }
                }
            }
        }
        guard total > 0 else { return -1 }
        let target = generator.nextDouble() * total
        var low = 0, high = n
        while low < high {
            let middle = (low + high) / 2
            if running[middle] > target { high = middle } else { low = middle + 1 }
        }
        if low < n { return low }
        return (0..<n).last(where: { !chosen[$0] && weights[$0] > 0 }) ?? -1
    }

    /// Moves every centre to its cluster's mean and loosens the bounds by how far centres moved.
    static func moveCentroids(_ state: inout State, points: [Float], dimension d: Int, clusterCount: Int) {
        let moved = means(points: points, dimension: d, assignments: state.assignments, clusterCount: clusterCount)
        var drift = [Float](repeating: 0, count: clusterCount)
        var largest: Float = 0, secondLargest: Float = 0, largestIndex = -1
        moved.withUnsafeBufferPointer { new in
            state.centroids.withUnsafeBufferPointer { old in
                guard let newBase = new.baseAddress, let oldBase = old.baseAddress else { return }
                for k in 0..<clusterCount {
                    drift[k] = SquaredDistance.vectorised(newBase + k * d, oldBase + k * d, count: d).squareRoot()
                    if drift[k] > largest {
                        secondLargest = largest
                        largest = drift[k]
                        largestIndex = k
                    } else if drift[k] > secondLargest {
                        secondLargest = drift[k]
                    }
                }
            }
        }
        for i in 0..<state.assignments.count {
            let a = state.assignments[i]
            state.upper[i] += drift[a]
            state.lower[i] -= a == largestIndex ? secondLargest : largest
        }
        state.centroids = moved
    }

    /// Hamerly's assignment step: a point is rescanned only when its bounds cannot prove that
    /// its centre is still the nearest.
    static func reassign(_ state: inout State, points: [Float], count n: Int, dimension d: Int, clusterCount: Int,
                         context: ExecutionContext) {
        // Half the distance from each centre to its nearest other centre.
        let halfSeparation: [Float] = state.centroids.withUnsafeBufferPointer { c in
            guard let centres = c.baseAddress else { return [] }
            let shared = UncheckedSendable(centres)
            return Parallel.map(count: clusterCount, grain: 16, context: context) { k in
                // Every centre's distance from centre k in one kernel call, into scratch space.
                withUnsafeTemporaryAllocation(of: Float.self, capacity: clusterCount) { distances in
                    gais_distances_in_lanes(shared.value + k * d, shared.value, clusterCount, d, d,
                                            distances.baseAddress!, 2)
                    var best = Float.infinity
                    for other in 0..<clusterCount where other != k { best = min(best, distances[other]) }
                    return best.squareRoot() / 2
                }
            }
        }
        let screen = CentreScreen(centroids: state.centroids, clusterCount: clusterCount, dimension: d)
        points.withUnsafeBufferPointer { p in
            state.centroids.withUnsafeBufferPointer { c in
                state.assignments.withUnsafeMutableBufferPointer { a in
                    state.upper.withUnsafeMutableBufferPointer { u in
                        state.lower.withUnsafeMutableBufferPointer { l in
                            let a = UnsafeMutableSendableBuffer(a), u = UnsafeMutableSendableBuffer(u)
                            let l = UnsafeMutableSendableBuffer(l)
                            guard let base = p.baseAddress, let centres = c.baseAddress else { return }
                            Parallel.forEachChunk(count: n, grain: 1024, context: context) { range in
                                // One scratch row of screened distances per chunk.
                                var screened = [Float](repeating: 0, count: screen.paddedCount)
                                for i in range {
                                    let bound = max(halfSeparation[a.base[i]], l.base[i])
                                    if u.base[i] <= bound { continue }
                                    let row = base + i * d
                                    u.base[i] = exactSquaredDistance(row, centres + a.base[i] * d, dimension: d).squareRoot()
                                    if u.base[i] <= bound { continue }
                                    let (best, bestDistance, secondDistance) = screened.withUnsafeMutableBufferPointer {
                                        screen.nearestTwo(row, centres: centres, scratch: $0)
                                    }
                                    a.base[i] = best
                                    u.base[i] = bestDistance.squareRoot()
                                    l.base[i] = secondDistance.squareRoot()
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Gives every empty cluster (ascending) the point farthest from its centre among clusters
    /// of at least two points (ties to the smaller point index), and moves that cluster's centre
    /// onto it. Lower bounds are reset, since a centre jumped.
    /// Returns whether any cluster was empty.
    @discardableResult
    static func fillEmptyClusters(_ state: inout State, points: [Float], dimension d: Int, clusterCount: Int) -> Bool {
        var sizes = [Int](repeating: 0, count: clusterCount)
        for a in state.assignments { sizes[a] += 1 }
        guard sizes.contains(0) else { return false }
        var distances = [Float](repeating: 0, count: state.assignments.count)
        for i in 0..<distances.count {
            let k = state.assignments[i]
            var total: Float = 0
            for j in 0..<d {
                let difference = points[i * d + j] - state.centroids[k * d + j]
                total += difference * difference
            }
            distances[i] = total
        }
        for empty in 0..<clusterCount where sizes[empty] == 0 {
            var far = -1
            var farDistance = -Float.infinity
            for (i, a) in state.assignments.enumerated() where sizes[a] >= 2 && distances[i] > farDistance {
                far = i
                farDistance = distances[i]
            }
            guard far >= 0 else { break }
            sizes[state.assignments[far]] -= 1
            state.assignments[far] = empty
            sizes[empty] = 1
            distances[far] = 0
            for j in 0..<d { state.centroids[empty * d + j] = points[far * d + j] }
            state.upper[far] = 0
        }
        // A centre jumped: no lower bound can be trusted any more.
        for i in 0..<state.lower.count { state.lower[i] = 0 }
        return true
    }

    /// Mean of each cluster's points (sums in point order, in Double).
    static func means(points: [Float], dimension d: Int, assignments: [Int], clusterCount: Int) -> [Float] {
        var sums = [Double](repeating: 0, count: clusterCount * d)
        var sizes = [Int](repeating: 0, count: clusterCount)
        precondition(points.count >= assignments.count * d, "a point per assignment")
        for a in assignments {
            precondition(a >= 0 && a < clusterCount, "assignment out of range")
            sizes[a] += 1
        }
        // Each cluster's sums in Double, point by point in index order (vectorised across the
        // dimensions, so every sum adds its terms in the same order as a scalar loop).
        if !assignments.isEmpty && d > 0 {
            sums.withUnsafeMutableBufferPointer { sums in
                points.withUnsafeBufferPointer { p in
                    assignments.withUnsafeBufferPointer { a in
                        a.withMemoryRebound(to: Int64.self) {
                            gais_cluster_sums(p.baseAddress, $0.baseAddress, $0.count, d, sums.baseAddress)
                        }
                    }
                }
            }
        }
        var result = [Float](repeating: 0, count: clusterCount * d)
        for k in 0..<clusterCount where sizes[k] > 0 {
            for j in 0..<d { result[k * d + j] = Float(sums[k * d + j] / Double(sizes[k])) }
        }
        return result
    }
}

/// `SquaredDistance.vectorised(a, b, count: dimension)`, bit for bit, from the C kernel (its
/// AVX2 path where the CPU has one: the Swift loop is compiled for the baseline's SSE).
@inline(__always)
func exactSquaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, dimension: Int) -> Float {
    var distance: Float = 0
    gais_distances_in_lanes(a, b, 1, dimension, dimension, &distance, 2)
    return distance
}

/// The nearest and second-nearest centre of a point, equal to a full scan with
/// `SquaredDistance.vectorised` in centre order (ties to the smaller centre), but faster:
/// the distances to all centres are first screened eight centres at a time from a transposed
/// copy of the centres (one SIMD lane per centre; the same squared differences, summed in
/// dimension order, so they differ from the exact ones only by rounding), and only the
/// centres that rounding could place among the two nearest are measured exactly.
///
/// Why the answer is the exact scan's: both sums add the same d non-negative terms, so each is
/// within a relative (d − 1)·2⁻²⁴ of the true sum; with ε bounding the ratio of the two, every
/// centre whose exact distance is at most the exact second-smallest has a screened distance at
/// most a₂·(1 + ε)/(1 − ε), a₂ being the second-smallest screened one (plus a tiny absolute
/// slack for subnormal terms). The exact scan over those candidates, in centre order, gives
/// the same best centre and the same two smallest distances as the scan over all.
struct CentreScreen {
    let clusterCount: Int
    let dimension: Int
    /// clusterCount rounded up to a multiple of 8.
    let paddedCount: Int
    /// Row-major dimension × paddedCount: value j of centre k at j·paddedCount + k (padding 0).
    let transposed: [Float]
    let slack: Float

    init(centroids: [Float], clusterCount: Int, dimension d: Int) {
        self.clusterCount = clusterCount
        self.dimension = d
        paddedCount = (clusterCount + 7) / 8 * 8
        var transposed = [Float](repeating: 0, count: d * paddedCount)
        for k in 0..<clusterCount {
            for j in 0..<d { transposed[j * paddedCount + k] = centroids[k * d + j] }
        }
        self.transposed = transposed
        // 2γ with γ = (d − 1)·u/(1 − (d − 1)·u), u = 2⁻²⁴, doubled again for margin.
        slack = 4 * Float(d + 1) * 0x1p-24
    }

    /// (best centre, its exact squared distance, the exact second-smallest squared distance;
    /// infinity with one centre). `scratch` holds `paddedCount` floats.
    func nearestTwo(_ row: UnsafePointer<Float>, centres: UnsafePointer<Float>,
                    scratch: UnsafeMutableBufferPointer<Float>) -> (Int, Float, Float) {
        guard let out = scratch.baseAddress else { return (0, .infinity, .infinity) }
        var best = 0, bestDistance = Float.infinity, secondDistance = Float.infinity
        transposed.withUnsafeBufferPointer { t in
            gais_nearest_two(row, t.baseAddress, centres, dimension, clusterCount, paddedCount, slack, out, &best,
                             &bestDistance, &secondDistance)
        }
        return (best, bestDistance, secondDistance)
    }
}

