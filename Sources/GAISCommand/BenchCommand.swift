import ArgumentParser
import GAIS

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Compare selectors by stratified cross-validation: accuracy, macro-F1, reduction and time.",
        discussion: """
        For each dataset and fold, each method selects from the training part only; classifiers trained on \
        the kept rows are scored on the untouched test part. Rows: full (no selection), each method, and \
        matched-random:METHOD (a stratified random subset with the method's per-class counts, 5 draws) for \
        every method but random. A method may carry settings: gais/score=attention/rule=top.
        Classifiers: \(ClassifierName.validNames).
        """)

    @Argument(help: "Datasets (CSV, KEEL, ARFF, LIBSVM).")
    var datasets: [String]

    @OptionGroup(title: "Input")
    var inputOptions: InputOptions

    @Option(help: ArgumentHelp("Comma-separated methods, e.g. gais,random,enn,cnn.", valueName: "m1,m2,…"))
    var methods: String = "gais,random"

    @Option(help: ArgumentHelp("Comma-separated classifiers: \(ClassifierName.validNames).", valueName: "c1,c2,…"))
    var classifiers: String = "knn1,knn5,forest"

    @Option(help: "Number of stratified folds.")
    var folds: Int = 10

    @Option(help: "Seed of folds, selectors and classifiers.")
    var seed: UInt64 = 0

    @Option(name: .customLong("keep-ratio"), help: ArgumentHelp("Keep ratio of the methods that take a size (default 0.04).", valueName: "R"))
    var keepRatio: Double?

    @Option(help: ArgumentHelp("'auto': in each fold, every method that takes a size gets the smallest keep ratio whose subset scores, by inner cross-validation on the training part, within --tolerance of all rows (see gais select --keep auto); the report tells how often that promise held on the test folds, and what the search cost.", valueName: "auto"))
    var keep: String?

    @Option(help: ArgumentHelp("With --keep auto: accuracy the subset may give up, as a fraction (default 0.01).", valueName: "t"))
    var tolerance: Double?

    @Option(help: ArgumentHelp("With --keep auto: the classifier of the size search (default knn1).", valueName: "name"))
    var classifier: String?

    @Flag(help: ArgumentHelp("Also train the classifiers with the kept rows' weights (the rows each stands for; see gais select --weights): a row METHOD+weights after each method. k-NN votes by weight (1-NN is unchanged), the forest draws its bootstraps by weight; the classifiers must be knnK or forest."))
    var weighted = false

    @Option(help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var threads: Int?

    @Option(help: ArgumentHelp("Write the results as JSON.", valueName: "file")) var json: String?
    @Option(help: ArgumentHelp("Write the results as Markdown tables.", valueName: "file")) var markdown: String?
    @Option(help: ArgumentHelp("Write the results as CSV.", valueName: "file")) var csv: String?
    @Option(help: ArgumentHelp("Write a self-contained HTML report with charts.", valueName: "file")) var html: String?

    func validate() throws {
        if let r = keepRatio, !(r > 0 && r <= 1) { throw ValidationError("--keep-ratio must be in (0, 1], got \(r)") }
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1, got \(t)") }
        if folds < 2 { throw ValidationError("--folds must be at least 2, got \(folds)") }
        let methodList = try parsedMethods()
        do { _ = try ClassifierName.parseList(classifiers) } catch let e as GAISError { throw ValidationError(e.description) }
        if let keep, keep != "auto" { throw ValidationError("--keep takes 'auto' (use --keep-ratio for a fixed size), got \(keep.quotedForMessage)") }
        if keep != nil && keepRatio != nil { throw ValidationError("--keep auto chooses the size; give no --keep-ratio with it") }
        if keep != nil, !methodList.contains(where: { $0.selector is any SizedSelector }) {
            throw ValidationError("--keep auto needs a method that takes a size (\(Methods.all.filter(\.takesSize).map(\.name).joined(separator: ", ")))")
        }
        _ = try bench(context: .serial)
        try inputOptions.check(inputs: datasets)
        try checkOutputsAreNotInputs([("--json", json), ("--markdown", markdown), ("--csv", csv), ("--html", html)], inputs: datasets)
    }

    /// The methods with their settings (`name/key=value/…`); `--keep-ratio` applies to every
    /// method that takes a size and sets none itself. Mistakes are usage errors with the
    /// registry's message, the same text `gais select` prints for the same parameter.
    func parsedMethods() throws -> [(name: String, selector: any InstanceSelector)] {
        let texts = methods.split(separator: ",").map(String.init)
        guard !texts.isEmpty else { throw ValidationError("--methods needs at least one method") }
        do {
            return try texts.map { text in
                let (name, settings) = try Methods.spec(text)
                let method = try Methods.named(name)
                var all = settings
                let setsSize = settings.contains { SubsetSize.parameterNames.contains($0.key) }
                if let keepRatio, method.takesSize, !setsSize { all.insert(("keep-ratio", "\(keepRatio)"), at: 0) }
                return (name: text, selector: try method.selector(settings: all))
            }
        } catch let error as GAISError {
            throw ValidationError(error.description)
        }
    }

    /// The bench these options describe.
    func bench(context: ExecutionContext) throws -> Bench {
        var bench = Bench(classifiers: [], folds: folds, seed: seed, context: context)
        do {
            bench.classifiers = try ClassifierName.parseList(classifiers)
            bench.weighted = weighted
            if keep != nil {
                bench.keepSearch = KeepRatioSearch(tolerance: tolerance ?? 0.01,
                                                   classifier: try ClassifierName(parsing: classifier ?? "knn1"),
                                                   context: context)
            } else if tolerance != nil || classifier != nil {
                throw ValidationError("--tolerance and --classifier apply only with --keep auto")
            }
            try bench.validate()
        } catch let error as GAISError {
            throw ValidationError(error.description)
        }
        return bench
    }

    func run() throws {
        try checkOutputs([("--json", json), ("--markdown", markdown), ("--csv", csv), ("--html", html)], inputs: datasets)
        do {
            let methods = try parsedMethods()
            let classifierList = try ClassifierName.parseList(classifiers)
            var named: [(name: String, data: Dataset)] = []
            for path in datasets {
                var table = try TableReader.read(path: path, options: inputOptions.readOptions)
                let data = TableEncoder.fit(table).encode(&table)
                try requireFeatures(data, of: path)
                if folds > data.rowCount {
                    // A usage mistake, though only the data can tell (exit 64).
                    throw ValidationError("--folds must be at most the number of rows of \(path) (\(data.rowCount)), got \(folds)")
                }
                named.append((name: BenchCommand.displayName(path), data: data))
            }
            let progress = Progress()
            let context = ExecutionContext(threads: threads ?? ProcessInfoCores.count)
            _ = classifierList
            let report = try bench(context: context).run(datasets: named, methods: methods) { progress.update($0) }
            progress.finish()
            // All reports are written first and renamed together, or none is.
            var files: [AtomicFile] = []
            for (path, text) in [(json, { report.json() }), (markdown, { report.markdown() }),
                                 (csv, { report.csv() }), (html, { report.html() })] as [(String?, () -> String)] {
                guard let path else { continue }
                let file = try AtomicFile(path: path)
                files.append(file)
                try file.write(text())
            }
            try AtomicFile.commitAll(files)
            if json == nil && markdown == nil && csv == nil && html == nil {
                print(report.markdown())
            }
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            throw fail(error)
        }
    }

    /// A dataset's name in tables: its file name without extension.
    static func displayName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = file.lastIndex(of: "."), dot > file.startIndex { return String(file[..<dot]) }
        return file
    }
}
