import GAISCore
extension CrossValidationResult {
    /// JSON for `gais evaluate --folds-file … --json`: `{"folds", "classifiers", "accuracy":
    /// {classifier: mean}, "accuracy_sd", "macro_f1", "macro_f1_sd", "training_seconds",
    /// "fold_accuracy": {classifier: [per fold]}, "fold_macro_f1"}` — the layout
    /// `scripts/compare_sklearn_classifiers.py` reads (it needs `accuracy`).
    public func json() -> String {
        let names = classifiers.map(\.description)
        func perClassifier(_ value: (Int) -> Double) -> JSONValue {
            .object(names.enumerated().map { ($0.element, .finite(value($0.offset))) })
        }
        func perFold(_ value: (ClassifierScore) -> Double) -> JSONValue {
            .object(names.enumerated().map { c in (c.element, .array(scores.map { .finite(value($0[c.offset])) })) })
        }
        let accuracy = meanAccuracy, f1 = meanMacroF1
        let value: JSONValue = .object([
            ("folds", .number(Double(folds))),
            ("classifiers", .array(names.map { .string($0) })),
            ("accuracy", perClassifier { accuracy[$0] }),
            ("accuracy_sd", perClassifier { c in Statistics.standardDeviation(scores.map { $0[c].accuracy }) }),
            ("macro_f1", perClassifier { f1[$0] }),
            ("macro_f1_sd", perClassifier { c in Statistics.standardDeviation(scores.map { $0[c].macroF1 }) }),
            ("training_seconds", perClassifier { c in Statistics.mean(scores.map { $0[c].trainingSeconds }) }),
            ("fold_accuracy", perFold(\.accuracy)),
            ("fold_macro_f1", perFold(\.macroF1)),
        ])
        return value.text(indent: 2) + "\n"
    }

    /// A plain-text table for the terminal: classifier, accuracy % (mean ± sd), macro-F1 %.
    public func table() -> String {
        let rows = classifiers.enumerated().map { (c, name) -> [String] in
            let acc = scores.map { $0[c].accuracy }, f1 = scores.map { $0[c].macroF1 }
            return [name.description,
                    "\(formatFixed(100 * Statistics.mean(acc), digits: 2)) ± \(formatFixed(100 * Statistics.standardDeviation(acc), digits: 2))",
                    "\(formatFixed(100 * Statistics.mean(f1), digits: 2)) ± \(formatFixed(100 * Statistics.standardDeviation(f1), digits: 2))"]
        }
        return TextTable.render(header: ["classifier", "accuracy %", "macro-F1 %"], rows: rows)
    }
}

extension Evaluation {
    /// JSON for `gais evaluate` with a separate test set: `{"accuracy": {classifier: value},
    /// "macro_f1": {...}, "training_seconds": {...}}`, classifiers in the given order.
    public static func json(scores: [ClassifierName: ClassifierScore], order: [ClassifierName]) -> String {
        let names = order.filter { scores[$0] != nil }
        func members(_ value: (ClassifierScore) -> Double) -> JSONValue {
            .object(names.map { ($0.description, .finite(value(scores[$0]!))) })
        }
        let value: JSONValue = .object([
            ("classifiers", .array(names.map { .string($0.description) })),
            ("accuracy", members(\.accuracy)),
            ("macro_f1", members(\.macroF1)),
            ("training_seconds", members(\.trainingSeconds)),
        ])
        return value.text(indent: 2) + "\n"
    }

    /// A plain-text table of train/test scores, classifiers in the given order.
    public static func table(scores: [ClassifierName: ClassifierScore], order: [ClassifierName]) -> String {
        let rows = order.compactMap { name -> [String]? in
            guard let s = scores[name] else { return nil }
            return [name.description, formatFixed(100 * s.accuracy, digits: 2), formatFixed(100 * s.macroF1, digits: 2),
                    formatFixed(s.trainingSeconds, digits: 3)]
        }
        return TextTable.render(header: ["classifier", "accuracy %", "macro-F1 %", "training s"], rows: rows)
    }
}

/// Left-aligned first column, right-aligned numbers, two spaces between columns.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
