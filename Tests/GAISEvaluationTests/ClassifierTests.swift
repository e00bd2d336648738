import GAISCore
import Testing
@testable import GAISEvaluation

@Suite struct ClassifierTests {
    // Four points on a line: 0 and 1 are class 0, 3 and 4 class 1.
    let line = Dataset(features: [0, 1, 3, 4], featureCount: 1, labels: [0, 0, 1, 1])

    @Test func oneNearestNeighbourPicksTheClosestRow() {
        let model = KNearestNeighborsClassifier(k: 1).fit(line, seed: 0)
        #expect(model.predict(features: [-5, 0.4, 1.9, 2.1, 3.6, 10]) == [0, 0, 0, 1, 1, 1])
    }

    @Test func kNearestNeighboursBreakTiesByTheNearerNeighbour() {
        // k = 2: one vote each; the nearer neighbour's class wins.
        let model = KNearestNeighborsClassifier(k: 2).fit(line, seed: 0)
        #expect(model.predict(features: [1.9, 2.1]) == [0, 1])
        // k = 3 at x = 2: neighbours 1 (c0), 3 (c1), then 0 and 4 at distance 4 — 0 wins by index.
        let three = KNearestNeighborsClassifier(k: 3).fit(line, seed: 0)
        #expect(three.predict(features: [2, 2.4, 1.6]) == [0, 1, 0])
        // Equal distances: x = 2 with k = 2 sees rows 1 and 3 at the same distance; row 1 first.
        #expect(model.predict(features: [2]) == [0])
    }

    @Test func kNearestNeighboursWithKLargerThanTheTrainingSet() {
        let model = KNearestNeighborsClassifier(k: 9).fit(
            Dataset(features: [0, 1, 5], featureCount: 1, labels: [1, 1, 0]), seed: 0)
        #expect(model.predict(features: [5, 4.9]) == [1, 1])
    }

    // Expected posteriors from scikit-learn 1.9.1:
    //   from sklearn.naive_bayes import GaussianNB
    //   m = GaussianNB().fit([[0.],[2.],[4.],[6.],[8.]], [0,0,1,1,1])
    //   m.predict_proba([[3.],[4.],[1.]]); m.var_
    @Test func naiveBayesPosteriorsMatchScikitLearn() {
        let data = Dataset(features: [0, 2, 4, 6, 8], featureCount: 1, labels: [0, 0, 1, 1, 1])
        let model = GaussianNaiveBayes().fit(data, seed: 0)
        #expect(abs(model.variances[0] - 1.000000008) < 1e-12)
        #expect(abs(model.variances[1] - 2.6666666746666667) < 1e-12)
        let p = model.probabilities(features: [3, 4, 1])
        let expected = [0.44335658369290515, 0.5566434163070948, 0.024963736048984747, 0.9750362639510151,
                        0.9916113321762694, 0.008388667823730572]
        for i in expected.indices { #expect(abs(p[i] - expected[i]) < 1e-9, "posterior \(i)") }
        #expect(model.predict(features: [3, 4, 1]) == [1, 1, 0])
    }

    @Test func naiveBayesNeverPredictsAnAbsentClass() {
        let data = Dataset(features: [0, 1, 5, 6], featureCount: 1, labels: [0, 0, 2, 2], classNames: ["a", "b", "c"])
        let model = GaussianNaiveBayes().fit(data, seed: 0)
        #expect(model.predict(features: [0.5, 5.5, 3.2]).allSatisfy { $0 != 1 })
    }

    @Test func treeFindsTheThresholdMidway() {
        // Class 1 exactly when x0 > 2.5; x1 is noise that separates nothing.
        let data = Dataset(features: [1, 5, 2, 1, 3, 4, 4, 2, 0, 3, 5, 5],
                           featureCount: 2, labels: [0, 0, 1, 1, 0, 1])
        let model = DecisionTree().fit(data, seed: 0)
        #expect(model.nodeCount == 3)
        #expect(model.leafCount == 2)
        #expect(model.splitFeature[0] == 0)
        #expect(model.threshold[0] == 2.5)
        #expect(model.predict(features: [2.4, 100, 2.6, -100]) == [0, 1])
    }

    @Test func treeGrowsUntilLeavesArePure() {
        let data = TestData.blobs(classes: 3, perClass: 30, dimension: 2, spread: 1.2, seed: 11)
        let model = DecisionTree().fit(data, seed: 5)
        // A fully grown tree fits its distinct training rows exactly.
        #expect(model.predict(features: data.features) == data.labels)
        // Every leaf is pure.
        for leaf in 0..<model.leafCount {
            let p = model.leafProbabilities[leaf * 3 ..< leaf * 3 + 3]
            #expect(p.contains(1))
        }
    }

    @Test func logisticGradientMatchesFiniteDifferences() {
        let data = TestData.blobs(classes: 3, perClass: 8, dimension: 2, spread: 1.5, seed: 3)
        let lr = LogisticRegression(inverseRegularization: 0.7)
        var generator = SeededGenerator(seed: 99)
        let weights = (0..<9).map { _ in generator.nextGaussian() * 0.5 }
        var gradient = [Double](repeating: 0, count: 9)
        _ = lr.objective(weights: weights, gradient: &gradient, features: data.features, featureCount: 2,
                         labels: data.labels, classCount: 3)
        var scratch = gradient
        for p in 0..<9 {
            var plus = weights, minus = weights
            plus[p] += 1e-6
            minus[p] -= 1e-6
            let fPlus = lr.objective(weights: plus, gradient: &scratch, features: data.features, featureCount: 2,
                                     labels: data.labels, classCount: 3)
            let fMinus = lr.objective(weights: minus, gradient: &scratch, features: data.features, featureCount: 2,
                                      labels: data.labels, classCount: 3)
            let numeric = (fPlus - fMinus) / 2e-6
            #expect(abs(numeric - gradient[p]) < 1e-6, "parameter \(p): \(numeric) vs \(gradient[p])")
        }
    }

    @Test func logisticRegressionConvergesOnSeparableData() {
        let data = TestData.blobs(classes: 3, perClass: 40, dimension: 2, spread: 0.3, seed: 21)
        let model = LogisticRegression().fit(data, seed: 0)
        #expect(model.converged)
        #expect(model.iterations < 200)
        #expect(model.predict(features: data.features) == data.labels)
    }

    @Test func lbfgsMinimisesAQuadratic() {
        // f(x) = Σ (i+1)·(x_i − i)², minimum at x_i = i.
        let result = LBFGS(gradientTolerance: 1e-10).minimize(from: [Double](repeating: 0, count: 5)) { x, g in
            var f = 0.0
            for i in x.indices {
                let d = x[i] - Double(i)
                f += Double(i + 1) * d * d
                g[i] = 2 * Double(i + 1) * d
            }
            return f
        }
        #expect(result.converged)
        for i in 0..<5 { #expect(abs(result.x[i] - Double(i)) < 1e-8) }
    }

    @Test func forestIsTheSameWhateverTheThreadCount() {
        let data = TestData.blobs(classes: 3, perClass: 50, dimension: 4, spread: 1.5, seed: 8)
        let queries = TestData.blobs(classes: 3, perClass: 20, dimension: 4, spread: 1.5, seed: 9)
        let single = RandomForest(treeCount: 30, context: .serial).fit(data, seed: 17)
        let p1 = single.probabilities(features: queries.features)
        let multi = RandomForest(treeCount: 30, context: ExecutionContext(threads: 4)).fit(data, seed: 17)
        let p4 = multi.probabilities(features: queries.features)
        #expect(p1 == p4)
        #expect(single.predict(features: queries.features) == multi.predict(features: queries.features))
        let other = RandomForest(treeCount: 30).fit(data, seed: 18)
        #expect(other.probabilities(features: queries.features) != p1)
        // Probabilities are averages of leaf distributions: each row sums to 1.
        for i in 0..<(p1.count / 3) { #expect(abs(p1[3 * i] + p1[3 * i + 1] + p1[3 * i + 2] - 1) < 1e-5) }
        let accuracy = Metrics.accuracy(predicted: single.predict(features: queries.features), truth: queries.labels)
        #expect(accuracy > 0.8)
    }

    @Test func everyClassifierAcceptsAnEmptyTrainingSet() {
        let empty = Dataset(features: [], featureCount: 2, labels: [], classNames: ["a", "b"])
        for name in ClassifierName.defaults {
            let model = name.fit(empty, seed: 0)
            #expect(model.predict(features: [0, 0, 1, 1]) == [0, 0], "\(name)")
        }
    }

    @Test func classifierNamesParse() throws {
        #expect(try ClassifierName(parsing: "knn7") == .kNearestNeighbors(k: 7))
        #expect(try ClassifierName(parsing: " KNN1 ") == .kNearestNeighbors(k: 1))
        #expect(try ClassifierName(parsing: "forest") == .forest)
        #expect(try ClassifierName.parseList("knn1,nb,lr,tree,forest,nb").map(\.description)
                == ["knn1", "nb", "lr", "tree", "forest"])
        for bad in ["knn0", "knn", "svm", "knn-3", ""] {
            #expect(throws: GAISError.self) { try ClassifierName(parsing: bad) }
        }
        do {
            _ = try ClassifierName(parsing: "svm")
        } catch {
            #expect("\(error)".contains("knn1, knn5, knnK"))
        }
    }
}
