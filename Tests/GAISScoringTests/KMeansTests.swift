import GAISCore
import GAISKernels
import GAISNeighbors
@testable import GAISScoring
import Testing

@Suite struct KMeansTests {
    @Test(arguments: [UInt64(1), 42, 2024])
    func findsSeparatedBlobs(seed: UInt64) {
        let points = separatedBlobs(perBlob: 40, seed: seed)
        let result = KMeans.cluster(points: points, dimension: 2, clusterCount: 3, seed: Seed(seed))
        // Each blob is exactly one cluster.
        let blobClusters = (0..<3).map { b in Set(result.assignments[b * 40 ..< (b + 1) * 40]) }
        #expect(blobClusters.allSatisfy { $0.count == 1 }, "seed \(seed)")
        #expect(Set(blobClusters.map { $0.first ?? -1 }).count == 3, "seed \(seed)")
        // Centroids are the blob means.
        for b in 0..<3 {
            let k = result.assignments[b * 40]
            var mean: (Float, Float) = (0, 0)
            for i in b * 40 ..< (b + 1) * 40 { mean.0 += points[2 * i] / 40; mean.1 += points[2 * i + 1] / 40 }
            #expect(abs(result.centroids[2 * k] - mean.0) < 1e-4 && abs(result.centroids[2 * k + 1] - mean.1) < 1e-4)
        }
    }

    @Test func sameSeedSameClustersWhateverTheThreads() {
        let points = separatedBlobs(perBlob: 200, seed: 7)
        let a = KMeans.cluster(points: points, dimension: 2, clusterCount: 17, iterations: 5, seed: Seed(7))
        let b = KMeans.cluster(points: points, dimension: 2, clusterCount: 17, iterations: 5, seed: Seed(7),
                               context: .serial)
        #expect(a == b)
        let c = KMeans.cluster(points: points, dimension: 2, clusterCount: 17, iterations: 5, seed: Seed(8))
        #expect(a != c)
    }

    @Test func everyClusterIsNonEmptyEvenWithDuplicates() {
        // Ten identical points and two others into five clusters.
        let points: [Float] = [Float](repeating: 1, count: 10) + [5, 9]
        for seed: UInt64 in 0..<20 {
            let result = KMeans.cluster(points: points, dimension: 1, clusterCount: 5, seed: Seed(seed))
            #expect(Set(result.assignments) == Set(0..<5), "seed \(seed)")
        }
        let each = KMeans.cluster(points: [3, 1, 2], dimension: 1, clusterCount: 3, seed: Seed(1))
        #expect(Set(each.assignments).count == 3)
    }

    @Test func lloydIterationsImproveOnSeeding() {
        let points = separatedBlobs(perBlob: 100, seed: 3)
        func inertia(_ r: KMeansResult) -> Float {
            var total: Float = 0
            for i in 0..<300 {
                let k = r.assignments[i]
                let dx = points[2 * i] - r.centroids[2 * k], dy = points[2 * i + 1] - r.centroids[2 * k + 1]
                total += dx * dx + dy * dy
            }
            return total
        }
        let seeded = KMeans.cluster(points: points, dimension: 2, clusterCount: 12, iterations: 0, seed: Seed(3))
        let refined = KMeans.cluster(points: points, dimension: 2, clusterCount: 12, iterations: 10, seed: Seed(3))
        #expect(inertia(refined) <= inertia(seeded))
        #expect(refined.iterations >= 1 && refined.iterations <= 10)
    }
}

@Suite struct KMeansBoundsTests {
    /// Plain Lloyd iterations from `cluster`'s seeding: every point scans every centre
    /// (SquaredDistance.vectorised, ties to the smaller centre) until nothing changes.
    static func plainLloyd(points: [Float], dimension d: Int, clusterCount k: Int, iterations: Int,
                           seed: UInt64) -> (assignments: [Int], iterations: Int) {
        let n = points.count / d
        var seeding = Seed(seed).generator
        let start = KMeans.seedCentroids(points: points, count: n, dimension: d, clusterCount: k, generator: &seeding,
                                         context: .allCores)
        var assignments = start.assignments
        var done = 0
        while done < iterations {
            let centroids = KMeans.means(points: points, dimension: d, assignments: assignments, clusterCount: k)
            var next = assignments
            points.withUnsafeBufferPointer { p in
                centroids.withUnsafeBufferPointer { c in
                    for i in 0..<n {
                        var best = 0, bestDistance = Float.infinity
                        for centre in 0..<k {
                            let distance = SquaredDistance.vectorised(p.baseAddress! + i * d,
                                                                      c.baseAddress! + centre * d, count: d)
                            if distance < bestDistance { bestDistance = distance; best = centre }
                        }
                        next[i] = best
                    }
                }
            }
            done += 1
            if next == assignments { break }
            assignments = next
        }
        return (assignments, done)
    }

    /// Hamerly's bounds must not change the answer of plain Lloyd (on data without ties).
    @Test(arguments: [UInt64(5), 6, 7])
    func boundsGiveTheSameClustersAsPlainLloyd(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let n = 600, d = 5, k = 40
        let points = (0..<n * d).map { _ in Float(generator.nextDouble()) }
        let plain = Self.plainLloyd(points: points, dimension: d, clusterCount: k, iterations: 10, seed: seed)
        let fast = KMeans.cluster(points: points, dimension: d, clusterCount: k, iterations: 10, seed: Seed(seed))
        #expect(Set(plain.assignments).count == k, "seed \(seed): plain Lloyd emptied a cluster; pick another seed")
        #expect(fast.assignments == plain.assignments, "seed \(seed)")
        #expect(fast.iterations == plain.iterations, "seed \(seed)")
    }

    /// Elkan's bounds give plain Lloyd's clusters exactly, run to convergence, also on a grid
    /// where many points are equally far from two centres (ties to the smaller centre), and for
    /// dimensions across the kernels' 8-lane blocks and centre counts across the bounds' padding.
    @Test(arguments: [(UInt64(5), 5, 40, false), (6, 5, 40, true), (7, 20, 97, false), (8, 4, 64, true),
                      (9, 13, 150, true)])
    func elkanGivesTheClustersOfAFullScan(seed: UInt64, dimension d: Int, clusterCount k: Int, grid: Bool) {
        var generator = SeededGenerator(seed: seed)
        let n = 900
        let points = (0..<n * d).map { _ in grid ? Float(generator.nextInt(below: 4)) : Float(generator.nextDouble()) }
        let plain = Self.plainLloyd(points: points, dimension: d, clusterCount: k, iterations: 300, seed: seed)
        #expect(Set(plain.assignments).count == k, "seed \(seed): plain Lloyd emptied a cluster; pick another seed")
        #expect(plain.iterations > 2, "seed \(seed): converged at once; the bounds were not exercised")
        // Every code path of the kernel (portable, AVX2, AVX-512 where the CPU has them).
        for cap in 0...KernelPath.best {
            let fast = KMeans.cluster(points: points, dimension: d, clusterCount: k, iterations: 300, seed: Seed(seed),
                                      context: ExecutionContext(threads: 2, kernelCap: cap), bounds: .elkan)
            #expect(fast.assignments == plain.assignments, "seed \(seed), kernel path \(cap)")
            #expect(fast.iterations == plain.iterations, "seed \(seed), kernel path \(cap)")
        }
    }

    /// When a point's distances overflow to +∞, every bound is +∞ and every lane of the bound
    /// pass opens, padding included: the kernel must still consider only the real centres. Here
    /// the padding rows of the centre buffer sit on the point itself, so a padding centre
    /// measured would win; the point must stay with its real centre, on every path.
    @Test func elkanNeverMeasuresPaddingCentres() {
        let d = 2, k = 3, stride = 8
        var centres = [Float](repeating: 0, count: stride * d)   // padding rows: the origin
        centres.replaceSubrange(0..<k * d, with: [1e20, 0, 0, 1e20, -1e20, 0])
        var half = [Float](repeating: .infinity, count: k * stride)
        let separation = [Float](repeating: 0, count: k)
        let zeros = [Float](repeating: 0, count: stride)
        for cap in 0...KernelPath.best {
            var lower = [Float](repeating: 0, count: k) + [Float](repeating: .infinity, count: stride - k)
            var upper: [Float] = [0]
            var assignment = [0]
            let status = gais_elkan_assign([0, 0], 1, d, centres, k, stride, &half, separation, zeros, zeros,
                                           &lower, &upper, &assignment, 1, 1, Int32(cap))
            #expect(status == 0)
            #expect(assignment == [0], "kernel path \(cap)")
        }
    }

    /// Elkan's variant is deterministic whatever the threads, and gives Hamerly's clusters on
    /// data without ties.
    @Test func elkanIsThreadIndependentAndAgreesWithHamerly() {
        var generator = SeededGenerator(seed: 11)
        let n = 5000, d = 8, k = 120
        let points = (0..<n * d).map { _ in Float(generator.nextDouble()) }
        let serial = KMeans.cluster(points: points, dimension: d, clusterCount: k, iterations: 50, seed: Seed(11),
                                    context: .serial, bounds: .elkan)
        let parallel = KMeans.cluster(points: points, dimension: d, clusterCount: k, iterations: 50, seed: Seed(11),
                                      context: .allCores, bounds: .elkan)
        let hamerly = KMeans.cluster(points: points, dimension: d, clusterCount: k, iterations: 50, seed: Seed(11),
                                     context: .allCores, bounds: .hamerly)
        #expect(serial == parallel)
        #expect(serial == hamerly)
    }

    /// The screened nearest-two search equals a full scan with SquaredDistance.vectorised in
    /// centre order (ties to the smaller centre), also with repeated centres and rows on them,
    /// for dimensions around the kernels' 8-lane and 16-lane blocks.
    @Test(arguments: [1, 7, 8, 20, 50])
    func screenedNearestTwoEqualsFullScan(dimension d: Int) {
        var generator = SeededGenerator(seed: UInt64(d))
        for trial in 0..<40 {
            let k = 1 + generator.nextInt(below: 40)
            var centres = (0..<k * d).map { _ in Float(generator.nextDouble() * 4 - 2) }
            if k > 2 { for j in 0..<d { centres[(k - 1) * d + j] = centres[j] } }   // a repeated centre
            let screen = CentreScreen(centroids: centres, clusterCount: k, dimension: d)
            var scratch = [Float](repeating: 0, count: screen.paddedCount)
            for r in 0..<30 {
                // Some rows sit on a centre, the rest anywhere.
                let row: [Float] = r % 5 == 0 ? Array(centres[0..<d]) : (0..<d).map { _ in Float(generator.nextDouble() * 4 - 2) }
                var best = 0, first = Float.infinity, second = Float.infinity
                row.withUnsafeBufferPointer { x in
                    centres.withUnsafeBufferPointer { c in
                        for centre in 0..<k {
                            let distance = SquaredDistance.vectorised(x.baseAddress!, c.baseAddress! + centre * d, count: d)
                            if distance < first { second = first; first = distance; best = centre }
                            else if distance < second { second = distance }
                        }
                    }
                }
                let screened = row.withUnsafeBufferPointer { x in
                    centres.withUnsafeBufferPointer { c in
                        scratch.withUnsafeMutableBufferPointer {
                            screen.nearestTwo(x.baseAddress!, centres: c.baseAddress!, scratch: $0)
                        }
                    }
                }
                #expect(screened.0 == best && screened.1.bitPattern == first.bitPattern
                        && screened.2.bitPattern == second.bitPattern, "d \(d), trial \(trial), row \(r)")
            }
        }
    }
}

@Suite struct TwoLevelKMeansTests {
    @Test func sharesFollowSizes() {
        #expect(KMeans.proportionalShares(total: 10, sizes: [50, 30, 20]) == [5, 3, 2])
        #expect(KMeans.proportionalShares(total: 3, sizes: [98, 1, 1]) == [1, 1, 1])
        // A group cannot get more clusters than points.
        #expect(KMeans.proportionalShares(total: 6, sizes: [2, 10]) == [2, 4])
        #expect(KMeans.proportionalShares(total: 7, sizes: [4, 4]).reduce(0, +) == 7)
    }

    @Test(arguments: [UInt64(12), 13])
    func twoLevelGivesExactlyTheClustersAskedFor(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let points = (0..<3000 * 3).map { _ in Float(generator.nextDouble()) }
        let result = KMeans.partition(points: points, dimension: 3, clusterCount: 300, iterations: 5, seed: Seed(seed))
        #expect(result.clusterCount == 300 && Set(result.assignments) == Set(0..<300), "seed \(seed)")
        #expect(result.centroids.count == 300 * 3)
        // Each point's cluster centre is its cluster's mean.
        let means = KMeans.means(points: points, dimension: 3, assignments: result.assignments, clusterCount: 300)
        #expect(zip(means, result.centroids).allSatisfy { abs($0 - $1) < 1e-5 })
        let again = KMeans.partition(points: points, dimension: 3, clusterCount: 300, iterations: 5, seed: Seed(seed))
        #expect(again == result)
        let serial = KMeans.partition(points: points, dimension: 3, clusterCount: 300, iterations: 5, seed: Seed(seed),
                                      context: .serial)
        #expect(serial == result, "seed \(seed)")
    }
}

/// The vectorised pieces of k-means against the plain loops they replaced, bit for bit.
@Suite struct KMeansPiecesTests {
    /// The draw as a linear scan did it: running sums over the eligible points, stop at the
    /// first that exceeds the target, else the last eligible point.
    static func scanDraw(weights: [Float], chosen: [Bool], generator: inout SeededGenerator) -> Int {
        var total = 0.0
        for i in weights.indices where !chosen[i] { total += Double(weights[i]) }
        guard total > 0 else { return -1 }
        let target = generator.nextDouble() * total
        var running = 0.0, pick = -1
        for i in weights.indices where !chosen[i] && weights[i] > 0 {
            running += Double(weights[i])
            pick = i
            if running > target { break }
        }
        return pick
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func drawSeedPicksWhatALinearScanPicks(seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        for trial in 0 ..< 300 {
            let n = 1 + g.nextInt(below: 200)
            // Zeros, chosen points, and weights far apart in size, so that small ones are
            // absorbed by the running sum.
            let weights = (0 ..< n).map { _ -> Float in
                switch g.nextInt(below: 6) {
                case 0: return 0
                case 1: return 1e30 * g.nextFloat()
                case 2: return 1e-30 * g.nextFloat()
                default: return g.nextFloat()
                }
            }
            let chosen = (0 ..< n).map { _ in g.nextInt(below: 4) == 0 }
            var running = [Double](repeating: 0, count: n)
            var a = SeededGenerator(seed: UInt64(trial) &+ seed << 32), b = a
            #expect(KMeans.drawSeed(weights: weights, chosen: chosen, running: &running, generator: &a)
                    == Self.scanDraw(weights: weights, chosen: chosen, generator: &b))
            #expect(a.next() == b.next())   // the same number of draws
        }
    }

    @Test func drawSeedByHand() {
        // Weights 0 (chosen), 1, 0, 3: total 4; a target below 1 picks point 1, at or above it point 3.
        var running = [Double](repeating: 0, count: 4)
        var g = SeededGenerator(seed: 9)
        let pick = KMeans.drawSeed(weights: [5, 1, 0, 3], chosen: [true, false, false, false], running: &running,
                                   generator: &g)
        #expect(running == [0, 1, 1, 4])
        var h = SeededGenerator(seed: 9)
        #expect(pick == (h.nextDouble() * 4 < 1 ? 1 : 3))
        #expect(KMeans.drawSeed(weights: [0, 0], chosen: [false, true], running: &running, generator: &g) == -1)
    }

    @Test(arguments: [1, 7, 8, 9, 50])
    func clusterMeansEqualTheScalarLoop(dimension d: Int) {
        var g = SeededGenerator(seed: UInt64(d))
        let n = 333, k = 7
        let points = (0 ..< n * d).map { _ in (g.nextFloat() - 0.5) * 100 }
        let assignments = (0 ..< n).map { _ in g.nextInt(below: k - 1) }   // cluster k − 1 stays empty
        var sums = [Double](repeating: 0, count: k * d), sizes = [Int](repeating: 0, count: k)
        for (i, a) in assignments.enumerated() {
            sizes[a] += 1
            for j in 0 ..< d { sums[a * d + j] += Double(points[i * d + j]) }
        }
        var expected = [Float](repeating: 0, count: k * d)
        for c in 0 ..< k where sizes[c] > 0 {
            for j in 0 ..< d { expected[c * d + j] = Float(sums[c * d + j] / Double(sizes[c])) }
        }
        let means = KMeans.means(points: points, dimension: d, assignments: assignments, clusterCount: k)
        #expect(means.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}
