import GAISCore
@testable import GAISScoring
import Testing

/// The network-free prototype selectors: k-means medoids, facility location, k-center.
@Suite struct PrototypeSelectorsTests {
    /// Points on a line at 0, 1, 2, 10, 11, 30 (one class): farthest-first starts at the row
    /// nearest the mean (9 → the row at 10), then 30 (20 away), then 0 (10 from the centres),
    /// then 2 (squared distances to {10, 30, 0}: 1 → 1, 2 → 4, 11 → 1).
    @Test func kCenterOnALine() {
        let points: [Float] = [0, 1, 2, 10, 11, 30]
        let rows = Array(0..<6)
        #expect(KCenterSelector.farthestFirst(rows: rows, quota: 1, points: points, dimension: 1) == [3])
        #expect(KCenterSelector.farthestFirst(rows: rows, quota: 4, points: points, dimension: 1) == [3, 5, 0, 2])
        #expect(KCenterSelector.farthestFirst(rows: rows, quota: 6, points: points, dimension: 1) == rows)
        // Duplicates: the free rows are taken in order once every distance is 0.
        #expect(KCenterSelector.farthestFirst(rows: [0, 1, 2], quota: 2, points: [5, 5, 5], dimension: 1) == [0, 1])
    }

    /// Line 0, 1, 2, 10 (D = 100, sim = 100 − d²): the first pick maximises Σ sim, i.e. minimises
    /// Σ d² (0: 105, 1: 83, 2: 69, 10: 245), so the row at 2; the second is the row at 10
    /// (gain 64, against 4 for the rows at 0 and 1).
    @Test func facilityLocationByHand() {
        let points: [Float] = [0, 1, 2, 10]
        #expect(FacilityLocationSelector.lazyGreedy(rows: [0, 1, 2, 3], quota: 1, points: points, dimension: 1,
                                                    context: .serial) == [2])
        #expect(FacilityLocationSelector.lazyGreedy(rows: [0, 1, 2, 3], quota: 2, points: points, dimension: 1,
                                                    context: .serial) == [2, 3])
    }

    /// Lazy greedy picks exactly what plain greedy (every gain recomputed each step) picks.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func lazyGreedyEqualsPlainGreedy(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let n = 60 + Int(seed) * 7, d = 3
        // A coarse grid, so that equal gains (ties) occur.
        let points = (0..<n * d).map { _ in Float(generator.nextInt(below: 5)) }
        let rows = Array(0..<n)
        for quota in [1, 5, 17] {
            let lazy = FacilityLocationSelector.lazyGreedy(rows: rows, quota: quota, points: points, dimension: d,
                                                           context: .allCores)
            let plain = FacilityLocationSelector.plainGreedy(rows: rows, quota: quota, points: points, dimension: d)
            #expect(lazy == plain, "seed \(seed) quota \(quota)")
        }
    }

    /// Three well-separated blobs, one class, quota 3: one medoid per blob, each the blob's row
    /// nearest its mean; more starts never give a worse inertia.
    @Test(arguments: [UInt64(1), 7])
    func prototypesFindOneMedoidPerBlob(seed: UInt64) {
        let points = separatedBlobs(perBlob: 40, seed: seed)
        let kept = PrototypeSelector.medoids(rows: Array(0..<120), quota: 3, points: points, dimension: 2,
                                                 iterations: 300, starts: 3, seed: Seed(seed), context: .allCores)
        #expect(kept.count == 3)
        #expect(Set(kept.map { $0 / 40 }) == [0, 1, 2], "seed \(seed)")
        for row in kept {
            let blob = row / 40
            let members = Array(blob * 40 ..< (blob + 1) * 40)
            let mean = (0..<2).map { j in members.map { points[$0 * 2 + j] }.reduce(0, +) / 40 }
            func distance(_ r: Int) -> Float { (0..<2).map { points[r * 2 + $0] - mean[$0] }.map { $0 * $0 }.reduce(0, +) }
            #expect(members.allSatisfy { distance($0) >= distance(row) }, "seed \(seed)")
        }
    }
}
