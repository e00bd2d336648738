import GAIS

/// One selection over an `ArrayTable`, as `gais select` runs one over a file: encode, select,
/// report. The C interface's `gais_select` is this plus marshalling.
public enum ArraySelection {
    public struct Result {
        public let data: Dataset
        public let selection: Selection
        /// The JSON report, the same as `gais select --report` writes (input path `<array>`,
        /// format `array`; stages `encode` and the selector's own, no read or write).
        public let report: String
    }

    /// Encodes `table` (with the scaling of `summaries` when given: a shard of a larger
    /// table), configures `method` with `settings` (validated by the registry, with the CLI's
    /// messages) and selects.
    /// - Throws: the registry's parameter errors, `GAISError.invalidInput` for bad input.
    public static func run(_ table: ArrayTable, method: String, settings: [(key: String, value: String)],
                           seed: UInt64, context: ExecutionContext, labelName: String = "label",
                           summaries: ArrayTable.Summaries? = nil,
                           progress: (@Sendable (String) -> Void)? = nil) throws -> Result {
        var total = Stopwatch()
        var watch = Stopwatch()
        // Parameters first: a bad setting is reported before any work on the data.
        let selector = try Methods.selector(method, settings: settings)
        progress?("encoding…")
        let (data, _) = try table.encode(context: context, summaries: summaries)
        let encodeSeconds = watch.lap()
        progress?("selecting with \(method)…")
        let selection = try selector.select(from: data, seed: seed, context: context, progress: progress)
        let stages = [("encode", encodeSeconds)] + selection.stageSeconds.map { ($0.stage, $0.seconds) }
        let report = SelectionReport(
            input: .init(path: ArrayTable.path, format: "array", columns: table.columnCount, label: labelName),
            data: data, method: method, selector: selector, seed: seed, selection: selection,
            stages: stages, totalSeconds: total.lap())
        return Result(data: data, selection: selection, report: report.json().text())
    }
}
