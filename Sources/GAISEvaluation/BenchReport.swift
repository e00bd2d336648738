import GAISCore

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
    /// Whether `METHOD+weights` rows were scored.
    public var weighted = false
    /// `--keep auto`: the search's tolerance, classifier and inner folds; nil without it.
    public var keepSearch: (tolerance: Double, classifier: String, folds: Int)? = nil
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

    /// Whether the row is a control (matched random), not a method.
    public static func isControl(_ row: BenchRow) -> Bool {
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
