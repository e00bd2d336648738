import GAIS

/// What `gais select` tells the user: a paragraph on the terminal, or a JSON report.
struct SelectionSummary {
    let input: String
    let table: Table
    let data: Dataset
    let encoder: TableEncoder
    let method: SelectionMethod
    let selector: any InstanceSelector
    let seed: UInt64
    let selection: Selection
    let stages: [(String, Double)]
    let totalSeconds: Double

    var keptPerClass: [Int] {
        var kept = [Int](repeating: 0, count: data.classCount)
        for i in selection.indices { kept[Int(data.labels[i])] += 1 }
        return kept
    }

    var reductionRate: Double { 1 - Double(selection.indices.count) / Double(data.rowCount) }

    func paragraph() -> String {
        let counts = data.classCounts
        let kept = keptPerClass
        let perClass = data.classNames.indices.map { "\(data.classNames[$0]) \(kept[$0])/\(counts[$0])" }
            .joined(separator: ", ")
        return """
        \(method.rawValue) kept \(selection.indices.count) of \(data.rowCount) rows of \(input) \
        (reduction \((reductionRate * 100).formatted(1)) %; per class: \(perClass)) in \
        \(totalSeconds.formatted(2)) s, seed \(seed). Use --output FILE for the kept rows, \
        --indices FILE for their indices, --report FILE for a JSON report.
        """
    }

    func json() -> JSONValue {
        let counts = data.classCounts
        let kept = keptPerClass
        return .object([
            ("tool", .string("gais")),
            ("version", .string(GAISVersion.string)),
            ("input", .object([
                ("path", .string(input)),
                ("format", .string(table.format.rawValue)),
                ("rows", .int(data.rowCount)),
                ("columns", .int(table.columns.count)),
                ("encoded_features", .int(data.featureCount)),
                ("label", .string(table.labelName)),
            ])),
            ("method", .string(method.rawValue)),
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
            ("details", .object(selection.details.map { ($0.key, .string($0.value)) })),
        ])
    }
}
