import GAISCore
import Testing
@testable import GAISScoring

@Suite struct SwapRefinementTests {
    /// 1-NN agreement of `kept` with `target` over every row, kept rows scored leave-one-out.
    static func agreement(_ kept: [Int], points: [Float], dimension d: Int, labels: [Int32], target: [Int32]) -> Int {
        var total = 0
        for i in 0..<labels.count {
            var best = Float.infinity, bestRow = -1
            for k in kept where k != i {
                var dist: Float = 0
                for j in 0..<d { dist += (points[i * d + j] - points[k * d + j]) * (points[i * d + j] - points[k * d + j]) }
                if dist < best { best = dist; bestRow = k }
            }
            if bestRow >= 0 && labels[bestRow] == target[i] { total += 1 }
        }
        return total
    }

    /// A on 0, 1, 2 and B on 3.5, 4.5, 5.5, 100, one row each, starting from the far outlier
    /// of B: every B row near A is then predicted A. Replacing the outlier by 3.5 makes 4 rows
    /// right, by 4.5 or 5.5 five (the most); the A row stays (no A row is predicted wrongly after).
    @Test func handCheckedLine() {
        let points: [Float] = [0, 1, 2, 3.5, 4.5, 5.5, 100]
        let labels: [Int32] = [0, 0, 0, 1, 1, 1, 1]
        for seed in 0..<8 {
            let refined = SwapRefinement().refine(kept: [0, 6], points: points, dimension: 1, labels: labels,
                                                  target: labels, seed: Seed(UInt64(seed)), context: .serial)
            #expect(refined.count == 2)
            #expect(refined[0] == 0)
            #expect(refined[1] == 4 || refined[1] == 5)
            #expect(Self.agreement(refined, points: points, dimension: 1, labels: labels, target: labels) == 5)
        }
    }

    /// Random data: quotas per class unchanged, agreement never lower, the same rows on 1 and 4
    /// threads, and the piecewise path (small pieces) keeps the same guarantees.
    @Test func propertiesOnRandomData() {
        var generator = Seed(5).generator
        let n = 600, d = 3
        var points = [Float](), labels = [Int32]()
        for _ in 0..<n {
            let c = Int32.random(in: 0..<3, using: &generator)
            labels.append(c)
            for j in 0..<d { points.append(Float.random(in: 0...1, using: &generator) + (j == 0 ? Float(c) * 0.4 : 0)) }
        }
        var target = labels
        for i in stride(from: 0, to: n, by: 7) { target[i] = (labels[i] + 1) % 3 }  // a noisy target
        let kept = Array(stride(from: 0, to: n, by: 20))
        for pieceRows in [16_384, 150] {
            var search = SwapRefinement()
            search.pieceRows = pieceRows
            let serial = search.refine(kept: kept, points: points, dimension: d, labels: labels, target: target,
                                       seed: Seed(9), context: .serial)
            let parallel = search.refine(kept: kept, points: points, dimension: d, labels: labels, target: target,
                                         seed: Seed(9), context: ExecutionContext(threads: 4))
            #expect(serial == parallel)
            #expect(serial == serial.sorted() && Set(serial).count == serial.count)
            for c in Int32(0)..<3 {
                #expect(serial.filter { labels[$0] == c }.count == kept.filter { labels[$0] == c }.count)
            }
            if pieceRows > n {
                let before = Self.agreement(kept, points: points, dimension: d, labels: labels, target: target)
                let after = Self.agreement(serial, points: points, dimension: d, labels: labels, target: target)
                #expect(after > before)
            }
        }
    }

    /// Through the selector, with either target: the swap search keeps GAIS's quotas, and the
    /// network target (which needs the network's probabilities, not only its scores) changes
    /// which rows are kept only through the search.
    @Test(arguments: [RefinementTarget.labels, .network, .agreed])
    func selectorKeepsItsQuotas(target: RefinementTarget) throws {
        let wine = try loadBundled("Datasets/keel/wine.csv")
        var selector = GAISSelector()
        selector.rule = .cover
        selector.refine = .swap
        selector.refineTarget = target
        selector.network.epochs = 5
        let selection = try selector.select(from: wine, seed: 3, context: .allCores)
        let quotas = selector.size.quotas(classCounts: wine.classCounts)
        for c in 0..<wine.classCount {
            #expect(selection.indices.filter { Int(wine.labels[$0]) == c }.count == quotas[c])
        }
        var unrefined = selector
        unrefined.refine = .none
        let start = try unrefined.select(from: wine, seed: 3, context: .allCores)
        // The scores are the same whichever pooling computed them.
        #expect(selection.scores == start.scores)
    }

    /// `refine=auto` (the default) is the swap search on inputs of at most `autoRows` rows and no
    /// search above.
    @Test func autoSearchesUpToItsRowCount() throws {
        let wine = try loadBundled("Datasets/keel/wine.csv")
        var selector = GAISSelector()
        selector.rule = .centroid
        #expect(selector.refine == .auto)
        func rows(_ refine: Refinement, autoRows: Int) throws -> [Int] {
            var configured = selector
            configured.refine = refine
            configured.swapSearch.autoRows = autoRows
            return try configured.select(from: wine, seed: 5, context: .serial).indices
        }
        let swapped = try rows(.swap, autoRows: 0), unrefined = try rows(.none, autoRows: 0)
        #expect(swapped != unrefined)
        #expect(try rows(.auto, autoRows: wine.rowCount) == swapped)
        #expect(try rows(.auto, autoRows: wine.rowCount - 1) == unrefined)
    }

    /// A row whose target is −1 counts for nothing: with every row but one class's rows at −1,
    /// the search can only serve that class, and it never makes its agreement worse.
    @Test func rowsWithoutATargetCountForNothing() {
        var generator = Seed(21).generator
        let n = 300, d = 3
        let points = (0..<(n * d)).map { _ in Float(generator.nextInt(below: 1_000)) / 100 }
        let labels = (0..<n).map { Int32($0 % 3) }
        let target = labels.map { $0 == 0 ? Int32(0) : -1 }
        let kept = Array(stride(from: 0, to: 30, by: 1))
        let refined = SwapRefinement().refine(kept: kept, points: points, dimension: d, labels: labels, target: target,
                                              seed: Seed(1), context: .serial)
        #expect(refined.count == kept.count)
        #expect(Self.agreement(refined, points: points, dimension: d, labels: labels, target: target)
                >= Self.agreement(kept, points: points, dimension: d, labels: labels, target: target))
        // Only class 0's kept rows can have moved: the other classes have no row to gain.
        #expect(refined.filter { labels[$0] != 0 } == kept.filter { labels[$0] != 0 })
    }

    /// `facility --refine swap` starts the search from facility location's rows: the same quotas,
    /// other rows, and at least the start's 1-NN agreement with the labels.
    @Test func facilityLocationCanEndWithTheSearch() throws {
        let wine = try loadBundled("Datasets/keel/wine.csv")
        var facility = FacilityLocationSelector()
        facility.size = .keepRatio(0.1)
        let start = try facility.select(from: wine, seed: 2, context: .serial).indices
        facility.refine = .swap
        let refined = try facility.select(from: wine, seed: 2, context: .serial).indices
        #expect(refined != start)
        for c in 0..<wine.classCount {
            #expect(refined.filter { Int(wine.labels[$0]) == c }.count == start.filter { Int(wine.labels[$0]) == c }.count)
        }
        #expect(Self.agreement(refined, points: wine.features, dimension: wine.featureCount, labels: wine.labels,
                               target: wine.labels)
                >= Self.agreement(start, points: wine.features, dimension: wine.featureCount, labels: wine.labels,
                                  target: wine.labels))
    }

    /// Candidates ordered by a priority: equal priorities keep the seeded order (the same rows as
    /// no priority), and any priority keeps the quotas and never lowers the agreement.
    @Test func equalPrioritiesKeepTheSeededOrder() {
        var generator = Seed(33).generator
        let n = 400, d = 2
        let points = (0..<(n * d)).map { _ in Float(generator.nextInt(below: 1_000)) / 100 }
        let labels = (0..<n).map { Int32(($0 * 7) % 3) }
        let kept = Array(0..<12)
        let search = SwapRefinement()
        let plain = search.refine(kept: kept, points: points, dimension: d, labels: labels, target: labels,
                                  seed: Seed(4), context: .serial)
        let flat = search.refine(kept: kept, points: points, dimension: d, labels: labels, target: labels,
                                 priority: [Float](repeating: 0.5, count: n), seed: Seed(4), context: .serial)
        #expect(flat == plain)
        let ranked = search.refine(kept: kept, points: points, dimension: d, labels: labels, target: labels,
                                   priority: (0..<n).map { Float($0) }, seed: Seed(4), context: .serial)
        #expect(ranked.count == kept.count)
        #expect(Self.agreement(ranked, points: points, dimension: d, labels: labels, target: labels)
                >= Self.agreement(kept, points: points, dimension: d, labels: labels, target: labels))
    }
}
