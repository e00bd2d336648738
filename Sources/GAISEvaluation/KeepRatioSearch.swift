import GAISCore

extension Double {
    /// ⌊log₁₀ x⌋ for a positive finite x.
    fileprivate var log10Floor: Double {
        var e = 0.0, v = self
        while v >= 10 { v /= 10; e += 1 }
        while v < 1 { v *= 10; e -= 1 }
        return e
    }

    /// 10ⁿ.
    fileprivate static func pow10(_ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(n) { r *= 10 }
        return n >= 0 ? r : 1 / r
    }
}

/// `--keep auto`: the smallest keep ratio whose subset, by inner stratified cross-validation on
/// the given rows, scores within `tolerance` of all rows with one classifier.
///
/// The search (a choice of this project): the accuracy of all rows is measured on the inner
/// folds; then the ratios of `grid` (a doubling grid from 1 % to 64 %, then 100 %) are tried in
/// ascending order until one passes (accuracy ≥ all rows' − `tolerance`); then `bisections`
/// halvings of the interval between the last failing and the first passing ratio, in log
/// space (the geometric mean, rounded to three significant digits), keep the passing end. The answer is the smallest passing ratio
/// measured. Ratio 1 keeps every row and passes without a measurement. Ratios that give the
/// same per-class counts on every inner training part share one measurement. Accuracy need
/// not be monotone in the ratio, so this finds a passing ratio with a failing one just below
/// it, not always the smallest that would pass.
///
/// Deterministic for a seed: the inner folds are `StratifiedKFold(seed: Seed(seed).child("keep-search"))`,
/// and inner fold f selects with seed `…child(f).child("selection")` and trains the classifier
/// with `…child(f).child("classifier")` at every ratio (common random numbers, so the curve
/// moves with the size, not with the draws).
public struct KeepRatioSearch: Sendable {
    /// Accuracy given up at most, as a fraction (0.01 = one point), in [0, 1].
    public var tolerance: Double
    /// The classifier whose accuracy is compared.
    public var classifier: ClassifierName
    /// Inner folds, ≥ 2.
    public var folds: Int
    /// Ratios tried first, ascending, in (0, 1].
    public var grid: [Double]
    /// Halvings of the interval around the first passing grid ratio, ≥ 0.
    public var bisections: Int
    /// Threads for selectors and the classifier (the answer does not depend on them).
    public var context: ExecutionContext

    public static let defaultGrid = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.0]

    public init(tolerance: Double = 0.01, classifier: ClassifierName = .kNearestNeighbors(k: 1), folds: Int = 5,
                grid: [Double] = KeepRatioSearch.defaultGrid, bisections: Int = 3,
                context: ExecutionContext = .allCores) {
        self.tolerance = tolerance
        self.classifier = classifier
        self.folds = folds
        self.grid = grid
        self.bisections = bisections
        self.context = context
    }

    /// Checks the settings.
    public func validate() throws {
        try GAISError.require(tolerance >= 0 && tolerance <= 1, "tolerance", of: "keep auto", "in [0, 1]", got: tolerance)
        try GAISError.require(folds >= 2, "folds", of: "keep auto", "at least 2", got: folds)
        try GAISError.require(bisections >= 0, "bisections", of: "keep auto", "at least 0", got: bisections)
        try GAISError.require(!grid.isEmpty && grid.allSatisfy { $0 > 0 && $0 <= 1 } && grid == grid.sorted(),
                              "grid", of: "keep auto", "ascending ratios in (0, 1]", got: "\(grid)")
    }

    /// `x` rounded to three significant digits (readable ratios: 0.0283, not 0.028284…).
    static func threeDigits(_ x: Double) -> Double {
        guard x > 0 && x.isFinite else { return x }
        let scale = Double.pow10(2 - Int((x.log10Floor)))
        return (x * scale).rounded() / scale
    }

    /// Searches the keep ratio of `selector` on `data`.
    /// - Throws: a selector's error, or `GAISError.invalidInput` when `data` has too few rows
    ///   for the inner folds.
    public func search(_ selector: any SizedSelector, data: Dataset, seed: UInt64) throws -> KeepRatioChoice {
        try validate()
        var watch = Stopwatch()
        let root = Seed(seed).child("keep-search")
        let splitter = StratifiedKFold(folds: folds, seed: root.value)
        try splitter.validate(rowCount: data.rowCount)
        let foldOf = splitter.assign(data)
        let parts = (0..<folds).map { f -> (train: Dataset, test: Dataset) in
            let (trainRows, testRows) = StratifiedKFold.split(foldOf: foldOf, fold: f)
            return (data.subset(trainRows), data.subset(testRows))
        }
        let trainCounts = parts.map(\.train.classCounts)
        func score(_ train: Dataset, _ test: Dataset, fold: Int) -> Double {
            Evaluation.scoreInOrder(train: train, test: test, classifiers: [classifier],
                                    seed: root.child(fold).child("classifier").value, context: context)[0].accuracy
        }
        let full = Statistics.mean(parts.enumerated().map { score($1.train, $1.test, fold: $0) })

        var measured: [[[Int]]: KeepRatioChoice.Point] = [:]
        var curve: [KeepRatioChoice.Point] = []
        func measure(_ ratio: Double) throws -> Bool {
            let size = SubsetSize.keepRatio(ratio)
            let quotas = trainCounts.map { size.quotas(classCounts: $0) }
            if let known = measured[quotas] {
                curve.append(KeepRatioChoice.Point(ratio: ratio, keptRows: known.keptRows, accuracy: known.accuracy,
                                                   passes: known.passes))
                return known.passes
            }
            var accuracies: [Double] = []
            var kept: [Double] = []
            if quotas == trainCounts {
                accuracies = [full]
                kept = trainCounts.map { Double($0.reduce(0, +)) }
            } else {
                var sized = selector
                sized.size = size
                for (f, part) in parts.enumerated() {
                    let selection = try sized.select(from: part.train, seed: root.child(f).child("selection").value,
                                                     context: context)
                    accuracies.append(score(part.train.subset(selection.indices), part.test, fold: f))
                    kept.append(Double(selection.indices.count))
                }
            }
            let accuracy = Statistics.mean(accuracies)
            let point = KeepRatioChoice.Point(ratio: ratio, keptRows: Statistics.mean(kept), accuracy: accuracy,
                                              passes: accuracy >= full - tolerance)
            measured[quotas] = point
            curve.append(point)
            return point.passes
        }

        var failing: Double? = nil
        var passing = 1.0
        for ratio in grid {
            if try measure(ratio) { passing = ratio; break }
            failing = ratio
        }
        if var low = failing, low < passing {
            for _ in 0..<bisections {
                let middle = Self.threeDigits((low * passing).squareRoot())
                guard middle > low && middle < passing else { break }
                if try measure(middle) { passing = middle } else { low = middle }
            }
        }
        if !curve.contains(where: { $0.ratio == 1 }) {
            curve.append(KeepRatioChoice.Point(ratio: 1, keptRows: Statistics.mean(trainCounts.map { Double($0.reduce(0, +)) }),
                                               accuracy: full, passes: true))
        }
        curve.sort { $0.ratio < $1.ratio }
        return KeepRatioChoice(ratio: passing, fullAccuracy: full, tolerance: tolerance, classifier: classifier,
                               folds: folds, curve: curve, seconds: watch.lap())
    }
}

/// What `KeepRatioSearch` found.
public struct KeepRatioChoice: Sendable {
    /// One measured size.
    public struct Point: Sendable, Equatable {
        public var ratio: Double
        /// Rows kept, mean over the inner training parts.
        public var keptRows: Double
        /// The classifier's accuracy, mean over the inner test parts.
        public var accuracy: Double
        /// Whether the accuracy is within the tolerance of all rows'.
        public var passes: Bool
    }

    /// The chosen keep ratio.
    public let ratio: Double
    /// The classifier's inner cross-validated accuracy with all rows.
    public let fullAccuracy: Double
    public let tolerance: Double
    public let classifier: ClassifierName
    public let folds: Int
    /// Every measured size, by ascending ratio (with ratio 1 = all rows).
    public let curve: [Point]
    /// Seconds the search took.
    public let seconds: Double

    /// The JSON of the selection report's `keep_auto` entry.
    public var json: JSONValue {
        .object([
            ("chosen_keep_ratio", .number(ratio)),
            ("tolerance", .number(tolerance)),
            ("classifier", .string(classifier.description)),
            ("inner_folds", .int(folds)),
            ("all_rows_accuracy", .number(fullAccuracy)),
            ("seconds", .number(seconds)),
            ("curve", .array(curve.map { p in
                .object([("keep_ratio", .number(p.ratio)), ("kept_rows", .number(p.keptRows)),
                         ("accuracy", .number(p.accuracy)), ("within_tolerance", .bool(p.passes))])
            })),
        ])
    }
}
