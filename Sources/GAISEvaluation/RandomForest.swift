import GAISCore

/// A random forest (Breiman, "Random Forests", Machine Learning 45, 2001) as scikit-learn's
/// `RandomForestClassifier()` defaults: fully grown CART trees on bootstrap samples, `⌊√d⌋`
/// features tried per split, prediction by the largest average of the trees' class
/// probabilities.
///
/// Tree `t` draws all its randomness from `Seed(seed).child("tree").child(t)` and trees are
/// grown with `Parallel.map`, so the forest is the same whatever the number of threads.
public struct RandomForest: Classifier {
    /// Number of trees, ≥ 1.
    public var treeCount: Int
    /// Features tried per split, ≥ 1; `nil` means `max(1, ⌊√d⌋)`.
    public var maxFeatures: Int?
    /// Threads for growing and for predicting (the forest does not depend on them).
    public var context: ExecutionContext

    public init(treeCount: Int = 100, maxFeatures: Int? = nil, context: ExecutionContext = .allCores) {
        self.treeCount = treeCount
        self.maxFeatures = maxFeatures
        self.context = context
    }

    /// Checks the parameters.
    public func validate() throws {
        try GAISError.require(treeCount >= 1, "trees", of: "forest classifier", "at least 1", got: treeCount)
        if let maxFeatures {
            try GAISError.require(maxFeatures >= 1, "max-features", of: "forest classifier", "at least 1", got: maxFeatures)
        }
    }

    /// - Complexity: O(treeCount · √d · n log² n) for balanced trees, spread over the cores.
    public func fit(features: [Float], featureCount d: Int, labels: [Int32], classCount: Int,
                    seed: UInt64) -> Model {
        grow(features: features, featureCount: d, labels: labels, weights: nil, classCount: classCount, seed: seed)
    }

    public var trainsWithWeights: Bool { true }

    /// The weighted bootstrap (a choice; the alternative, weighted impurity, would change the
    /// trees' code): each tree draws n rows with replacement, row i with probability
    /// wᵢ / Σw, and grows on them as usual. Same seeds as the unweighted forest.
    public func fit(features: [Float], featureCount d: Int, labels: [Int32], weights: [Double], classCount: Int,
                    seed: UInt64) throws -> Model {
        precondition(weights.count == labels.count, "one weight per training row")
        return grow(features: features, featureCount: d, labels: labels, weights: weights, classCount: classCount,
                    seed: seed)
    }

    func grow(features: [Float], featureCount d: Int, labels: [Int32], weights: [Double]?, classCount: Int,
              seed: UInt64) -> Model {
        let n = labels.count
        // Running sums of the weights, for drawing a row by a uniform number in [0, Σw).
        var cumulative: [Double] = []
        if let weights {
            var total = 0.0
            cumulative = weights.map { total += $0; return total }
        }
        let perSplit = maxFeatures ?? max(1, Int(Double(d).squareRoot()))
        let trees: [DecisionTree.Model] = features.withUnsafeBufferPointer { x in
            let x = UncheckedSendable(x)
            return Parallel.map(count: max(1, treeCount), context: context) { t in
                var generator = Seed(seed).child("tree").child(t).generator
                var sample = [Int](repeating: 0, count: n)
                if cumulative.isEmpty {
                    for i in 0..<n { sample[i] = generator.nextInt(below: n) }
                } else {
                    let total = cumulative[n - 1]
                    for i in 0..<n { sample[i] = Self.draw(generator.nextDouble() * total, from: cumulative) }
                }
                return DecisionTree.Model.grow(features: x.value, featureCount: d, labels: labels,
                                               classCount: classCount, rows: sample,
                                               maxFeatures: perSplit, generator: &generator)
            }
        }
        return Model(featureCount: d, classCount: classCount, trees: trees, context: context)
    }

    /// The first index whose running sum exceeds `u` (binary search), at most the last.
    static func draw(_ u: Double, from cumulative: [Double]) -> Int {
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > u { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The grown trees.
    public struct Model: TrainedClassifier {
        public let featureCount: Int
        public let classCount: Int
        public let trees: [DecisionTree.Model]
        /// Threads for predicting.
        public let context: ExecutionContext

        /// Average class probabilities over the trees, row-major `rows × classCount` (summed
        /// in tree order, so deterministic).
        public func probabilities(features: [Float]) -> [Float] {
            let rows = featureCount > 0 ? features.count / featureCount : 0
            let k = classCount
            var out = [Float](repeating: 0, count: rows * k)
            features.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { o in
                    let o = UnsafeMutableSendableBuffer(o)
                    let x = UncheckedSendable(x)
                    Parallel.forEachChunk(count: rows, grain: 64, context: context) { range in
                        for tree in trees {
                            tree.leafProbabilities.withUnsafeBufferPointer { leaves in
                                for i in range {
                                    let offset = tree.leafOffset(x.value, row: i)
                                    for c in 0..<k { o.base[i * k + c] += leaves[offset + c] }
                                }
                            }
                        }
                        let scale = 1 / Float(max(1, trees.count))
                        for i in range { for c in 0..<k { o.base[i * k + c] *= scale } }
                    }
                }
            }
            return out
        }

        /// - Complexity: O(q · treeCount · depth).
        public func predict(features: [Float]) -> [Int32] {
            let p = probabilities(features: features)
            let k = classCount
            let rows = k > 0 ? p.count / k : 0
            return (0..<rows).map { i in
                var best = 0
                for c in 1..<max(1, k) where p[i * k + c] > p[i * k + best] { best = c }
                return Int32(best)
            }
        }
    }
}
