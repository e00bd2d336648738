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

    /// Fits the named classifier on a dataset.
    public func fit(_ data: Dataset, seed: UInt64, context: ExecutionContext = .allCores) -> any TrainedClassifier {
        fit(features: data.features, featureCount: data.featureCount, labels: data.labels,
            classCount: data.classCount, seed: seed, context: context)
    }
}
