import GAISCore

/// One line of the bench: a method (or the full training set, or a matched random subset) on
/// one dataset, averaged over the folds.
public struct BenchRow: Sendable {
    /// What produced the training rows.
    public enum Kind: Sendable, Equatable {
        /// Every training row (no selection).
        case full
        /// A selector.
        case method
        /// Stratified random subsets with the per-class counts the named method kept.
        case matchedRandom(of: String)
    }

    public var dataset: String
    /// `full`, the method's name, or `matched-random:METHOD`.
    public var method: String
    public var kind: Kind
    public var folds: Int
    /// Rows kept per fold (mean).
    public var keptRows: Double
    /// Reduction rate 1 − kept / training rows, per fold.
    public var foldReductionRate: [Double]
    /// Seconds spent selecting, per fold (0 for `full`; drawing time for matched random).
    public var foldSelectionSeconds: [Double]
    /// Per classifier name: accuracy on each test fold (for matched random, the mean over the
    /// draws of that fold).
    public var foldAccuracy: [String: [Double]]
    /// Per classifier name: macro-F1 on each test fold.
    public var foldMacroF1: [String: [Double]]
    /// Per classifier name: mean fitting seconds per fold.
    public var trainingSeconds: [String: Double]

    public var reductionRate: Double { Statistics.mean(foldReductionRate) }
    public var reductionRateSD: Double { Statistics.standardDeviation(foldReductionRate) }
    public var selectionSeconds: Double { Statistics.mean(foldSelectionSeconds) }
    public var accuracy: [String: Double] { foldAccuracy.mapValues(Statistics.mean) }
    public var accuracySD: [String: Double] { foldAccuracy.mapValues(Statistics.standardDeviation) }
    public var macroF1: [String: Double] { foldMacroF1.mapValues(Statistics.mean) }
    public var macroF1SD: [String: Double] { foldMacroF1.mapValues(Statistics.standardDeviation) }
    /// Accuracy × reduction rate per classifier (both fold means).
    public var effectiveness: [String: Double] { accuracy.mapValues { $0 * reductionRate } }
}

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

/// A dataset as described in the report.
public struct BenchDatasetInfo: Sendable {
    public var name: String
    public var rows: Int
    public var features: Int
    public var classes: Int
}

/// How the bench was run.
public struct BenchConfiguration: Sendable {
    public var folds: Int
    public var seed: UInt64
    public var classifiers: [String]
    public var matchedRandomDraws: Int
    public var datasets: [BenchDatasetInfo]
    /// Each method's name and parameters.
    public var methods: [(name: String, parameters: [(name: String, value: String)])]
}

/// Everything the bench measured, ready for the writers.
public struct BenchReport: Sendable {
    public var rows: [BenchRow]
    public var summary: BenchSummary
    public var configuration: BenchConfiguration

    /// Builds the summary from the rows.
    public init(rows: [BenchRow], configuration: BenchConfiguration) {
        self.rows = rows
        self.configuration = configuration
        self.summary = BenchReport.summarize(rows: rows, classifiers: configuration.classifiers)
    }

    /// Averages, ranks and matched-random comparisons over datasets.
    public static func summarize(rows: [BenchRow], classifiers: [String]) -> BenchSummary {
        var methodOrder: [String] = []
        for row in rows where !methodOrder.contains(row.method) { methodOrder.append(row.method) }
        var datasetOrder: [String] = []
        for row in rows where !datasetOrder.contains(row.dataset) { datasetOrder.append(row.dataset) }

        let averages = methodOrder.map { method -> MethodAverage in
            let mine = rows.filter { $0.method == method }
            func average(_ key: (BenchRow) -> [String: Double]) -> [String: Double] {
                var out: [String: Double] = [:]
                for c in classifiers { out[c] = Statistics.mean(mine.compactMap { key($0)[c] }) }
                return out
            }
            return MethodAverage(method: method, datasets: mine.count,
                                 reductionRate: Statistics.mean(mine.map(\.reductionRate)),
                                 selectionSeconds: Statistics.mean(mine.map(\.selectionSeconds)),
                                 accuracy: average(\.accuracy), macroF1: average(\.macroF1),
                                 effectiveness: average(\.effectiveness))
        }

        // Ranks: per dataset and classifier, rank the non-control rows by accuracy.
        let ranked = methodOrder.filter { m in rows.contains { $0.method == m && !Self.isControl($0) } }
        var rankSums = [String: [String: [Double]]]()
        for dataset in datasetOrder {
            let candidates = ranked.compactMap { m in rows.first { $0.dataset == dataset && $0.method == m } }
            guard candidates.count > 0 else { continue }
            for c in classifiers {
                let values = candidates.map { $0.accuracy[c] ?? 0 }
                let ranks = Statistics.descendingRanks(values)
                for (i, row) in candidates.enumerated() { rankSums[row.method, default: [:]][c, default: []].append(ranks[i]) }
            }
        }
        let ranks = ranked.map { m -> MethodRank in
            let perClassifier = rankSums[m] ?? [:]
            var by: [String: Double] = [:]
            for c in classifiers { by[c] = Statistics.mean(perClassifier[c] ?? []) }
            let all = classifiers.flatMap { perClassifier[$0] ?? [] }
            return MethodRank(method: m, overall: Statistics.mean(all), byClassifier: by)
        }

        // Matched-random comparisons.
        var comparisons: [MatchedComparison] = []
        for row0 in rows {
            guard case .matchedRandom(let method) = row0.kind,
                  !comparisons.contains(where: { $0.method == method }) else { continue }
            var pooled: [Double] = []
            var perClassifier: [MatchedComparison] = []
            for c in classifiers {
                var differences: [Double] = []
                for dataset in datasetOrder {
                    guard let own = rows.first(where: { $0.dataset == dataset && $0.method == method && $0.kind == .method }),
                          let control = rows.first(where: { $0.dataset == dataset && $0.kind == .matchedRandom(of: method) }),
                          let a = own.accuracy[c], let b = control.accuracy[c] else { continue }
                    differences.append(Self.cleanDifference(a - b))
                }
                pooled += differences
                perClassifier.append(Self.compare(method: method, classifier: c, differences: differences))
            }
            comparisons += perClassifier
            comparisons.append(Self.compare(method: method, classifier: "all", differences: pooled))
        }
        return BenchSummary(averages: averages, ranks: ranks, comparisons: comparisons)
    }

    static func isControl(_ row: BenchRow) -> Bool {
        if case .matchedRandom = row.kind { return true }
        return false
    }

    /// Differences below 1e-12 are rounding noise of equal accuracies: count them as ties.
    static func cleanDifference(_ d: Double) -> Double { abs(d) < 1e-12 ? 0 : d }

    static func compare(method: String, classifier: String, differences: [Double]) -> MatchedComparison {
        MatchedComparison(method: method, classifier: classifier,
                          wins: differences.filter { $0 > 0 }.count,
                          ties: differences.filter { $0 == 0 }.count,
                          losses: differences.filter { $0 < 0 }.count,
                          meanDifference: Statistics.mean(differences),
                          wilcoxon: Statistics.wilcoxon(differences))
    }
}
