import GAISCore
import GAISNeighbors

/// The benchmark behind `gais bench`: instance selectors against the full training set and
/// against random subsets of the same per-class size, with several classifiers, by stratified
/// cross-validation.
///
/// For each dataset and each fold of a seeded `StratifiedKFold`:
/// - the selector sees only the training part and picks rows from it;
/// - every classifier is trained on the kept rows — with features min-max scaled by the range
///   of *the kept rows* (what a user of the subset would do) — and scored on the untouched test
///   part, scaled with that same range;
/// - `full` trains on every training row (scaled by their range);
/// - `matched-random:METHOD` (for every method but `random`) draws `matchedRandomDraws`
///   stratified random subsets of the training part with exactly the per-class counts the
///   method kept in that fold, and averages their scores for the fold.
///
/// Seeds, from the tree rooted at `seed`: the fold assignment uses `seed`; in fold `f` the
/// selectors get `fold/f/selection`, the classifiers `fold/f/classifiers`, and draw `r` of the
/// matched-random row of method `m` gets `fold/f/matched-random/m/r`, so a dataset's rows do not
/// depend on the other datasets or methods listed.
public struct Bench: Sendable {
    /// Classifiers to score with (at least one).
    public var classifiers: [ClassifierName]
    /// Number of folds, ≥ 2 and at most the rows of the smallest dataset.
    public var folds: Int
    /// Seed of everything random.
    public var seed: UInt64
    /// Random subsets drawn per fold for each matched-random row, ≥ 1.
    public var matchedRandomDraws: Int
    /// Threads for selectors and classifiers (results do not depend on them).
    public var context: ExecutionContext
    /// Also score every method with its kept rows' weights (`RowWeights`): a row
    /// `METHOD+weights` after the method's, its classifiers trained with the weights (every
    /// classifier must train with weights). Its selection seconds include the weighing.
    public var weighted = false
    /// `--keep auto`: every method that takes a size gets it, in each fold, from this search on
    /// the fold's training part; the rows record the chosen ratios, whether the promise held on
    /// the test part (the search classifier's accuracy within the tolerance of all training
    /// rows'), and the curves. Selection seconds include the search.
    public var keepSearch: KeepRatioSearch? = nil

    public init(classifiers: [ClassifierName] = ClassifierName.defaults, folds: Int = 10, seed: UInt64 = 0,
                matchedRandomDraws: Int = 5, context: ExecutionContext = .allCores) {
        self.classifiers = classifiers
        self.folds = folds
        self.seed = seed
        self.matchedRandomDraws = matchedRandomDraws
        self.context = context
    }

    /// Checks the parameters.
    public func validate() throws {
        try GAISError.require(!classifiers.isEmpty, "classifiers", of: "bench", "a non-empty list", got: "none")
        try GAISError.require(folds >= 2, "folds", of: "bench", "at least 2", got: folds)
        try GAISError.require(matchedRandomDraws >= 1, "matched-random-draws", of: "bench", "at least 1",
                              got: matchedRandomDraws)
        if weighted, let unweighted = classifiers.first(where: { !$0.trainsWithWeights }) {
            throw GAISError.invalidParameter(name: "classifiers", owner: "weighted bench",
                                             rule: "classifiers that train with weights: \(ClassifierName.weightedNames)",
                                             value: "'\(unweighted)'")
        }
        try keepSearch?.validate()
    }

    /// Runs the bench with the given settings.
    public static func run(datasets: [(name: String, data: Dataset)],
                           methods: [(name: String, selector: any InstanceSelector)],
                           classifiers: [ClassifierName] = ClassifierName.defaults, folds: Int = 10,
                           seed: UInt64 = 0, progress: (String) -> Void = { _ in }) throws -> BenchReport {
        try Bench(classifiers: classifiers, folds: folds, seed: seed)
            .run(datasets: datasets, methods: methods, progress: progress)
    }

    /// Runs every method on every dataset.
    /// - Parameters:
    ///   - datasets: named tables; each needs at least `folds` rows.
    ///   - methods: named selectors (names must be unique and not `full`).
    ///   - progress: called with one line of text after each step.
    /// - Returns: the rows in order dataset → `full`, then each method followed by its matched
    ///   random row; with the summary.
    /// - Throws: `GAISError` for bad parameters, or when a selector fails (the message names the
    ///   dataset, fold and method).
    /// - Complexity: folds × (methods × (selection + (1 + draws) × classifiers) + classifiers)
    ///   fits per dataset.
    public func run(datasets: [(name: String, data: Dataset)],
                    methods: [(name: String, selector: any InstanceSelector)],
                    progress: (String) -> Void = { _ in }) throws -> BenchReport {
        try validate()
        var seen = Set<String>()
        for method in methods {
            try GAISError.require(method.name != "full" && !method.name.isEmpty && seen.insert(method.name).inserted,
                                  "methods", of: "bench", "unique names other than 'full'", got: method.name)
            try method.selector.validate()
        }
        var rows: [BenchRow] = []
        for (index, entry) in datasets.enumerated() {
            let tag = "[\(index + 1)/\(datasets.count)] \(entry.name)"
            rows += try runDataset(name: entry.name, data: entry.data, methods: methods) { progress("\(tag): \($0)") }
        }
        var configuration = BenchConfiguration(
            folds: folds, seed: seed, classifiers: classifiers.map(\.description),
            matchedRandomDraws: matchedRandomDraws,
            datasets: datasets.map { BenchDatasetInfo(name: $0.name, rows: $0.data.rowCount,
                                                      features: $0.data.featureCount, classes: $0.data.classCount) },
            methods: methods.map { ($0.name, $0.selector.parameters) })
        configuration.weighted = weighted
        configuration.keepSearch = keepSearch.map { ($0.tolerance, $0.classifier.description, $0.folds) }
        return BenchReport(rows: rows, configuration: configuration)
    }

    /// Whether a method is the random baseline itself (which gets no matched-random row).
    static func isRandomBaseline(_ name: String, _ selector: any InstanceSelector) -> Bool {
        name == "random" || type(of: selector).methodName == "random"
    }

    /// Accumulates one row's per-fold figures.
    struct RowAccumulator {
        var keptRows: [Double] = []
        var reduction: [Double] = []
        var selectionSeconds: [Double] = []
        var accuracy: [[Double]]
        var macroF1: [[Double]]
        var trainingSeconds: [Double]
        /// `--keep auto`: each fold's search, and whether its promise held on the test part.
        var keepSearches: [KeepRatioChoice] = []
        var promiseKept: [Bool] = []

        init(classifierCount: Int) {
            accuracy = Array(repeating: [], count: classifierCount)
            macroF1 = Array(repeating: [], count: classifierCount)
            trainingSeconds = Array(repeating: 0, count: classifierCount)
        }

        mutating func add(kept: Int, of total: Int, seconds: Double, scores: [ClassifierScore]) {
            keptRows.append(Double(kept))
            reduction.append(total > 0 ? 1 - Double(kept) / Double(total) : 0)
            selectionSeconds.append(seconds)
            for (c, score) in scores.enumerated() {
                accuracy[c].append(score.accuracy)
                macroF1[c].append(score.macroF1)
                trainingSeconds[c] += score.trainingSeconds
            }
        }

        func row(dataset: String, method: String, kind: BenchRow.Kind, classifiers: [ClassifierName]) -> BenchRow {
            var accuracyByName: [String: [Double]] = [:]
            var f1ByName: [String: [Double]] = [:]
            var secondsByName: [String: Double] = [:]
            for (c, name) in classifiers.enumerated() {
                accuracyByName[name.description] = accuracy[c]
                f1ByName[name.description] = macroF1[c]
                secondsByName[name.description] = trainingSeconds[c] / Double(max(1, keptRows.count))
            }
            var row = BenchRow(dataset: dataset, method: method, kind: kind, folds: keptRows.count,
                               keptRows: Statistics.mean(keptRows), foldReductionRate: reduction,
                               foldSelectionSeconds: selectionSeconds, foldAccuracy: accuracyByName,
                               foldMacroF1: f1ByName, trainingSeconds: secondsByName)
            if !keepSearches.isEmpty {
                row.keepSearch = BenchRow.KeepSearch(folds: keepSearches, promiseKept: promiseKept)
            }
            return row
        }
    }

    /// A stratified random subset of `data` with `counts[c]` rows of class `c` (ascending).
    public static func matchedRandomSubset(of data: Dataset, counts: [Int], seed: Seed) -> [Int] {
        var generator = seed.generator
        var chosen: [Int] = []
        for (c, var pool) in data.rowsByClass.enumerated() {
            let want = min(pool.count, c < counts.count ? counts[c] : 0)
            guard want > 0 else { continue }
            // Partial Fisher–Yates: the first `want` of a uniform shuffle.
            for i in 0..<want {
                let j = i + generator.nextInt(below: pool.count - i)
                pool.swapAt(i, j)
            }
            chosen += pool[0..<want]
        }
        return chosen.sorted()
    }

    func runDataset(name: String, data: Dataset, methods: [(name: String, selector: any InstanceSelector)],
                    progress: (String) -> Void) throws -> [BenchRow] {
        let splitter = StratifiedKFold(folds: folds, seed: seed)
        do {
            try splitter.validate(rowCount: data.rowCount)
        } catch {
            throw GAISError.invalidInput("\(name): \(error)")
        }
        let foldOf = splitter.assign(data)
        let k = classifiers.count
        var full = RowAccumulator(classifierCount: k)
        var selected = methods.map { _ in RowAccumulator(classifierCount: k) }
        var matched = methods.map { _ in RowAccumulator(classifierCount: k) }
        var weightedRows = methods.map { _ in RowAccumulator(classifierCount: k) }

        for fold in 0..<folds {
            let (trainRows, testRows) = StratifiedKFold.split(foldOf: foldOf, fold: fold)
            let train = data.subset(trainRows)
            let test = data.subset(testRows)
            let foldSeed = Seed(seed).child("fold").child(fold)
            let classifierSeed = foldSeed.child("classifiers").value
            let selectionSeed = foldSeed.child("selection").value

            let fullScores = Evaluation.scoreInOrder(train: train, test: test, classifiers: classifiers,
                                                     seed: classifierSeed, context: context)
            full.add(kept: train.rowCount, of: train.rowCount, seconds: 0, scores: fullScores)
            progress("fold \(fold + 1)/\(folds): full")

            for (m, method) in methods.enumerated() {
                var watch = Stopwatch()
                let selection: Selection
                var choice: KeepRatioChoice? = nil
                do {
                    var selector = method.selector
                    if let keepSearch, var sized = selector as? any SizedSelector {
                        progress("fold \(fold + 1)/\(folds): \(method.name): choosing the size")
                        let found = try keepSearch.search(sized, data: train, seed: selectionSeed)
                        sized.size = .keepRatio(found.ratio)
                        selector = sized
                        choice = found
                    }
                    selection = try selector.select(from: train, seed: selectionSeed, context: context)
                } catch {
                    throw GAISError.invalidInput("\(name), fold \(fold + 1), method \(method.name): \(error)")
                }
                let seconds = watch.lap()
                let kept = train.subset(selection.indices)
                let keptScores = Evaluation.scoreInOrder(train: kept, test: test, classifiers: classifiers,
                                                         seed: classifierSeed, context: context)
                selected[m].add(kept: kept.rowCount, of: train.rowCount, seconds: seconds, scores: keptScores)
                if let choice, let keepSearch {
                    // The promise: the search classifier on the test part, kept rows against all.
                    func accuracy(_ rows: Dataset, _ known: [ClassifierScore]) -> Double {
                        if let c = classifiers.firstIndex(of: keepSearch.classifier) { return known[c].accuracy }
                        return Evaluation.scoreInOrder(train: rows, test: test, classifiers: [keepSearch.classifier],
                                                       seed: classifierSeed, context: context)[0].accuracy
                    }
                    selected[m].keepSearches.append(choice)
                    selected[m].promiseKept.append(accuracy(kept, keptScores) >= accuracy(train, fullScores) - keepSearch.tolerance)
                }
                progress("fold \(fold + 1)/\(folds): \(method.name) kept \(kept.rowCount) of \(train.rowCount) in \(formatSeconds(seconds))")
                if weighted {
                    var weighWatch = Stopwatch()
                    let weights = selection.weights(of: train, context: context).map(Double.init)
                    let weighSeconds = weighWatch.lap()
                    let scores = try Evaluation.scoreInOrder(train: kept, weights: weights, test: test,
                                                             classifiers: classifiers, seed: classifierSeed,
                                                             context: context)
                    weightedRows[m].add(kept: kept.rowCount, of: train.rowCount, seconds: seconds + weighSeconds,
                                        scores: scores)
                }

                guard !Self.isRandomBaseline(method.name, method.selector) else { continue }
                let counts = kept.classCounts
                var drawSeconds = 0.0
                var sums = [ClassifierScore](repeating: ClassifierScore(accuracy: 0, macroF1: 0), count: k)
                for draw in 0..<matchedRandomDraws {
                    var drawWatch = Stopwatch()
                    let indices = Self.matchedRandomSubset(
                        of: train, counts: counts,
                        seed: foldSeed.child("matched-random").child(method.name).child(draw))
                    drawSeconds += drawWatch.lap()
                    let scores = Evaluation.scoreInOrder(train: train.subset(indices), test: test,
                                                         classifiers: classifiers, seed: classifierSeed,
                                                         context: context)
                    for c in 0..<k {
                        sums[c].accuracy += scores[c].accuracy
                        sums[c].macroF1 += scores[c].macroF1
                        sums[c].trainingSeconds += scores[c].trainingSeconds
                    }
                }
                let draws = Double(matchedRandomDraws)
                let averaged = sums.map { ClassifierScore(accuracy: $0.accuracy / draws, macroF1: $0.macroF1 / draws,
                                                          trainingSeconds: $0.trainingSeconds / draws) }
                matched[m].add(kept: kept.rowCount, of: train.rowCount, seconds: drawSeconds / draws, scores: averaged)
            }
        }
        var rows = [full.row(dataset: name, method: "full", kind: .full, classifiers: classifiers)]
        for (m, method) in methods.enumerated() {
            rows.append(selected[m].row(dataset: name, method: method.name, kind: .method, classifiers: classifiers))
            if weighted {
                rows.append(weightedRows[m].row(dataset: name, method: "\(method.name)+weights", kind: .method,
                                                classifiers: classifiers))
            }
            if !Self.isRandomBaseline(method.name, method.selector) {
                rows.append(matched[m].row(dataset: name, method: "matched-random:\(method.name)",
                                           kind: .matchedRandom(of: method.name), classifiers: classifiers))
            }
        }
        return rows
    }
}

/// Seconds with three decimals, for progress lines.
func formatSeconds(_ seconds: Double) -> String {
    formatFixed(seconds, digits: 3) + " s"
}
