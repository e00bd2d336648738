import ArgumentParser
import GAIS

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score classifiers trained on a table (e.g. the --output of gais select) on a test table, or by cross-validation.",
        discussion: "Features are encoded as the training table's (min-max range, categories); a category the training table lacks sets no indicator. Classifiers: \(ClassifierName.validNames).")

    @Argument(help: "Training table.")
    var train: String

    @Option(help: ArgumentHelp("Test table, read with the same input options.", valueName: "file"))
    var test: String?

    @Option(help: ArgumentHelp("Cross-validate on the training table with this many stratified folds instead.", valueName: "k"))
    var folds: Int?

    @Option(name: .customLong("folds-file"), help: ArgumentHelp("Cross-validate with given folds: one 0-based fold number per data row.", valueName: "file"))
    var foldsFile: String?

    @OptionGroup(title: "Input")
    var inputOptions: InputOptions

    @Option(help: ArgumentHelp("Comma-separated classifiers: \(ClassifierName.validNames) (default knn1,knn5,nb,lr,tree,forest; with --weights knn1,knn5,forest).", valueName: "c1,c2,…"))
    var classifiers: String?

    @Option(help: ArgumentHelp("Train with row weights: one positive number per data row of the training table (e.g. the --weights of gais select, with its --output as the table). Classifiers that train with weights: \(ClassifierName.weightedNames).", valueName: "file"))
    var weights: String?

    /// The classifiers asked for, or the defaults.
    var classifierText: String { classifiers ?? (weights == nil ? "knn1,knn5,nb,lr,tree,forest" : "knn1,knn5,forest") }

    /// Every input file.
    var inputs: [String] { [train] + (test.map { [$0] } ?? []) + (foldsFile.map { [$0] } ?? []) + (weights.map { [$0] } ?? []) }

    @Option(help: "Seed of the randomised classifiers and folds.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Write the scores as JSON.", valueName: "file"))
    var json: String?

    func validate() throws {
        let modes = [test != nil, folds != nil, foldsFile != nil].filter { $0 }.count
        if modes != 1 { throw ValidationError("give exactly one of --test, --folds and --folds-file") }
        if let k = folds, k < 2 { throw ValidationError("--folds must be at least 2, got \(k)") }
        let list: [ClassifierName]
        do { list = try ClassifierName.parseList(classifierText) } catch let e as GAISError { throw ValidationError(e.description) }
        if weights != nil, let unweighted = list.first(where: { !$0.trainsWithWeights }) {
            throw ValidationError("--weights: classifier '\(unweighted)' does not train with weights; those that do: \(ClassifierName.weightedNames)")
        }
        try inputOptions.check(inputs: [train] + (test.map { [$0] } ?? []))
        try checkOutputsAreNotInputs([("--json", json)], inputs: inputs)
    }

    func run() throws {
        try checkOutputs([("--json", json)], inputs: inputs)
        do {
            let list = try ClassifierName.parseList(classifierText)
            var trainTable = try TableReader.read(path: train, options: inputOptions.readOptions)
            let encoder = TableEncoder.fit(trainTable)
            let json: String
            let table: String
            if let test {
                let testTable = try TableReader.read(path: test, options: inputOptions.readOptions)
                let trainData = encoder.encode(&trainTable)
                try requireFeatures(trainData, of: train)
                let rowWeights = try weights.map { try EvaluateCommand.readWeights($0, rows: trainData.rowCount) }
                let testData = try encoder.encode(other: testTable, classNames: trainData.classNames)
                // The training rows know the test set's extra classes too (they are never predicted).
                let widened = Dataset(features: trainData.features, featureCount: trainData.featureCount,
                                      labels: trainData.labels, classNames: testData.classNames)
                let scores = try Evaluation.score(train: widened, weights: rowWeights, test: testData, classifiers: list,
                                                  seed: seed)
                json = Evaluation.json(scores: scores, order: list)
                let weighted = rowWeights == nil ? "" : " (weighted by \(weights ?? ""))"
                table = "\(train): trained on \(trainData.rowCount) rows\(weighted), tested on \(testData.rowCount) rows of \(test)\n"
                    + Evaluation.table(scores: scores, order: list)
            } else {
                let data = encoder.encode(&trainTable)
                try requireFeatures(data, of: train)
                if let k = folds, k > data.rowCount {
                    // A usage mistake, though only the data can tell (exit 64).
                    throw ValidationError("--folds must be at most the number of rows (\(data.rowCount)), got \(k)")
                }
                let rowWeights = try weights.map { try EvaluateCommand.readWeights($0, rows: data.rowCount) }
                let result: CrossValidationResult
                if let foldsFile {
                    let foldOf = try EvaluateCommand.readFolds(foldsFile, rows: data.rowCount)
                    result = try Evaluation.crossValidate(data: data, weights: rowWeights, foldOf: foldOf,
                                                          classifiers: list, seed: seed)
                } else {
                    result = try Evaluation.crossValidate(data: data, weights: rowWeights, folds: folds ?? 10,
                                                          classifiers: list, seed: seed)
                }
                json = result.json()
                let weighted = rowWeights == nil ? "" : " (trained weighted by \(weights ?? ""))"
                table = "\(train): \(result.folds)-fold cross-validation on \(data.rowCount) rows\(weighted)\n" + result.table()
            }
            if let jsonPath = self.json {
                try AtomicFile.write(json, to: jsonPath)
            } else {
                print(table, terminator: table.hasSuffix("\n") ? "" : "\n")
            }
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            throw fail(error)
        }
    }

    /// One positive, finite weight per data row (blank lines skipped).
    static func readWeights(_ path: String, rows: Int) throws -> [Double] {
        let file = try MappedFile(path: path)
        let text = file.string(0..<file.bytes.count)
        var weights: [Double] = []
        for (k, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty { continue }
            guard let w = Double(trimmed), w.isFinite, w > 0 else {
                throw GAISError.malformedData(file: path, line: k + 1, message: "expected a positive weight, found \(trimmed.quotedForMessage)")
            }
            weights.append(w)
        }
        guard weights.count == rows else {
            throw GAISError.malformedData(file: path, line: 0, message: "\(weights.count) weights for \(rows) rows")
        }
        return weights
    }

    static func readFolds(_ path: String, rows: Int) throws -> [Int] {
        let file = try MappedFile(path: path)
        let text = file.string(0..<file.bytes.count)
        var folds: [Int] = []
        // "\r\n" is one Character in Swift: split on both line ends.
        for (k, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty { continue }
            guard let f = Int(trimmed), f >= 0 else {
                throw GAISError.malformedData(file: path, line: k + 1, message: "expected a fold number ≥ 0, found \(trimmed.quotedForMessage)")
            }
            folds.append(f)
        }
        guard folds.count == rows else {
            throw GAISError.malformedData(file: path, line: 0, message: "\(folds.count) fold numbers for \(rows) rows")
        }
        return folds
    }
}
