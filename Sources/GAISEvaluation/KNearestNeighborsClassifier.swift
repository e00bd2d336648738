import GAISCore
import GAISNeighbors

/// The k-nearest-neighbour classifier (Cover & Hart, "Nearest neighbor pattern
/// classification", IEEE Trans. Inf. Theory 13, 1967) by squared Euclidean distance.
///
/// Majority vote of the `k` nearest training rows. A tie between classes goes to the class
/// whose first voter is nearer (neighbours at equal distance are ordered by training index, as
/// `NearestNeighbors.search` does), which for `k = 1` is simply the nearest row. With row
/// weights, each neighbour votes with its weight (the same tie rule), so 1-NN is unchanged.
public struct KNearestNeighborsClassifier: Classifier {
    /// Neighbours that vote, ≥ 1 (clipped to the training size).
    public var k: Int

    /// Threads for the neighbour search (predictions do not depend on them).
    public var context: ExecutionContext = .allCores

    public init(k: Int = 1) {
        self.k = k
    }

    /// Checks `k`.
    public func validate() throws {
        try GAISError.require(k >= 1, "k", of: "knn classifier", "at least 1", got: k)
    }

    /// Stores the training rows (k-NN is lazy).
    /// - Complexity: O(n · d) to copy.
    public func fit(features: [Float], featureCount: Int, labels: [Int32], classCount: Int,
                    seed: UInt64) -> Model {
        Model(k: max(1, k), context: context, reference: features, labels: labels, weights: nil,
              featureCount: featureCount, classCount: classCount)
    }

    public var trainsWithWeights: Bool { true }

    /// Stores the training rows and their weights: a neighbour's vote counts its weight.
    public func fit(features: [Float], featureCount: Int, labels: [Int32], weights: [Double], classCount: Int,
                    seed: UInt64) throws -> Model {
        precondition(weights.count == labels.count, "one weight per training row")
        return Model(k: max(1, k), context: context, reference: features, labels: labels, weights: weights,
                     featureCount: featureCount, classCount: classCount)
    }

    /// The stored training rows.
    public struct Model: TrainedClassifier {
        public let k: Int
        let context: ExecutionContext
        let reference: [Float]
        let labels: [Int32]
        /// Each training row's vote (nil: 1 each).
        let weights: [Double]?
        public let featureCount: Int
        public let classCount: Int

        /// - Complexity: that of `NearestNeighbors.search`, O(q · n · d) by brute force, plus
        ///   O(q · k) for the votes.
        public func predict(features: [Float]) -> [Int32] {
            let queryCount = featureCount > 0 ? features.count / featureCount : 0
            guard !labels.isEmpty, queryCount > 0 else {
                return [Int32](repeating: 0, count: queryCount)
            }
            let lists = NearestNeighbors.search(queries: features, reference: reference,
                                                dimension: featureCount, k: k, context: context)
            let kk = lists.k
            if let weights { return weightedVotes(lists, weights: weights, queryCount: queryCount) }
            var votes = [Int](repeating: 0, count: classCount)
            var firstSeen = [Int](repeating: 0, count: classCount)
            var predictions = [Int32](repeating: 0, count: queryCount)
            lists.indices.withUnsafeBufferPointer { neighbours in
                for q in 0..<queryCount {
                    for c in 0..<classCount { votes[c] = 0 }
                    var best = -1
                    for r in 0..<kk {
                        let c = Int(labels[Int(neighbours[q * kk + r])])
                        if votes[c] == 0 { firstSeen[c] = r }
                        votes[c] += 1
                        if best < 0 || votes[c] > votes[best]
                            || (votes[c] == votes[best] && firstSeen[c] < firstSeen[best]) {
                            best = c
                        }
                    }
                    predictions[q] = Int32(max(0, best))
                }
            }
            return predictions
        }

        /// The class with the largest sum of neighbour weights (ties: the class whose first
        /// voter is nearer).
        func weightedVotes(_ lists: NeighborLists, weights: [Double], queryCount: Int) -> [Int32] {
            let kk = lists.k
            var votes = [Double](repeating: 0, count: classCount)
            var firstSeen = [Int](repeating: -1, count: classCount)
            var predictions = [Int32](repeating: 0, count: queryCount)
            for q in 0..<queryCount {
                for c in 0..<classCount { votes[c] = 0; firstSeen[c] = -1 }
                for r in 0..<kk {
                    let neighbour = Int(lists.indices[q * kk + r])
                    let c = Int(labels[neighbour])
                    if firstSeen[c] < 0 { firstSeen[c] = r }
                    votes[c] += weights[neighbour]
                }
                var best = -1
                for c in 0..<classCount where firstSeen[c] >= 0 {
                    if best < 0 || votes[c] > votes[best] || (votes[c] == votes[best] && firstSeen[c] < firstSeen[best]) {
                        best = c
                    }
                }
                predictions[q] = Int32(max(0, best))
            }
            return predictions
        }
    }
}
