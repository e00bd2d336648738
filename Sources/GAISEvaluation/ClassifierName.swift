import GAISCore

/// A classifier named as on the command line: `knn1`, `knn5`, any `knnK`, `nb`, `lr`, `tree`,
/// `forest`. Each name fits with its default parameters.
public enum ClassifierName: Sendable, Hashable, CustomStringConvertible {
    /// k-NN with this `k` (≥ 1).
    case kNearestNeighbors(k: Int)
    /// Gaussian naive Bayes.
    case naiveBayes
    /// Multinomial logistic regression, C = 1.
    case logisticRegression
    /// One fully grown CART tree.
    case tree
    /// A random forest of 100 trees.
    case forest

    /// The classifiers the bench runs when none are named.
    public static let defaults: [ClassifierName] = [.kNearestNeighbors(k: 1), .kNearestNeighbors(k: 5), .naiveBayes,
                                                    .logisticRegression, .tree, .forest]

    /// Text listing the valid names, for error messages and help.
    public static let validNames = "knn1, knn5, knnK (any K ≥ 1), nb, lr, tree, forest"

    /// The classifiers that train with row weights, for messages and help.
    public static let weightedNames = "knnK (weighted vote), forest (weighted bootstrap)"

    /// Whether the classifier trains with row weights: k-NN (each neighbour votes with its
    /// weight; 1-NN is therefore unchanged) and the forest (each tree's bootstrap draws rows
    /// with probability proportional to their weights).
    public var trainsWithWeights: Bool {
        switch self {
        case .kNearestNeighbors, .forest: return true
        case .naiveBayes, .logisticRegression, .tree: return false
        }
    }

    /// Parses a command-line name (case-insensitive, surrounding spaces ignored).
    /// - Throws: `GAISError.invalidParameter` naming the valid names.
    public init(parsing text: String) throws {
        let name = String(text.lowercased().drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        switch name {
        case "nb": self = .naiveBayes
        case "lr": self = .logisticRegression
        case "tree": self = .tree
        case "forest": self = .forest
        default:
            if name.hasPrefix("knn"), let k = Int(name.dropFirst(3)), k >= 1 {
                self = .kNearestNeighbors(k: k)
            } else {
                throw GAISError.invalidParameter(name: "classifier", owner: "evaluation",
                                                 rule: "one of \(Self.validNames)", value: "'\(text)'")
            }
        }
    }

    /// Parses a comma-separated list such as `"knn1,nb,forest"` (duplicates dropped).
    public static func parseList(_ text: String) throws -> [ClassifierName] {
        var names: [ClassifierName] = []
        for part in text.split(separator: ",") {
            let name = try ClassifierName(parsing: String(part))
            if !names.contains(name) { names.append(name) }
        }
        guard !names.isEmpty else {
            throw GAISError.invalidParameter(name: "classifiers", owner: "evaluation",
                                             rule: "a comma-separated list of \(Self.validNames)", value: "'\(text)'")
        }
        return names
    }

    /// The command-line name.
    public var description: String {
        switch self {
        case .kNearestNeighbors(let k): return "knn\(k)"
        case .naiveBayes: return "nb"
        case .logisticRegression: return "lr"
        case .tree: return "tree"
        case .forest: return "forest"
        }
    }

    /// The named classifier with its default parameters, running on `context`'s threads.
    public func classifier(context: ExecutionContext = .allCores) -> any Classifier {
        switch self {
        case .kNearestNeighbors(let k):
            var classifier = KNearestNeighborsClassifier(k: k)
            classifier.context = context
            return classifier
        case .naiveBayes: return GaussianNaiveBayes()
        case .logisticRegression:
            var classifier = LogisticRegression()
            classifier.context = context
            return classifier
        case .tree: return DecisionTree()
        case .forest: return RandomForest(context: context)
        }
    }

    /// Fits the named classifier with its default parameters.
    public func fit(features: [Float], featureCount: Int, labels: [Int32], classCount: Int,
                    seed: UInt64, context: ExecutionContext = .allCores) -> any TrainedClassifier {
        classifier(context: context).fit(features: features, featureCount: featureCount, labels: labels,
                                         classCount: classCount, seed: seed)
    }

    /// Fits the named classifier, with row weights when `weights` is given.
    /// - Throws: `GAISError.invalidParameter` for weights and a classifier that does not take them.
    public func fit(features: [Float], featureCount: Int, labels: [Int32], weights: [Double]?, classCount: Int,
                    seed: UInt64, context: ExecutionContext = .allCores) throws -> any TrainedClassifier {
        guard let weights else {
            return fit(features: features, featureCount: featureCount, labels: labels, classCount: classCount,
                       seed: seed, context: context)
        }
        guard trainsWithWeights else {
            throw GAISError.invalidParameter(name: "classifier", owner: "weighted training",
                                             rule: "one that trains with weights: \(Self.weightedNames)",
                                             value: "'\(description)'")
        }
        return try classifier(context: context).fit(features: features, featureCount: featureCount, labels: labels,
                                                    weights: weights, classCount: classCount, seed: seed)
    }

    /// Fits the named classifier on a dataset.
    public func fit(_ data: Dataset, seed: UInt64, context: ExecutionContext = .allCores) -> any TrainedClassifier {
        fit(features: data.features, featureCount: data.featureCount, labels: data.labels,
            classCount: data.classCount, seed: seed, context: context)
    }
}
