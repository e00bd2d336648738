import GAISCore

/// A classifier fitted on a training table, ready to label new rows. Immutable and `Sendable`,
/// so one model can label chunks of rows concurrently.
public protocol TrainedClassifier: Sendable {
    /// Number of classes the model was fitted with; predictions lie in `0..<classCount`.
    var classCount: Int { get }
    /// Number of features per row the model expects.
    var featureCount: Int { get }
    /// The predicted class of every row of `features` (row-major, `featureCount` values a row).
    func predict(features: [Float]) -> [Int32]
}

/// A learning algorithm: a `Sendable` configuration struct whose `fit` returns an immutable model.
///
/// `fit` must be deterministic for a seed whatever the number of threads, and must accept
/// classes with no training rows (they are never predicted) and an empty training set (every
/// row is then predicted as class 0).
public protocol Classifier: Sendable {
    associatedtype Model: TrainedClassifier
    /// Fits the model.
    /// - Parameters:
    ///   - features: row-major training values, `labels.count × featureCount`.
    ///   - featureCount: values per row, ≥ 1.
    ///   - labels: class of each training row, in `0..<classCount`.
    ///   - classCount: number of classes, ≥ 1.
    ///   - seed: drives every random choice (bootstrap, feature order).
    func fit(features: [Float], featureCount: Int, labels: [Int32], classCount: Int, seed: UInt64) -> Model
    /// Whether the classifier can train with row weights (`fit(…weights:…)`).
    var trainsWithWeights: Bool { get }
    /// Fits the model with a weight for each training row: the number of rows it stands for
    /// (e.g. `RowWeights`). Weights are positive and finite.
    /// - Throws: `GAISError.invalidParameter` when the classifier does not train with weights.
    func fit(features: [Float], featureCount: Int, labels: [Int32], weights: [Double], classCount: Int,
             seed: UInt64) throws -> Model
}

extension Classifier {
    public var trainsWithWeights: Bool { false }

    public func fit(features: [Float], featureCount: Int, labels: [Int32], weights: [Double], classCount: Int,
                    seed: UInt64) throws -> Model {
        throw GAISError.invalidParameter(name: "classifier", owner: "weighted training",
                                         rule: "one that trains with weights (\(ClassifierName.weightedNames))",
                                         value: "\(Self.self)")
    }

    /// Fits the model on a dataset.
    public func fit(_ data: Dataset, seed: UInt64) -> Model {
        fit(features: data.features, featureCount: data.featureCount, labels: data.labels,
            classCount: data.classCount, seed: seed)
    }
}

/// Index of the largest value; ties go to the smaller index.
@inline(__always)
func argmax(_ values: UnsafeBufferPointer<Double>) -> Int {
    var best = 0
    for c in 1..<max(1, values.count) where values[c] > values[best] { best = c }
    return best
}

/// The most frequent label (ties → smaller class), or 0 when there are none: what every
/// classifier predicts when it was fitted on no rows.
func majorityClass(_ labels: [Int32], classCount: Int) -> Int32 {
    var counts = [Int](repeating: 0, count: max(1, classCount))
    for label in labels { counts[Int(label)] += 1 }
    var best = 0
    for c in counts.indices where counts[c] > counts[best] { best = c }
    return Int32(best)
}
