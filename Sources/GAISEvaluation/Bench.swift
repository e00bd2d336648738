import GAISCore

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
        let configuration = BenchConfiguration(
            folds: folds, seed: seed, classifiers: classifiers.map(\.description),
            matchedRandomDraws: matchedRandomDraws,
            datasets: datasets.map { BenchDatasetInfo(name: $0.name, rows: $0.data.rowCount,
                                                      features: $0.data.featureCount, classes: $0.data.classCount) },
            methods: methods.map { ($0.name, $0.selector.parameters) })
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
            return BenchRow(dataset: dataset, method: method, kind: kind, folds: keptRows.count,
                            keptRows: Statistics.mean(keptRows), foldReductionRate: reduction,
                            foldSelectionSeconds: selectionSeconds, foldAccuracy: accuracyByName,
                            foldMacroF1: f1ByName, trainingSeconds: secondsByName)
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

        for fold in 0..<folds {
            let (trainRows, testRows) = StratifiedKFold.split(foldOf: foldOf, fold: fold)
            let train = data.subset(trainRows)
            let test = data.subset(testRows)
            let foldSeed = Seed(seed).child("fold").child(fold)
            let classifierSeed = foldSeed.child("classifiers").value
            let selectionSeed = foldSeed.child("selection").value

            full.add(kept: train.rowCount, of: train.rowCount, seconds: 0,
                     scores: Evaluation.scoreInOrder(train: train, test: test, classifiers: classifiers,
                                                     seed: classifierSeed, context: context))
            progress("fold \(fold + 1)/\(folds): full")

            for (m, method) in methods.enumerated() {
                var watch = Stopwatch()
                let selection: Selection
                do {
                    selection = try method.selector.select(from: train, seed: selectionSeed, context: context)
                } catch {
                    throw GAISError.invalidInput("\(name), fold \(fold + 1), method \(method.name): \(error)")
                }
                let seconds = watch.lap()
                let kept = train.subset(selection.indices)
                selected[m].add(kept: kept.rowCount, of: train.rowCount, seconds: seconds,
                                scores: Evaluation.scoreInOrder(train: kept, test: test, classifiers: classifiers,
                                                                seed: classifierSeed, context: context))
                progress("fold \(fold + 1)/\(folds): \(method.name) kept \(kept.rowCount) of \(train.rowCount) in \(formatSeconds(seconds))")

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
