import GAISCore
/// A method's figures averaged over datasets.
public struct MethodAverage: Sendable {
    public var method: String
    public var datasets: Int
    public var reductionRate: Double
    public var selectionSeconds: Double
    public var accuracy: [String: Double]
    public var macroF1: [String: Double]
    public var effectiveness: [String: Double]
}

/// Friedman-style average rank of a method (1 = best accuracy), over datasets and classifiers.
public struct MethodRank: Sendable {
    public var method: String
    /// Mean rank over every (dataset, classifier) pair.
    public var overall: Double
    /// Mean rank over datasets, per classifier.
    public var byClassifier: [String: Double]
}

/// A method against its matched random subsets, over datasets, for one classifier (or `all`
/// pooled (dataset, classifier) pairs).
public struct MatchedComparison: Sendable {
    public var method: String
    /// A classifier name, or `"all"`.
    public var classifier: String
    public var wins: Int
    public var ties: Int
    public var losses: Int
    /// Mean of method − matched random accuracy.
    public var meanDifference: Double
    /// Two-sided Wilcoxon signed-rank test of the differences.
    public var wilcoxon: Statistics.WilcoxonResult
}

/// The bench's summary over datasets.
public struct BenchSummary: Sendable {
    /// Per method (including `full` and the matched random rows), in first-seen order.
    public var averages: [MethodAverage]
    /// Ranks of `full` and the selectors (matched random rows are not ranked: they are
    /// controls, compared in `comparisons`).
    public var ranks: [MethodRank]
    /// Each method (except `random`) against its matched random subsets.
    public var comparisons: [MatchedComparison]
}
