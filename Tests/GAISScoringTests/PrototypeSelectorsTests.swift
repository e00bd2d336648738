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

    /// The vectorised traversal equals a plain one (SquaredDistance.inOrder row by row, ties
    /// to the smaller row) on random classes: sizes around the 8-row lane groups, rows drawn
    /// from a small grid so that equal distances and duplicate rows occur, and a subset of the
    /// table's rows (not in table order).
    @Test(arguments: [1, 3, 8, 17])
    func kCenterEqualsAPlainTraversal(dimension d: Int) {
        var generator = SeededGenerator(seed: UInt64(d))
        for trial in 0..<30 {
            let tableRows = 40 + generator.nextInt(below: 100)
            let points = (0..<tableRows * d).map { _ in Float(generator.nextInt(below: trial % 2 == 0 ? 3 : 1000)) / 7 }
            let rows = (0..<tableRows).filter { _ in generator.nextInt(below: 4) != 0 }
            guard rows.count > 1 else { continue }
            let quota = 1 + generator.nextInt(below: rows.count - 1)
            #expect(KCenterSelector.farthestFirst(rows: rows, quota: quota, points: points, dimension: d)
                    == Self.plainFarthestFirst(rows: rows, quota: quota, points: points, dimension: d),
                    "d \(d), trial \(trial)")
        }
    }

    static func plainFarthestFirst(rows: [Int], quota: Int, points: [Float], dimension d: Int) -> [Int] {
        var mean = [Double](repeating: 0, count: d)
        for r in rows { for j in 0..<d { mean[j] += Double(points[r * d + j]) } }
        let centre = mean.map { Float($0 / Double(rows.count)) }
        func distance(_ r: Int, _ x: [Float]) -> Float {
            var total: Float = 0
            for j in 0..<d { let t = points[r * d + j] - x[j]; total += t * t }
            return total
        }
        var pick = 0, pickDistance = Float.infinity
        for (t, r) in rows.enumerated() where distance(r, centre) < pickDistance { pickDistance = distance(r, centre); pick = t }
        var nearest = [Float](repeating: .infinity, count: rows.count)
        var chosen: [Int] = []
        while chosen.count < quota {
            chosen.append(rows[pick])
            let x = (0..<d).map { points[rows[pick] * d + $0] }
            var next = -1, nextDistance = -Float.infinity
            for (t, r) in rows.enumerated() {
                nearest[t] = min(nearest[t], distance(r, x))
                if nearest[t] > nextDistance { nextDistance = nearest[t]; next = t }
            }
            if nextDistance <= 0 { next = rows.indices.first { !chosen.contains(rows[$0]) }! }
            pick = next
        }
        return chosen
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
