import ArgumentParser
import GAIS

struct SelectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select",
        abstract: "Select the rows to keep from a labelled table.",
        discussion: """
        Methods: \(Methods.all.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")).
        Without --output, --indices or --report, prints a one-paragraph summary.

        \(MethodArguments.helpText)
        """)

    @Argument(help: "The table to select from (CSV, KEEL .dat, ARFF or LIBSVM).")
    var input: String

    @OptionGroup(title: "Input")
    var inputOptions: InputOptions

    @OptionGroup(title: "Selection")
    var selection: SelectionOptions

    @Option(help: ArgumentHelp("Write the kept rows, verbatim with the input's header, to this file.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Write the kept rows' 0-based indices, one per line, to this file.", valueName: "file"))
    var indices: String?

    @Option(help: ArgumentHelp("Write a JSON report (sizes, classes, parameters, timings) to this file.", valueName: "file"))
    var report: String?

    @Option(help: ArgumentHelp("Write, for each kept row (one line each, in the order of --output and --indices), the number of input rows it stands for: its group's size for methods with groups (k-means groups of prototypes and of gais's cover and centroid rules), otherwise the rows whose nearest kept row of the same class it is (itself included). The weights sum to the input row count.", valueName: "file"))
    var weights: String?

    /// Every output option with its path.
    var outputs: [(option: String, path: String?)] {
        [("--output", output), ("--indices", indices), ("--report", report), ("--weights", weights)]
    }

    @Option(help: ArgumentHelp("""
        Select inside shard I of N stratified shards only (0 ≤ I < N): each class's rows ranked \
        by a hash of the seed, the row's label and values, every N-th to the same shard \
        (docs/spark.md). Scaling is fitted on the whole file; indices and rows are the file's. \
        The N runs' outputs together are a stratified selection of the whole file.
        """, valueName: "I/N"))
    var shard: String?

    func validate() throws {
        if let shard {
            do { _ = try StratifiedShards.parse(shard) } catch let error as GAISError { throw ValidationError(error.description) }
        }
        try inputOptions.check(inputs: [input])
        try checkOutputsAreNotInputs(outputs, inputs: [input])
    }

    func run() throws {
        try checkOutputs(outputs, inputs: [input])
        do {
            try execute()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error)
        }
    }

    private func execute() throws {
        var total = Stopwatch()
        var watch = Stopwatch()
        let progress = Progress()
        progress.update("reading \(input)…")
        var table = try TableReader.read(path: input, options: inputOptions.readOptions)
        let readSeconds = watch.lap()
        progress.update("encoding…")
        // A shard's keys come from the raw values, which encoding consumes; its scaling is the
        // whole file's, so every shard measures distances alike.
        let shardPart = try shard.map { text in
            let (index, count) = try StratifiedShards.parse(text)
            let keys = table.shardKeys(seed: selection.seed, context: selection.context)
            let shards = StratifiedShards.assign(keys: keys, labels: table.labels, classCount: table.classNames.count,
                                                 count: count)
            return (index: index, count: count, rows: StratifiedShards.rows(of: index, shards: shards, keys: keys))
        }
        let encoder = TableEncoder.fit(table)
        var data = encoder.encode(&table)
        let fileRows = data.rowCount
        if let shardPart { data = data.subset(shardPart.rows) }
        let encodeSeconds = watch.lap()
        try requireFeatures(data, of: input)
        var selector = try selection.makeSelector()
        let seed = shardPart.map { StratifiedShards.shardSeed(selection.seed, shard: $0.index) } ?? selection.seed
        var keepChoice: KeepRatioChoice? = nil
        if let search = try selection.keepSearch(), var sized = selector as? any SizedSelector {
            progress.update("choosing the size with \(selection.method) (inner \(search.folds)-fold cross-validation)…")
            do {
                keepChoice = try search.search(sized, data: data, seed: seed)
            } catch GAISError.invalidInput(let message) {
                throw GAISError.invalidInput("\(input): --keep auto: \(message)")
            }
            sized.size = .keepRatio(keepChoice?.ratio ?? 1)
            selector = sized
        }
        progress.update("selecting with \(selection.method)…")
        let display = progress
        var onProgress: (@Sendable (String) -> Void)? = nil
        if progress.enabled { onProgress = { @Sendable text in display.update(text) } }
        let result: Selection
        do {
            result = try selector.select(from: data, seed: seed, context: selection.context,
                                         progress: onProgress)
        } catch GAISError.invalidInput(let message) {
            let place = shardPart.map { " (shard \($0.index)/\($0.count), \(data.rowCount) rows)" } ?? ""
            throw GAISError.invalidInput("\(input)\(place): \(message)")
        }
        // The file's row numbers of the kept rows, ascending.
        let keptRows = shardPart.map { part in result.indices.map { part.rows[$0] }.sorted() } ?? result.indices
        _ = watch.lap()
        var rowWeights: [Int]? = nil
        var weightSeconds: Double? = nil
        if weights != nil {
            progress.update("weighing the kept rows…")
            rowWeights = result.weights(of: data, context: selection.context)
            // A shard's rows are in key order: put the weights in the file order of `keptRows`.
            if let part = shardPart, let counts = rowWeights {
                rowWeights = zip(result.indices.map { part.rows[$0] }, counts).sorted { $0.0 < $1.0 }.map(\.1)
            }
            weightSeconds = watch.lap()
        }
        progress.update("writing…")
        // Every output is written to its temporary first; all are renamed together at the end.
        var files: [AtomicFile] = []
        if let output {
            // The kept rows are a result, not read again here: past a few megabytes they skip
            // the page cache (see `AtomicFile.init(path:cacheBypass:directAfter:)`).
            let file = try AtomicFile(path: output, cacheBypass: true)
            files.append(file)
            try RowWriter.writeRows(of: table, indices: keptRows, into: file)
        }
        if let indices {
            var text = ""
            text.reserveCapacity(keptRows.count * 7)
            for i in keptRows { text += String(i); text += "\n" }
            let file = try AtomicFile(path: indices)
            files.append(file)
            try file.write(text)
        }
        if let weights, let counts = rowWeights {
            var text = ""
            text.reserveCapacity(counts.count * 4)
            for w in counts { text += String(w); text += "\n" }
            let file = try AtomicFile(path: weights)
            files.append(file)
            try file.write(text)
        }
        let writeSeconds = watch.lap()
        progress.finish()
        var stages: [(String, Double)] = [("read", readSeconds), ("encode", encodeSeconds)]
        if let keepChoice { stages.append(("keep-auto", keepChoice.seconds)) }
        stages += result.stageSeconds.map { ($0.stage, $0.seconds) }
        if let weightSeconds { stages.append(("weights", weightSeconds)) }
        stages.append(("write", writeSeconds))
        var summary = SelectionReport(
            input: .init(path: input, format: table.format.rawValue, columns: table.columns.count, label: table.labelName),
            data: data, method: selection.method, selector: selector, seed: selection.seed, selection: result,
            stages: stages, totalSeconds: total.lap(), keepSearch: keepChoice)
        if let shardPart {
            summary.shard = .init(index: shardPart.index, count: shardPart.count, seed: seed, inputRows: fileRows)
        }
        if let report {
            let file = try AtomicFile(path: report)
            files.append(file)
            try file.write(summary.json().text() + "\n")
        }
        // The kept rows are copied from the input: it must not have changed meanwhile.
        try table.file.checkUnchanged()
        try AtomicFile.commitAll(files)
        if output == nil && indices == nil && report == nil && weights == nil {
            print(summary.paragraph())
        }
    }
}
