import GAISCore

/// Scoring classifiers on held-out rows: what `gais evaluate` reports.
///
/// Features are min-max scaled with the range of the training rows (`MinMaxScaler`), which is
/// then applied unchanged (and unclipped) to the test rows.
public enum Evaluation {
    /// Trains each classifier on `train` and scores it on `test`.
    /// - Parameters:
    ///   - train: training rows (may lack some classes; must have the same feature count and
    ///     classes as `test`).
    ///   - test: rows to score on.
    ///   - classifiers: which classifiers.
    ///   - seed: seed of the randomised classifiers (tree, forest).
    /// - Complexity: the sum of the classifiers' fit and predict costs.
    public static func score(train: Dataset, test: Dataset, classifiers: [ClassifierName],
                             seed: UInt64 = 0) -> [ClassifierName: ClassifierScore] {
        (try? score(train: train, weights: nil, test: test, classifiers: classifiers, seed: seed)) ?? [:]
    }

    /// As `score(train:test:classifiers:seed:)`, trained with a weight for each training row
    /// when `weights` is given (see `ClassifierName.trainsWithWeights`).
    /// - Throws: `GAISError.invalidParameter` for weights and a classifier that does not take them.
    public static func score(train: Dataset, weights: [Double]?, test: Dataset, classifiers: [ClassifierName],
                             seed: UInt64 = 0) throws -> [ClassifierName: ClassifierScore] {
        let scores = try scoreInOrder(train: train, weights: weights, test: test, classifiers: classifiers, seed: seed)
        var out: [ClassifierName: ClassifierScore] = [:]
        for (c, name) in classifiers.enumerated() { out[name] = scores[c] }
        return out
    }

    /// As `score(train:test:classifiers:seed:)`, the scores in `classifiers` order.
    public static func scoreInOrder(train: Dataset, test: Dataset, classifiers: [ClassifierName],
                                    seed: UInt64 = 0, context: ExecutionContext = .allCores) -> [ClassifierScore] {
        // Without weights no classifier throws.
        (try? scoreInOrder(train: train, weights: nil, test: test, classifiers: classifiers, seed: seed,
                           context: context)) ?? []
    }

    /// As `scoreInOrder(train:test:classifiers:seed:context:)`, the classifiers trained with a
    /// weight for each training row when `weights` is given (see `ClassifierName.trainsWithWeights`).
    /// - Throws: `GAISError.invalidParameter` for weights and a classifier that does not take them.
    public static func scoreInOrder(train: Dataset, weights: [Double]?, test: Dataset, classifiers: [ClassifierName],
                                    seed: UInt64 = 0, context: ExecutionContext = .allCores) throws -> [ClassifierScore] {
        precondition(train.featureCount == test.featureCount, "train and test differ in feature count")
        precondition(weights == nil || weights?.count == train.rowCount, "one weight per training row")
        let scaler = MinMaxScaler(fitting: train)
        let trainFeatures = scaler.transform(train.features)
        let testFeatures = scaler.transform(test.features)
        let classCount = max(train.classCount, test.classCount)
        return try classifiers.map { name in
            var watch = Stopwatch()
            let model = try name.fit(features: trainFeatures, featureCount: train.featureCount,
                                     labels: train.labels, weights: weights, classCount: classCount, seed: seed,
                                     context: context)
            let seconds = watch.lap()
            let predicted = model.predict(features: testFeatures)
            return ClassifierScore(accuracy: Metrics.accuracy(predicted: predicted, truth: test.labels),
                                   macroF1: Metrics.macroF1(predicted: predicted, truth: test.labels,
                                                            classCount: classCount),
                                   trainingSeconds: seconds)
        }
    }

    /// Cross-validates the classifiers with a given fold assignment (e.g. one written by
    /// scikit-learn, to compare with it): fold `f` is tested with a model trained on every other
    /// row.
    /// - Parameters:
    ///   - foldOf: the fold of every row, non-negative; folds are numbered `0..<max + 1` and a
    ///     number without rows is skipped.
    /// - Throws: `GAISError.invalidInput` when `foldOf` does not match the rows or gives fewer
    ///   than two non-empty folds.
    ///   - weights: a weight for each row, or nil; each fold trains with its rows' weights.
    public static func crossValidate(data: Dataset, weights: [Double]? = nil, foldOf: [Int], classifiers: [ClassifierName],
                                     seed: UInt64 = 0) throws -> CrossValidationResult {
        guard foldOf.count == data.rowCount else {
            throw GAISError.invalidInput("the fold assignment has \(foldOf.count) entries for \(data.rowCount) rows")
        }
        guard foldOf.allSatisfy({ $0 >= 0 }) else {
            throw GAISError.invalidInput("fold numbers must be non-negative")
        }
        let present = Array(Set(foldOf)).sorted()
        guard present.count >= 2 else {
            throw GAISError.invalidInput("cross-validation needs at least two non-empty folds, got \(present.count)")
        }
        var scores: [[ClassifierScore]] = []
        for fold in present {
            let (trainRows, testRows) = StratifiedKFold.split(foldOf: foldOf, fold: fold)
            scores.append(try scoreInOrder(train: data.subset(trainRows), weights: weights.map { w in trainRows.map { w[$0] } },
                                           test: data.subset(testRows), classifiers: classifiers, seed: seed))
        }
        return CrossValidationResult(classifiers: classifiers, folds: present.count, scores: scores)
    }

    /// Cross-validates with a seeded `StratifiedKFold`.
    public static func crossValidate(data: Dataset, weights: [Double]? = nil, folds: Int = 10,
                                     classifiers: [ClassifierName], seed: UInt64 = 0) throws -> CrossValidationResult {
        let splitter = StratifiedKFold(folds: folds, seed: seed)
        try splitter.validate(rowCount: data.rowCount)
        return try crossValidate(data: data, weights: weights, foldOf: splitter.assign(data), classifiers: classifiers,
                                 seed: seed)
    }
}
