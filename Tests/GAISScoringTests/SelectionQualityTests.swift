import GAISCore
import GAISNeighbors
@testable import GAISScoring
import Testing

/// The selector must select: on bundled data its kept rows must train a better 1-NN than a
/// random subset of the same size per class (method.md §6).
@Suite struct SelectionQualityTests {
    /// 1-NN accuracy on `test` of the rows `kept` of `train`.
    static func oneNearestNeighbourAccuracy(train: Dataset, kept: [Int], test: Dataset) -> Double {
        let reference = train.subset(kept)
        let nearest = NearestNeighbors.search(queries: test.features, reference: reference.features,
                                              dimension: train.featureCount, k: 1)
        var correct = 0
        for q in 0..<test.rowCount where reference.labels[Int(nearest.indices[q])] == test.labels[q] { correct += 1 }
        return Double(correct) / Double(test.rowCount)
    }

    /// Mean 1-NN accuracy over 3 stratified folds (fold of row t of a class = t mod 3 after a
    /// seeded shuffle) of GAIS (default parameters but `rule`) and of five random per-class
    /// subsets of the same sizes.
    static func crossValidated(_ data: Dataset, rule: SelectionRule, seed: UInt64) throws -> (gais: Double, random: Double) {
        var generator = SeededGenerator(seed: seed)
        var fold = [Int](repeating: 0, count: data.rowCount)
        for var rows in data.rowsByClass {
            generator.shuffle(&rows)
            for (t, row) in rows.enumerated() { fold[row] = t % 3 }
        }
        var gais = 0.0, random = 0.0
        for f in 0..<3 {
            let train = data.subset((0..<data.rowCount).filter { fold[$0] != f })
            let test = data.subset((0..<data.rowCount).filter { fold[$0] == f })
            var selector = GAISSelector()
            selector.rule = rule
            let selection = try selector.select(from: train, seed: seed)
            gais += oneNearestNeighbourAccuracy(train: train, kept: selection.indices, test: test) / 3
            // Random subsets vary a lot at 4 %: average five draws.
            let quotas = SubsetSize.default.quotas(classCounts: train.classCounts)
            for _ in 0..<5 {
                var randomKept: [Int] = []
                for (c, var rows) in train.rowsByClass.enumerated() {
                    generator.shuffle(&rows)
                    randomKept += rows.prefix(quotas[c])
                }
                random += oneNearestNeighbourAccuracy(train: train, kept: randomKept.sorted(), test: test) / 15
            }
        }
        return (gais, random)
    }

    // Measured at commit time (seed 1), 1-NN: wdbc centroid (the default) 0.951, cover 0.961,
    // random 0.920; pima centroid 0.741, cover 0.728, random 0.673.
    @Test(arguments: ["wdbc", "pima"], [SelectionRule.centroid, .cover])
    func beatsARandomSubsetOfTheSameSize(name: String, rule: SelectionRule) throws {
        let data = try loadBundled("Datasets/keel/\(name).csv")
        let (gais, random) = try Self.crossValidated(data, rule: rule, seed: 1)
        #expect(gais > random + 0.02, "\(name) \(rule) seed 1: GAIS \(gais), random \(random)")
    }
}
