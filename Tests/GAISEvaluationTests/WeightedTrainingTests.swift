import GAISCore
import Testing
@testable import GAISEvaluation

/// Training with row weights (the rows each kept row stands for).
@Suite struct WeightedTrainingTests {
    /// Line: 0 and 1 are class 0 (weight 1 each), 2 is class 1 (weight 5).
    let line = Dataset(features: [0, 1, 2], featureCount: 1, labels: [0, 0, 1])
    let weights: [Double] = [1, 1, 5]

    @Test func kNearestNeighboursVoteByWeight() throws {
        let three = KNearestNeighborsClassifier(k: 3)
        // Unweighted: two votes for class 0 beat one; weighted: 5 beats 1 + 1.
        #expect(three.fit(line, seed: 0).predict(features: [1.4]) == [0])
        let weighted = try three.fit(features: line.features, featureCount: 1, labels: line.labels, weights: weights,
                                     classCount: 2, seed: 0)
        #expect(weighted.predict(features: [1.4]) == [1])
        // A tie of weights goes to the class whose first voter is nearer: 0.9 → row 1 first.
        let even = try three.fit(features: line.features, featureCount: 1, labels: line.labels, weights: [1, 1, 2],
                                 classCount: 2, seed: 0)
        #expect(even.predict(features: [0.9, 1.9]) == [0, 1])
        // 1-NN: one neighbour, so weights change nothing.
        let one = KNearestNeighborsClassifier(k: 1)
        let queries: [Float] = [-1, 0.4, 0.6, 1.4, 1.6, 3]
        #expect(try one.fit(features: line.features, featureCount: 1, labels: line.labels, weights: weights,
                            classCount: 2, seed: 0).predict(features: queries)
                == one.fit(line, seed: 0).predict(features: queries))
    }

    @Test func weightedBootstrapDrawsByRunningSums() {
        // Weights 1, 2, 3: [0, 1) → 0, [1, 3) → 1, [3, 6) → 2.
        let cumulative: [Double] = [1, 3, 6]
        #expect([0, 0.99, 1, 2.99, 3, 5.99].map { RandomForest.draw($0, from: cumulative) } == [0, 0, 1, 1, 2, 2])
    }

    @Test func aForestFollowsTheWeights() throws {
        // Class 0 rows carry almost no weight: every bootstrap is (almost surely) class 1 only.
        let data = Dataset(features: [0, 1, 2, 3, 10, 11], featureCount: 1, labels: [0, 0, 0, 0, 1, 1])
        let forest = RandomForest(treeCount: 20, context: .serial)
        let model = try forest.fit(features: data.features, featureCount: 1, labels: data.labels,
                                   weights: [1e-12, 1e-12, 1e-12, 1e-12, 1, 1], classCount: 2, seed: 3)
        #expect(model.predict(features: [0, 1.5, 10]) == [1, 1, 1])
        // Unweighted, the same seed: the rows near 0 are class 0.
        #expect(forest.fit(data, seed: 3).predict(features: [0, 10]) == [0, 1])
        // Deterministic: the same weights and seed give the same forest.
        let again = try forest.fit(features: data.features, featureCount: 1, labels: data.labels,
                                   weights: [1, 2, 1, 2, 1, 2], classCount: 2, seed: 3)
        let twice = try forest.fit(features: data.features, featureCount: 1, labels: data.labels,
                                   weights: [1, 2, 1, 2, 1, 2], classCount: 2, seed: 3)
        #expect(again.probabilities(features: [0.5, 5, 10.5]) == twice.probabilities(features: [0.5, 5, 10.5]))
    }

    @Test func classifiersWithoutWeightsRefuseThem() throws {
        #expect(throws: GAISError.self) {
            try Evaluation.scoreInOrder(train: line, weights: weights, test: line, classifiers: [.naiveBayes])
        }
        #expect(!ClassifierName.tree.trainsWithWeights && ClassifierName.forest.trainsWithWeights)
        // Weighted cross-validation gives each fold its rows' weights; with weights 1 k-NN is unweighted.
        let data = Dataset(features: (0..<20).map { Float($0 % 10) + ($0 < 10 ? 0 : 0.5) }, featureCount: 1,
                           labels: (0..<20).map { $0 < 10 ? 0 : 1 })
        let plain = try Evaluation.crossValidate(data: data, folds: 4, classifiers: [.kNearestNeighbors(k: 3)], seed: 1)
        let ones = try Evaluation.crossValidate(data: data, weights: [Double](repeating: 1, count: 20), folds: 4,
                                                classifiers: [.kNearestNeighbors(k: 3)], seed: 1)
        #expect(plain.scores.map { $0.map(\.accuracy) } == ones.scores.map { $0.map(\.accuracy) })
    }
}
