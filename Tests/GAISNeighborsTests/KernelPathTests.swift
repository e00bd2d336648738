import Testing
import GAISCore
@testable import GAISNeighbors

/// The C kernels' portable path and the SIMD paths (AVX2/FMA, AVX-512F, when this CPU has
/// them) round the candidate distances differently; the neighbour lists must still be
/// identical, and equal to brute force.
@Suite struct KernelPathTests {
    private func points(count: Int, dimension: Int, seed: UInt64) -> [Float] {
        var g = SeededGenerator(seed: seed)
        var values = [Float](repeating: 0, count: count * dimension)
        for i in 0..<values.count {
            // Half the rows on a coarse grid (ties), half continuous and far from the origin.
            values[i] = (i / dimension) % 2 == 0 ? Float(g.nextInt(below: 3)) : 100 + g.nextFloat()
        }
        return values
    }

    @Test(arguments: [1, 3, 20, 50])
    func portableAndSimdPathsGiveIdenticalLists(dimension: Int) {
        let seed: UInt64 = 20_261_130
        // 700 rows: three symmetric blocks of 256 (one partial) and a partial block of 8.
        let data = points(count: 700, dimension: dimension, seed: seed &+ UInt64(dimension))
        let queries = points(count: 90, dimension: dimension, seed: seed &+ 1_000 &+ UInt64(dimension))
        for k in [1, 3, 10] {
            let within = NearestNeighbors.searchWithin(data, dimension: dimension, k: k)
            let across = NearestNeighbors.search(queries: queries, reference: data, dimension: dimension, k: k)
            let context = "seed \(seed) dimension \(dimension) k \(k) CPU level \(KernelPath.best)"
            // Portable scalar, then AVX2/FMA (the same as the CPU's best where it lacks them),
            // each capped through its own context: nothing global changes, so other tests
            // running meanwhile keep their paths and this one really runs the capped path.
            for cap in [0, 1] {
                let capped = ExecutionContext(threads: 2, kernelCap: cap)
                #expect(KernelPath.level(for: capped) == Int32(min(cap, KernelPath.best)))
                let cappedWithin = NearestNeighbors.searchWithin(data, dimension: dimension, k: k, context: capped)
                let cappedAcross = NearestNeighbors.search(queries: queries, reference: data, dimension: dimension,
                                                           k: k, context: capped)
                #expect(within == cappedWithin, "\(context) cap \(cap)")
                #expect(across == cappedAcross, "\(context) cap \(cap)")
            }
            #expect(within == NearestNeighbors.bruteForce(queries: data, reference: data, dimension: dimension,
                                                          k: k, excludeSelf: true), "\(context)")
            #expect(across == NearestNeighbors.bruteForce(queries: queries, reference: data, dimension: dimension,
                                                          k: k, excludeSelf: false), "\(context)")
        }
    }
}
