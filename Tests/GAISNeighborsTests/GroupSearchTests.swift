import Testing
import GAISCore
import GAISKernels
@testable import GAISNeighbors

/// `searchWithinGroup` (the graph builder's per-batch search) must give `searchWithin`'s lists
/// bit for bit, on every kernel path, whether its own proof succeeds or it falls back.
@Suite struct GroupSearchTests {
    /// Uniform values, or a coarse grid with duplicate rows (ties and failed proofs).
    private func points(count: Int, dimension: Int, seed: UInt64, grid: Bool) -> [Float] {
        var g = SeededGenerator(seed: seed)
        var values = (0..<count * dimension).map { _ in grid ? Float(g.nextInt(below: 3)) : g.nextFloat() }
        if grid {
            for _ in 0..<(count / 4) {
                let a = g.nextInt(below: count), b = g.nextInt(below: count)
                for j in 0..<dimension { values[b * dimension + j] = values[a * dimension + j] }
            }
        }
        return values
    }

    @Test(arguments: [1, 3, 16, 50, 67])
    func equalsGeneralSearch(dimension: Int) {
        for count in [2, 3, 17, 19, 200, 1024] where !(count == 1024 && dimension > 50) {
            for grid in [false, true] {
                let values = points(count: count, dimension: dimension, seed: UInt64(count * 31 + dimension), grid: grid)
                for k in [1, 10, 40] {
                    let general = NearestNeighbors.searchWithin(values, dimension: dimension, k: k)
                    for cap in [0, 1, 2] {
                        let group = NearestNeighbors.searchWithinGroup(values, dimension: dimension, k: k,
                                                                       context: ExecutionContext(threads: 1, kernelCap: cap))
                        #expect(group == general, "n \(count) d \(dimension) grid \(grid) k \(k) path \(cap)")
                    }
                }
            }
        }
    }

    /// On spread-out data the kernel proves its own answer (the fallback is not what passes the
    /// test above), and the answer is brute force's.
    /// Every path (0 scalar, 1 AVX2, 2 AVX-512; capped at what the CPU has) must prove it: a
    /// path whose candidate selection kept too few or the wrong entries would fall back instead.
    @Test(arguments: [Int32(0), 1, 2])
    func provesOnGeneratedData(level: Int32) {
        let values = points(count: 300, dimension: 20, seed: 5, grid: false)
        let brute = NearestNeighbors.bruteForce(queries: values, reference: values, dimension: 20, k: 10, excludeSelf: true)
        for spare in [8, 30] {
            var indices = [Int32](repeating: 0, count: 300 * 10)
            var distances = [Float](repeating: 0, count: 300 * 10)
            let proven = values.withUnsafeBufferPointer { v in
                gais_knn_within(v.baseAddress!, 300, 20, 10, spare, &indices, &distances, level)
            }
            #expect(proven == 1, "level \(level) spare \(spare)")
            #expect(indices == brute.indices && distances == brute.distances)
        }
    }
}
