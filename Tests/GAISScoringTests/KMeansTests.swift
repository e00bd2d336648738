import GAISCore
@testable import GAISScoring
import Testing

@Suite struct KMeansTests {
    @Test(arguments: [UInt64(1), 42, 2024])
    func findsSeparatedBlobs(seed: UInt64) {
        let points = separatedBlobs(perBlob: 40, seed: seed)
        let result = KMeans.cluster(points: points, dimension: 2, clusterCount: 3, seed: seed)
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
        let a = KMeans.cluster(points: points, dimension: 2, clusterCount: 17, iterations: 5, seed: 7)
        let saved = Parallel.maxThreads
        Parallel.maxThreads = 1
        let b = KMeans.cluster(points: points, dimension: 2, clusterCount: 17, iterations: 5, seed: 7)
        Parallel.maxThreads = saved
        #expect(a == b)
        let c = KMeans.cluster(points: points, dimension: 2, clusterCount: 17, iterations: 5, seed: 8)
        #expect(a != c)
    }

    @Test func everyClusterIsNonEmptyEvenWithDuplicates() {
        // Ten identical points and two others into five clusters.
        let points: [Float] = [Float](repeating: 1, count: 10) + [5, 9]
        for seed: UInt64 in 0..<20 {
            let result = KMeans.cluster(points: points, dimension: 1, clusterCount: 5, seed: seed)
            #expect(Set(result.assignments) == Set(0..<5), "seed \(seed)")
        }
        let each = KMeans.cluster(points: [3, 1, 2], dimension: 1, clusterCount: 3, seed: 1)
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
        let seeded = KMeans.cluster(points: points, dimension: 2, clusterCount: 12, iterations: 0, seed: 3)
        let refined = KMeans.cluster(points: points, dimension: 2, clusterCount: 12, iterations: 10, seed: 3)
        #expect(inertia(refined) <= inertia(seeded))
        #expect(refined.iterations >= 1 && refined.iterations <= 10)
    }
}
