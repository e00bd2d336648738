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
    /// `--keep auto`: each fold's size search and whether its promise held; nil otherwise.
    public var keepSearch: KeepSearch? = nil

    /// The sizes `--keep auto` chose in the folds of one row.
    public struct KeepSearch: Sendable {
        /// Each fold's search (on the fold's training part).
        public var folds: [KeepRatioChoice]
        /// Per fold: whether the search classifier's accuracy on the test part, trained on the
        /// kept rows, was within the tolerance of its accuracy trained on all training rows.
        public var promiseKept: [Bool]

        public var chosenRatios: [Double] { folds.map(\.ratio) }
        public var searchSeconds: [Double] { folds.map(\.seconds) }
        public var promisesKept: Int { promiseKept.filter { $0 }.count }
    }

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
