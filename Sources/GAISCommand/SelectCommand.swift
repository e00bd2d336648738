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

    func validate() throws {
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
        let encoder = TableEncoder.fit(table)
        let data = encoder.encode(&table)
        let encodeSeconds = watch.lap()
        try requireFeatures(data, of: input)
        var selector = try selection.makeSelector()
        var keepChoice: KeepRatioChoice? = nil
        if let search = try selection.keepSearch(), var sized = selector as? any SizedSelector {
            progress.update("choosing the size with \(selection.method) (inner \(search.folds)-fold cross-validation)…")
            do {
                keepChoice = try search.search(sized, data: data, seed: selection.seed)
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
            result = try selector.select(from: data, seed: selection.seed, context: selection.context,
                                         progress: onProgress)
        } catch GAISError.invalidInput(let message) {
            throw GAISError.invalidInput("\(input): \(message)")
        }
        _ = watch.lap()
        var rowWeights: [Int]? = nil
        var weightSeconds: Double? = nil
        if weights != nil {
            progress.update("weighing the kept rows…")
            rowWeights = result.weights(of: data, context: selection.context)
            weightSeconds = watch.lap()
        }
        progress.update("writing…")
        // Every output is written to its temporary first; all are renamed together at the end.
        var files: [AtomicFile] = []
        if let output {
            let file = try AtomicFile(path: output)
            files.append(file)
            try RowWriter.writeRows(of: table, indices: result.indices, into: file)
        }
        if let indices {
            var text = ""
            text.reserveCapacity(result.indices.count * 7)
            for i in result.indices { text += String(i); text += "\n" }
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
        let summary = SelectionReport(
            input: .init(path: input, format: table.format.rawValue, columns: table.columns.count, label: table.labelName),
            data: data, method: selection.method, selector: selector, seed: selection.seed, selection: result,
            stages: stages, totalSeconds: total.lap(), keepSearch: keepChoice)
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
