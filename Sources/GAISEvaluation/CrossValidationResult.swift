import GAISCore
/// Cross-validated scores of several classifiers.
public struct CrossValidationResult: Sendable {
    /// The classifiers, in the order given.
    public var classifiers: [ClassifierName]
    /// Number of folds.
    public var folds: Int
    /// `scores[fold][c]` is classifier `classifiers[c]` on test fold `fold`.
    public var scores: [[ClassifierScore]]

    /// Mean accuracy over folds of each classifier, in `classifiers` order.
    public var meanAccuracy: [Double] {
        classifiers.indices.map { c in Statistics.mean(scores.map { $0[c].accuracy }) }
    }

    /// Mean macro-F1 over folds of each classifier, in `classifiers` order.
    public var meanMacroF1: [Double] {
        classifiers.indices.map { c in Statistics.mean(scores.map { $0[c].macroF1 }) }
    }
}
