import Testing
import GAISCore
@testable import GAISNeighbors

/// Random row-major points with some exact duplicate rows and values on a coarse grid (so
/// equal distances, hence ties, really occur).
private func randomPoints(count: Int, dimension: Int, seed: UInt64, grid: Bool) -> [Float] {
    var g = SeededGenerator(seed: seed)
    var values = [Float](repeating: 0, count: count * dimension)
    for i in 0..<values.count {
        values[i] = grid ? Float(g.nextInt(below: 4)) : g.nextFloat() * 2 - 1
    }
    // Copy a few rows onto others: exact duplicates.
    for _ in 0..<(count / 5) {
        let a = g.nextInt(below: count), b = g.nextInt(below: count)
        for j in 0..<dimension { values[b * dimension + j] = values[a * dimension + j] }
    }
    return values
}

@Suite struct NearestNeighborsTests {
    @Test(arguments: [1, 2, 3, 7, 50, 200])
    func searchWithinEqualsBruteForce(dimension: Int) {
        for seed: UInt64 in [1, 2, 3] {
            for grid in [false, true] {
                // 300 rows: several reference tiles of 256 and a partial block of 8.
                let count = dimension >= 50 ? 150 : 300
                let points = randomPoints(count: count, dimension: dimension, seed: seed, grid: grid)
                for k in [1, 5, 17] {
                    let fast = NearestNeighbors.searchWithin(points, dimension: dimension, k: k)
                    let slow = NearestNeighbors.bruteForce(queries: points, reference: points,
                                                           dimension: dimension, k: k, excludeSelf: true)
                    #expect(fast == slow, "seed \(seed) dimension \(dimension) grid \(grid) k \(k)")
                }
            }
        }
    }

    /// Enough rows for five blocks of the symmetric scan (an odd count: one block sits out each
    /// round of the tournament).
    @Test(arguments: [2, 20])
    func searchWithinManyBlocksEqualsBruteForce(dimension: Int) {
        for grid in [false, true] {
            let points = randomPoints(count: 1100, dimension: dimension, seed: 99, grid: grid)
            let fast = NearestNeighbors.searchWithin(points, dimension: dimension, k: 10)
            let slow = NearestNeighbors.bruteForce(queries: points, reference: points,
                                                   dimension: dimension, k: 10, excludeSelf: true)
            #expect(fast == slow, "seed 99 dimension \(dimension) grid \(grid)")
        }
    }

    @Test func farFromTheOriginAndTinyDistances() {
        // Two tight clusters (spread 1e-3) 10⁴ apart: even centred, the norms dwarf the
        // neighbour distances, the expanded form loses every digit, the proof fails and the
        // exact stage must answer.
        var g = SeededGenerator(seed: 4)
        let points = (0..<400 * 3).map { i in (i / 3 % 2 == 0 ? 0 : 10_000) + g.nextFloat() * 1e-3 }
        let fast = NearestNeighbors.searchWithin(points, dimension: 3, k: 4)
        #expect(fast == NearestNeighbors.bruteForce(queries: points, reference: points, dimension: 3, k: 4, excludeSelf: true))
    }

    @Test(arguments: [1, 2, 3, 7, 50, 200])
    func searchEqualsBruteForce(dimension: Int) {
        for seed: UInt64 in [11, 12] {
            for grid in [false, true] {
                let reference = randomPoints(count: 263, dimension: dimension, seed: seed, grid: grid)
                let queries = randomPoints(count: 71, dimension: dimension, seed: seed + 100, grid: grid)
                for k in [1, 3, 10] {
                    let fast = NearestNeighbors.search(queries: queries, reference: reference, dimension: dimension, k: k)
                    let slow = NearestNeighbors.bruteForce(queries: queries, reference: reference,
                                                           dimension: dimension, k: k, excludeSelf: false)
                    #expect(fast == slow, "seed \(seed) dimension \(dimension) grid \(grid) k \(k)")
                }
            }
        }
    }

    @Test func kLargerThanTheSetIsClipped() {
        let points = randomPoints(count: 6, dimension: 3, seed: 5, grid: false)
        let within = NearestNeighbors.searchWithin(points, dimension: 3, k: 50)
        #expect(within.k == 5)
        #expect(within == NearestNeighbors.bruteForce(queries: points, reference: points, dimension: 3,
                                                      k: 50, excludeSelf: true))
        let across = NearestNeighbors.search(queries: points, reference: points, dimension: 3, k: 50)
        #expect(across.k == 6)
        for q in 0..<6 { #expect(Set(across.neighbors(of: q)) == Set(0..<6)) }
        // A single point has no other neighbour.
        let single = NearestNeighbors.searchWithin([1, 2], dimension: 2, k: 3)
        #expect(single.k == 0 && single.queryCount == 1 && single.indices.isEmpty)
    }

    @Test func handCheckedSmallCase() {
        // Points on a line: 0, 1, 3, 7 (one dimension).
        // 0: nearest 1 (d²=1), then 3 (9), then 7 (49)
        // 1: nearest 0 (1), then 3 (4), then 7 (36)
        // 3: nearest 1 (4), then 0 (9), then 7 (16)
        // 7: nearest 3 (16), then 1 (36), then 0 (49)
        let points: [Float] = [0, 1, 3, 7]
        let lists = NearestNeighbors.searchWithin(points, dimension: 1, k: 2)
        #expect(lists.indices == [1, 2, 0, 2, 1, 0, 2, 1])
        #expect(lists.distances == [1, 9, 1, 4, 4, 9, 16, 36])
    }

    @Test func tiesGoToTheSmallerIndex() {
        // Query at the origin; references at distance 1 in four directions, listed so that
        // index order differs from any geometric order, plus a farther point first.
        let reference: [Float] = [5, 5,   0, 1,   -1, 0,   1, 0,   0, -1]
        let lists = NearestNeighbors.search(queries: [0, 0], reference: reference, dimension: 2, k: 3)
        #expect(lists.indices == [1, 2, 3])
        #expect(lists.distances == [1, 1, 1])
        // Duplicates of a row are neighbours at distance 0, in index order.
        let dup: [Float] = [2, 2, 2, 2, 9]
        let within = NearestNeighbors.searchWithin(dup, dimension: 1, k: 3)
        #expect(Array(within.neighbors(of: 2)) == [0, 1, 3])
        #expect(Array(within.neighbors(of: 0)) == [1, 2, 3])
    }

    @Test func resultsDoNotDependOnThreadCount() {
        let points = randomPoints(count: 700, dimension: 9, seed: 77, grid: false)
        let one = NearestNeighbors.searchWithin(points, dimension: 9, k: 7, context: .serial)
        let many = NearestNeighbors.searchWithin(points, dimension: 9, k: 7, context: ExecutionContext(threads: 4))
        #expect(one == many)
    }

    @Test func subsetSearchUsesPositionsInTheSubset() {
        let matrix: [Float] = [0, 100, 1, 100, 3, 100, 7]   // rows 0…6, one dimension
        let lists = NearestNeighbors.searchWithin(rows: [0, 2, 4, 6], of: matrix, dimension: 1, k: 1)
        #expect(lists.indices == [1, 0, 1, 2])
        let d = [Float(1), 2].withUnsafeBufferPointer { a in
            [Float(4), 0].withUnsafeBufferPointer { b in
                SquaredDistance.inOrder(a.baseAddress!, b.baseAddress!, dimension: 2)
            }
        }
        #expect(d == 13)
    }
}

@Suite struct GatherTests {
    /// The C gather copies exactly the listed rows, for every integer type of row numbers,
    /// repeated and unsorted rows, the last row of the matrix, and rows longer than a cache line.
    @Test(arguments: [1, 3, 16, 50, 123])
    func gatherCopiesTheListedRows(dimension: Int) {
        var g = SeededGenerator(seed: UInt64(dimension))
        let rowCount = 97
        let matrix = (0 ..< rowCount * dimension).map { _ in g.nextFloat() }
        var rows = (0 ..< 300).map { _ in g.nextInt(below: rowCount) }
        rows += [rowCount - 1, 0, rowCount - 1]
        let expected = rows.flatMap { r in matrix[r * dimension ..< (r + 1) * dimension] }
        matrix.withUnsafeBufferPointer { m in
            #expect(NearestNeighbors.gather(rows: rows, of: m, dimension: dimension) == expected)
            #expect(NearestNeighbors.gather(rows: rows.map { Int32($0) }, of: m, dimension: dimension) == expected)
            #expect(NearestNeighbors.gather(rows: rows.map { UInt16($0) }, of: m, dimension: dimension) == expected)
            #expect(NearestNeighbors.gather(rows: [Int32](), of: m, dimension: dimension).isEmpty)
        }
    }
}
