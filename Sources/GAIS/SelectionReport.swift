/// The JSON report of one selection, the same whichever interface ran it (`gais select
/// --report`, the C interface's report, the Python package's `report_`).
public struct SelectionReport: Sendable {
    /// Where the rows came from.
    public struct Input: Sendable {
        /// A file path, or a description such as `<array>` for in-memory data.
        public var path: String
        /// `csv`, `keel`, `arff`, `libsvm`, or `array`.
        public var format: String
        public var columns: Int
        public var label: String
        public init(path: String, format: String, columns: Int, label: String) {
            self.path = path
            self.format = format
            self.columns = columns
            self.label = label
        }
    }

    public let input: Input
    public let data: Dataset
    public let method: String
    public let selector: any InstanceSelector
    public let seed: UInt64
    public let selection: Selection
    /// Seconds per stage, in order (read, encode, the selector's stages, write…).
    public let stages: [(String, Double)]
    public let totalSeconds: Double
    /// The size search, when `--keep auto` chose the size.
    public let keepSearch: KeepRatioChoice?
    /// The shard selected from, when only one shard of the input was (`gais select --shard`).
    public var shard: Shard?

    /// Which stratified shard (`StratifiedShards`) a selection ran on.
    public struct Shard: Sendable {
        public var index: Int
        public var count: Int
        /// The seed the shard was selected with (derived from the run's seed).
        public var seed: UInt64
        /// Rows of the whole input (the report's `input_rows` are the shard's).
        public var inputRows: Int
        public init(index: Int, count: Int, seed: UInt64, inputRows: Int) {
            self.index = index
            self.count = count
            self.seed = seed
            self.inputRows = inputRows
        }
    }

    public init(input: Input, data: Dataset, method: String, selector: any InstanceSelector, seed: UInt64,
                selection: Selection, stages: [(String, Double)], totalSeconds: Double,
                keepSearch: KeepRatioChoice? = nil) {
        self.keepSearch = keepSearch
        self.input = input
        self.data = data
        self.method = method
        self.selector = selector
        self.seed = seed
        self.selection = selection
        self.stages = stages
        self.totalSeconds = totalSeconds
    }

    public var keptPerClass: [Int] {
        var kept = [Int](repeating: 0, count: data.classCount)
        for i in selection.indices { kept[Int(data.labels[i])] += 1 }
        return kept
    }

    public var reductionRate: Double { 1 - Double(selection.indices.count) / Double(max(1, data.rowCount)) }

    /// One paragraph for a terminal.
    public func paragraph() -> String {
        let shardText = shard.map { " (shard \($0.index)/\($0.count) of \($0.inputRows) rows)" } ?? ""
        let counts = data.classCounts
        let kept = keptPerClass
        let perClass = data.classNames.indices.map { "\(data.classNames[$0]) \(kept[$0])/\(counts[$0])" }
            .joined(separator: ", ")
        var chosen = ""
        if let keepSearch {
            let accuracy = keepSearch.curve.last { $0.ratio == keepSearch.ratio }?.accuracy ?? keepSearch.fullAccuracy
            chosen = " --keep auto chose keep ratio \(formatFixed(keepSearch.ratio, digits: 4)) (\(keepSearch.classifier) accuracy \(formatFixed(100 * accuracy, digits: 1)) % against \(formatFixed(100 * keepSearch.fullAccuracy, digits: 1)) % with all rows, inner \(keepSearch.folds)-fold cross-validation, tolerance \(formatFixed(100 * keepSearch.tolerance, digits: 1)) points)."
        }
        return """
        \(method) kept \(selection.indices.count) of \(data.rowCount) rows of \(input.path)\(shardText) \
        (reduction \(formatFixed(reductionRate * 100, digits: 1)) %; per class: \(perClass)) in \
        \(formatFixed(totalSeconds, digits: 2)) s, seed \(seed).\(chosen) Use --output FILE for the kept rows, \
        --indices FILE for their indices, --report FILE for a JSON report.
        """
    }

    public func json() -> JSONValue {
        let counts = data.classCounts
        let kept = keptPerClass
        return .object([
            ("tool", .string("gais")),
            ("version", .string(GAISVersion.string)),
            ("input", .object([
                ("path", .string(input.path)),
                ("format", .string(input.format)),
                ("rows", .int(data.rowCount)),
                ("columns", .int(input.columns)),
                ("encoded_features", .int(data.featureCount)),
                ("label", .string(input.label)),
            ])),
            ("method", .string(method)),
            ("parameters", .object(selector.parameters.map { ($0.name, .string($0.value)) })),
            ("seed", .int(Int(truncatingIfNeeded: seed))),
            ("input_rows", .int(data.rowCount)),
            ("kept_rows", .int(selection.indices.count)),
            ("reduction_rate", .number(reductionRate)),
            ("classes", .array(data.classNames.indices.map { c in
                .object([("class", .string(data.classNames[c])), ("rows", .int(counts[c])), ("kept", .int(kept[c]))])
            })),
            ("kept_per_class", .object(data.classNames.indices.map { (data.classNames[$0], .int(kept[$0])) })),
            ("seconds", .object(stages.map { ($0.0, .number($0.1)) } + [("total", .number(totalSeconds))])),
            ("details", selection.report?.json ?? .object([])),
        ] + (keepSearch.map { [("keep_auto", $0.json)] } ?? [])
          + (shard.map { shard in
            [("shard", JSONValue.object([
                ("index", .int(shard.index)), ("count", .int(shard.count)),
                ("seed", .string(String(shard.seed))), ("file_rows", .int(shard.inputRows)),
            ]))]
        } ?? []))
    }
}
