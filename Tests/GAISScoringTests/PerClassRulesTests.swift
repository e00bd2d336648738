import GAISCore
import GAISGraph
@testable import GAISScoring
import Testing

@Suite struct PerClassRulesTests {
    @Test func coverKeepsTheBestRowOfEachBlob() {
        let points = separatedBlobs(perBlob: 20, seed: 5)
        // Scores: row i scores i within its blob, except one planted winner per blob.
        var scores = (0..<60).map { Float($0 % 20) / 100 }
        scores[7] = 5; scores[33] = 5; scores[58] = 5
        let kept = PerClassRules.cover(rows: Array(0..<60), quota: 3, points: points, dimension: 2,
                                        scores: scores, seed: Seed(5))
        #expect(kept == [7, 33, 58])
    }

    @Test(arguments: [UInt64(3), 99])
    func coverKeepsOneRowPerGroup(seed: UInt64) {
        let points = separatedBlobs(perBlob: 50, seed: seed)
        var generator = SeededGenerator(seed: seed)
        let scores = (0..<150).map { _ in Float(generator.nextDouble()) }
        let rows = Array(stride(from: 0, to: 150, by: 2))  // a "class" of 75 rows
        let kept = PerClassRules.cover(rows: rows, quota: 9, points: points, dimension: 2, scores: scores,
                                        iterations: 10, seed: Seed(seed))
        #expect(kept.count == 9 && Set(kept).count == 9 && kept == kept.sorted(), "seed \(seed)")
        #expect(Set(kept).isSubset(of: Set(rows)))
        // Re-run the same clustering: one kept row per group, the best of its group.
        let groups = PerClassRules.clusters(rows: rows, quota: 9, points: points, dimension: 2, iterations: 10,
                                            seed: Seed(seed), context: .allCores)
        #expect(groups != nil)
        if let g = groups {
            for cluster in 0..<9 {
                let members = g.rows.enumerated().filter { g.result.assignments[$0.offset] == cluster }.map(\.element)
                let inGroup = kept.filter { members.contains($0) }
                #expect(inGroup.count == 1, "seed \(seed)")
                #expect(inGroup.first == members.max { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 > $1 })
            }
        }
    }

    @Test func coverWithQuotaAtLeastTheClassKeepsEverything() {
        let kept = PerClassRules.cover(rows: [5, 1, 3], quota: 3, points: [Float](repeating: 0, count: 6),
                                        dimension: 1, scores: [Float](repeating: 0, count: 6), seed: Seed(1))
        #expect(kept == [1, 3, 5])
        #expect(PerClassRules.cover(rows: [5, 1, 3], quota: 0, points: [Float](repeating: 0, count: 6),
                                     dimension: 1, scores: [Float](repeating: 0, count: 6), seed: Seed(1)).isEmpty)
    }

    @Test func centroidKeepsTheRowNearestTheMean() {
        // One group: 0, 1, 2, 10 → mean 3.25, nearest row is the value 2 (row 2).
        let kept = PerClassRules.centroid(rows: [0, 1, 2, 3], quota: 1, points: [0, 1, 2, 10], dimension: 1, seed: Seed(1))
        #expect(kept == [2])
        let blobs = separatedBlobs(perBlob: 30, seed: 2)
        let three = PerClassRules.centroid(rows: Array(0..<90), quota: 3, points: blobs, dimension: 2, seed: Seed(2))
        #expect(three.map { $0 / 30 } == [0, 1, 2])
    }

    @Test func topTakesTheHighestScoresWithTiesToTheSmallerRow() {
        let scores: [Float] = [0.1, 0.9, 0.5, 0.9, 0.2]
        #expect(PerClassRules.top(rows: [0, 1, 2, 3, 4], quota: 1, scores: scores) == [1])
        #expect(PerClassRules.top(rows: [0, 1, 2, 3, 4], quota: 3, scores: scores) == [1, 2, 3])
        #expect(PerClassRules.top(rows: [0, 2, 4], quota: 2, scores: scores) == [2, 4])
        #expect(PerClassRules.top(rows: [0, 2], quota: 5, scores: scores) == [0, 2])
    }

    @Test func spreadSkipsNeighboursOfKeptRows() {
        // Path 0 - 1 - 2 - 3 with scores falling along it; node 4 is joined to 0 but of another class.
        let graph = SparseGraph(nodeCount: 5, edges: [(0, 1), (1, 2), (2, 3), (0, 4)])
        let scores: [Float] = [0.9, 0.8, 0.7, 0.1, 1.0]
        let rows = [0, 1, 2, 3]
        #expect(PerClassRules.top(rows: rows, quota: 2, scores: scores) == [0, 1])
        #expect(PerClassRules.top(rows: rows, quota: 2, scores: scores, spread: true, graph: graph) == [0, 2])
        // Quota 3: 0 kept, 1 skipped, 2 kept, 3 skipped (next to 2); the best skipped row fills up.
        #expect(PerClassRules.top(rows: rows, quota: 3, scores: scores, spread: true, graph: graph) == [0, 1, 2])
        // Row 4 is not in the class, so it never blocks row 0.
        #expect(PerClassRules.top(rows: [0, 3], quota: 2, scores: scores, spread: true, graph: graph) == [0, 3])
    }

    @Test func scoresByHand() {
        // Two rows, three classes.
        let probabilities: [Float] = [0.6, 0.3, 0.1,
                                      0.2, 0.5, 0.3]
        let labels: [Int32] = [0, 2]
        let attention: [Float] = [2, 0.5]
        func values(_ s: ImportanceScore) -> [Float] {
            s.values(probabilities: probabilities, classCount: 3, labels: labels, attention: attention)
        }
        #expect(values(.confidence) == [0.6, 0.3])
        #expect(values(.attention) == [2, 0.5])
        let margin = values(.margin)
        #expect(abs(margin[0] - 0.3) < 1e-6 && abs(margin[1] + 0.2) < 1e-6)
        let boundary = values(.boundary)
        #expect(abs(boundary[0] - 1.4) < 1e-5 && abs(boundary[1] - 0.6) < 1e-5)
        let product = values(.attentionConfidence)
        #expect(abs(product[0] - 1.2) < 1e-5 && abs(product[1] - 0.15) < 1e-5)
        let attentionMargin = values(.attentionMargin)
        #expect(abs(attentionMargin[0] - 1.3) < 1e-5 && abs(attentionMargin[1] - 0.2) < 1e-5)
        // Scores that ignore attention accept an empty attention vector.
        #expect(ImportanceScore.margin.values(probabilities: probabilities, classCount: 3, labels: labels,
                                              attention: []).count == 2)
    }
}

@Suite struct CoverToleranceTests {
    /// One group on a line: 0, 1, 2, 3, 10 (mean 3.2) with scores 0.9, 0.7, 0.95, 1.0, 0.2.
    let points: [Float] = [0, 1, 2, 3, 10]
    let scores: [Float] = [0.9, 0.7, 0.95, 1.0, 0.2]

    @Test(arguments: [Float(0), 0.05, 0.2, 1])
    func aBestRowThatIsAlsoCentralIsKeptAtAnyTolerance(tolerance: Float) {
        let kept = PerClassRules.cover(rows: [0, 1, 2, 3, 4], quota: 1, points: points, dimension: 1,
                                        scores: scores, tolerance: tolerance, seed: Seed(1))
        #expect(kept == [3])
    }

    @Test func centralRowWinsOnceItIsACandidate() {
        // Mean 3.2 → row 3 (value 3) is the most central; give it a low score.
        var scores = self.scores
        scores[3] = 0.5
        func keep(_ tolerance: Float) -> [Int] {
            PerClassRules.cover(rows: [0, 1, 2, 3, 4], quota: 1, points: points, dimension: 1,
                                 scores: scores, tolerance: tolerance, seed: Seed(1))
        }
        #expect(keep(0) == [2])        // best score 0.95
        #expect(keep(0.1) == [2])      // candidates 0.9, 0.95: value 2 is nearer 3.2 than 0
        #expect(keep(0.3) == [2])      // adds 0.7 (value 1): 2 still nearest
        #expect(keep(0.45) == [3])     // adds 0.5 (value 3): the central row
        #expect(keep(10) == PerClassRules.centroid(rows: [0, 1, 2, 3, 4], quota: 1, points: points,
                                                    dimension: 1, seed: Seed(1)))
    }
}

@Suite struct CoverStartsTests {
    /// With the centroid rule's iterations and starts, a tolerance wider than the scores' range
    /// leaves the network nothing to veto: cover then keeps exactly the centroid rule's rows.
    @Test(arguments: [UInt64(4), 17, 230])
    func coverWithCentroidsStartsAndAWideToleranceIsTheCentroidRule(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let points = (0..<(300 * 3)).map { _ in Float(generator.nextDouble()) }
        let scores = (0..<300).map { _ in Float(generator.nextDouble()) }
        let rows = Array(stride(from: 1, to: 300, by: 3))
        let centroid = PerClassRules.centroid(rows: rows, quota: 7, points: points, dimension: 3,
                                              iterations: 300, starts: 3, seed: Seed(seed))
        let cover = PerClassRules.cover(rows: rows, quota: 7, points: points, dimension: 3, scores: scores,
                                        tolerance: 2, iterations: 300, starts: 3, seed: Seed(seed))
        #expect(cover == centroid, "seed \(seed)")
        // A narrow tolerance lets the scores choose within the same groups: one row per group.
        let groups = PerClassRules.bestOfStarts(rows: rows, quota: 7, points: points, dimension: 3, iterations: 300,
                                                starts: 3, seed: Seed(seed), context: .allCores)
        let narrow = PerClassRules.cover(rows: rows, quota: 7, points: points, dimension: 3, scores: scores,
                                         tolerance: 0, iterations: 300, starts: 3, seed: Seed(seed))
        #expect(groups != nil)
        if let g = groups {
            for cluster in 0..<7 {
                let members = g.rows.enumerated().filter { g.result.assignments[$0.offset] == cluster }.map(\.element)
                let best = members.max { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 > $1 }
                #expect(narrow.filter { members.contains($0) } == [best].compactMap { $0 }, "seed \(seed)")
            }
        }
    }

    @Test func oneStartIsSeededWithTheSeedItself() {
        let points = separatedBlobs(perBlob: 40, seed: 8)
        let scores = (0..<120).map { Float(($0 * 37) % 101) / 100 }
        let rows = Array(0..<120)
        let one = PerClassRules.cover(rows: rows, quota: 11, points: points, dimension: 2, scores: scores,
                                      tolerance: 0.1, iterations: 10, starts: 1, seed: Seed(8))
        let groups = PerClassRules.clusters(rows: rows, quota: 11, points: points, dimension: 2, iterations: 10,
                                            seed: Seed(8), context: .allCores)
        #expect(groups.map { g in
            PerClassRules.mostCentral(g, dimension: 2) { t, row in
                let group = g.result.assignments[t]
                let best = zip(g.rows, g.result.assignments).filter { $0.1 == group }.map { scores[$0.0] }.max() ?? 0
                return scores[row] >= best - 0.1
            }
        } == one)
    }
}

@Suite struct StandardizationTests {
    @Test func columnsGetZeroMeanAndUnitVariance() {
        // Column 0: 1, 2, 3 → −1.2247, 0, 1.2247; column 1 constant → 0.
        let z = Standardization.zScores([1, 5, 2, 5, 3, 5], featureCount: 2)
        let expected: [Float] = [-1.2247449, 0, 0, 0, 1.2247449, 0]
        #expect(zip(z, expected).allSatisfy { abs($0 - $1) < 1e-5 })
    }
}
