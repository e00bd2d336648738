import GAISCore
import GAISKernels
import GAISNeighbors

extension KMeans {
    /// How `cluster` recognises the points its centres' moves cannot have changed.
    public enum Bounds: Sendable, Equatable {
        /// One upper and one lower bound per point (Hamerly 2010): O(n) memory; ties at a bound
        /// keep the old centre. The fallback of `elkan`.
        case hamerly
        /// A lower bound per point and centre (Elkan 2003): O(n·k) memory, far fewer distances
        /// when there are many centres. The clusters are exactly a full scan's, ties included.
        /// Falls back to `hamerly` when n·k exceeds `elkanBoundLimit` or k exceeds
        /// `GAIS_ELKAN_MOST_CENTRES` (above `twoLevelThreshold`, `partition` never asks for more).
        case elkan
    }

    /// Most point-centre bounds Elkan's variant keeps (32 MB of them) before `cluster` falls
    /// back to Hamerly's.
    public static let elkanBoundLimit = 1 << 23

    /// Centres rounded up to the kernels' eight lanes: the stride of a point's bounds.
    static func paddedClusterCount(_ clusterCount: Int) -> Int { (clusterCount + 7) / 8 * 8 }

    /// `cluster` with Elkan's bounds: the same seeding and Lloyd iterations, and the same
    /// clusters as a full scan of every centre for every point.
    ///
    /// Rounding. Every distance computed in float is within a relative m = (d/2 + 3)·2⁻²⁴ of the
    /// true Euclidean distance between the float vectors. Measured distances enter the lower
    /// bounds times `below` = 1 − 4m' and the upper bounds times `above` = 1 + 4m'
    /// (m' = (d + 6)·2⁻²⁴ ≥ 2m), centre drifts are inflated by `above`, and the bounds follow
    /// the drifts rounded outwards (`gais_elkan_assign`: a lower bound is stored with its
    /// centre's cumulative drift at the time and read back minus the cumulative drift now), so
    /// an upper bound stays above its true distance by a factor 1 + 3m' and a lower bound below
    /// by 1 − 3m'. A centre is passed over only when a bound is strictly exceeded (u < l, or
    /// u < half the centres' distance), which then makes its true distance larger than the
    /// point's current centre's by a factor of more than 1 + 5m', and its computed distance
    /// therefore strictly larger than the computed distance to that centre: a full scan would
    /// not choose it either.
    static func clusterWithElkan(points: [Float], count n: Int, dimension d: Int, clusterCount k: Int,
                                 iterations: Int, seed: Seed, context: ExecutionContext) -> KMeansResult {
        let stride = paddedClusterCount(k)
        let margin = 4 * Float(d + 6) * 0x1p-24
        let below = 1 - margin, above = 1 + margin
        // Padding lanes stay +∞: never a candidate.
        var lower = [Float](repeating: .infinity, count: n * stride)
        var generator = seed.generator
        var state = lower.withUnsafeMutableBufferPointer { bounds in
            seedCentroids(points: points, count: n, dimension: d, clusterCount: k, generator: &generator,
                          context: context, record: (UnsafeMutableSendableBuffer(bounds), stride, below))
        }
        for i in 0..<n { state.upper[i] *= above }
        var remeasure = [Bool](repeating: true, count: k)
        if fillEmptyClusters(&state, points: points, dimension: d, clusterCount: k) {
            resetLowerBounds(&lower, count: n, stride: stride, clusterCount: k)
        }
        var halfBetween = [Float](repeating: .infinity, count: k * stride)
        var halfSeparation = [Float](repeating: 0, count: k)
        var drift = [Float](repeating: 0, count: stride)
        // Each centre's drifts summed, rounded up: the offset of the lazily stored lower bounds.
        var cumulative = [Float](repeating: 0, count: stride)
        var done = 0
        while done < iterations {
            let previous = state.assignments
            let moved = means(points: points, dimension: d, assignments: state.assignments, clusterCount: k)
            moved.withUnsafeBufferPointer { new in
                state.centroids.withUnsafeBufferPointer { old in
                    for c in 0..<k {
                        let distance = exactSquaredDistance(new.baseAddress! + c * d, old.baseAddress! + c * d,
                                                            dimension: d).squareRoot()
                        drift[c] = distance * above
                        cumulative[c] = (cumulative[c] + drift[c]) * (1 + 0x1p-23)
                        if distance > 0 { remeasure[c] = true }
                    }
                }
            }
            state.centroids = moved
            measureHalfDistances(&halfBetween, halfSeparation: &halfSeparation, centroids: state.centroids,
                                 clusterCount: k, stride: stride, dimension: d, below: below,
                                 remeasure: remeasure, context: context)
            for c in 0..<k { remeasure[c] = false }
            assignWithBounds(&state, lower: &lower, points: points, count: n, dimension: d, clusterCount: k,
                             stride: stride, halfBetween: halfBetween, halfSeparation: halfSeparation, drift: drift,
                             cumulative: cumulative, below: below, above: above, context: context)
            if fillEmptyClusters(&state, points: points, dimension: d, clusterCount: k) {
                resetLowerBounds(&lower, count: n, stride: stride, clusterCount: k)
                for c in 0..<k { remeasure[c] = true }
            }
            done += 1
            if state.assignments == previous { break }
        }
        let centroids = means(points: points, dimension: d, assignments: state.assignments, clusterCount: k)
        return KMeansResult(clusterCount: k, assignments: state.assignments, centroids: centroids, iterations: done)
    }

    /// Row a of `halfBetween`: half the distance from centre a to every centre, times `below`
    /// (+∞ on the diagonal), re-measured for the centres that moved (a distance's bits do not
    /// depend on its direction, so the moved rows are mirrored into their columns); and each
    /// centre's smallest half-distance to another.
    static func measureHalfDistances(_ halfBetween: inout [Float], halfSeparation: inout [Float], centroids: [Float],
                                     clusterCount k: Int, stride: Int, dimension d: Int, below: Float,
                                     remeasure: [Bool], context: ExecutionContext) {
        let moved = (0..<k).filter { remeasure[$0] }
        guard !moved.isEmpty else { return }
        halfBetween.withUnsafeMutableBufferPointer { half in
            centroids.withUnsafeBufferPointer { c in
                let half = UnsafeMutableSendableBuffer(half), centres = UncheckedSendable(c.baseAddress!)
                Parallel.forEachChunk(count: moved.count, grain: 8, context: context) { range in
                    for a in moved[range] {
                        let row = half.base.baseAddress! + a * stride
                        gais_distances_in_lanes(centres.value + a * d, centres.value, k, d, d, row, 2)
                        for other in 0..<k { row[other] = row[other].squareRoot() / 2 * below }
                        row[a] = .infinity
                    }
                }
            }
            for a in moved {
                for other in 0..<k { half[other * stride + a] = half[a * stride + other] }
            }
            for a in 0..<k {
                var smallest = Float.infinity
                for other in 0..<k { smallest = min(smallest, half[a * stride + other]) }
                halfSeparation[a] = smallest
            }
        }
    }

    /// One loosening and assignment step over all points, in parallel chunks (each point's
    /// outputs are its own).
    static func assignWithBounds(_ state: inout State, lower: inout [Float], points: [Float], count n: Int,
                                 dimension d: Int, clusterCount k: Int, stride: Int, halfBetween: [Float],
                                 halfSeparation: [Float], drift: [Float], cumulative: [Float], below: Float,
                                 above: Float, context: ExecutionContext) {
        // The read-only arrays are passed to the kernel as they are (their storage is shared
        // with the chunks, never copied); each chunk writes only its own points' entries.
        let centroids = state.centroids, level = KernelPath.level(for: context)
        lower.withUnsafeMutableBufferPointer { l in
            state.upper.withUnsafeMutableBufferPointer { u in
                state.assignments.withUnsafeMutableBufferPointer { a in
                    let l = UnsafeMutableSendableBuffer(l), u = UnsafeMutableSendableBuffer(u)
                    let a = UnsafeMutableSendableBuffer(a)
                    Parallel.forEachChunk(count: n, grain: 1024, context: context) { range in
                        let i = range.lowerBound
                        points.withUnsafeBufferPointer { p in
                            let status = gais_elkan_assign(p.baseAddress! + i * d, range.count, d, centroids, k, stride,
                                                           halfBetween, halfSeparation, drift, cumulative,
                                                           l.base.baseAddress! + i * stride, u.base.baseAddress! + i,
                                                           a.base.baseAddress! + i, below, above, level)
                            precondition(status == 0, "the centre count is checked by cluster")
                        }
                    }
                }
            }
        }
    }

    /// After a centre jumped: every real centre's lower bound is 0 (a stored 0, minus the
    /// non-negative cumulative drift, reads as at most 0; padding stays +∞).
    static func resetLowerBounds(_ lower: inout [Float], count n: Int, stride: Int, clusterCount k: Int) {
        for i in 0..<n {
            for c in 0..<k { lower[i * stride + c] = 0 }
        }
    }
}
