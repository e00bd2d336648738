import GAISCore
import GAISEvaluation
extension BenchReport {
    /// Percent with one decimal, e.g. `96.1`.
    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return formatFixed(100 * value, digits: 1)
    }

    /// Seconds with a precision that suits their size.
    static func seconds(_ value: Double) -> String {
        value >= 100 ? formatFixed(value, digits: 0) : value >= 1 ? formatFixed(value, digits: 2) : formatFixed(value, digits: 4)
    }

    /// A p-value, three decimals or `<0.001`.
    static func pValue(_ p: Double) -> String {
        p < 0.001 ? "<0.001" : formatFixed(p, digits: 3)
    }

    /// The report as Markdown: per-dataset results, averages over datasets, average ranks and
    /// the matched-random comparison. Accuracies are percentages, `mean ± sd` over folds.
    public func markdown() -> String {
        let keys = configuration.classifiers
        var out = "# Instance selection bench\n\n"
        out += "\(configuration.folds)-fold stratified cross-validation, seed \(configuration.seed), "
        out += "\(configuration.matchedRandomDraws) draws per matched random subset. "
        out += "Features are min-max scaled on the rows each classifier trains on. "
        out += "Accuracy and macro-F1 in %, mean ± sd over folds; RR = reduction rate.\n\n"

        out += "## Results\n\n"
        out += "| dataset | method | kept | RR % | selection s | " + keys.map { "acc \($0)" }.joined(separator: " | ")
            + " | " + keys.map { "F1 \($0)" }.joined(separator: " | ") + " |\n"
        out += "|---|---|--:|--:|--:|" + String(repeating: "--:|", count: 2 * keys.count) + "\n"
        for row in rows {
            let acc = keys.map { "\(Self.percent(row.accuracy[$0])) ± \(Self.percent(row.accuracySD[$0]))" }
            let f1 = keys.map { "\(Self.percent(row.macroF1[$0])) ± \(Self.percent(row.macroF1SD[$0]))" }
            out += "| \(Self.markdownEscape(row.dataset)) | \(Self.markdownEscape(row.method)) | \(formatFixed(row.keptRows, digits: 1)) | "
                + "\(Self.percent(row.reductionRate)) | \(Self.seconds(row.selectionSeconds)) | "
                + (acc + f1).joined(separator: " | ") + " |\n"
        }

        out += "\n## Averages over datasets\n\n"
        out += "| method | datasets | RR % | selection s | " + keys.map { "acc \($0)" }.joined(separator: " | ")
            + " | " + keys.map { "eff \($0)" }.joined(separator: " | ") + " |\n"
        out += "|---|--:|--:|--:|" + String(repeating: "--:|", count: 2 * keys.count) + "\n"
        for a in summary.averages {
            out += "| \(Self.markdownEscape(a.method)) | \(a.datasets) | \(Self.percent(a.reductionRate)) | \(Self.seconds(a.selectionSeconds)) | "
                + (keys.map { Self.percent(a.accuracy[$0]) } + keys.map { Self.percent(a.effectiveness[$0]) }).joined(separator: " | ")
                + " |\n"
        }

        out += "\n## Average rank (1 = most accurate; full and methods, per dataset and classifier)\n\n"
        out += "| method | overall | " + keys.joined(separator: " | ") + " |\n"
        out += "|---|--:|" + String(repeating: "--:|", count: keys.count) + "\n"
        for r in summary.ranks.sorted(by: { $0.overall < $1.overall }) {
            out += "| \(Self.markdownEscape(r.method)) | \(formatFixed(r.overall, digits: 2)) | "
                + keys.map { formatFixed(r.byClassifier[$0] ?? .nan, digits: 2) }.joined(separator: " | ") + " |\n"
        }

        if !summary.comparisons.isEmpty {
            out += "\n## Against a random subset of the same size per class\n\n"
            out += "Wins/ties/losses over datasets of the method's mean accuracy against its matched random "
                + "subsets; Δ = mean accuracy difference (points); p = two-sided Wilcoxon signed-rank test.\n\n"
            out += "| method | classifier | W / T / L | Δ acc | p |\n|---|---|:-:|--:|--:|\n"
            for c in summary.comparisons {
                out += "| \(Self.markdownEscape(c.method)) | \(c.classifier) | \(c.wins) / \(c.ties) / \(c.losses) | "
                    + "\(Self.signed(100 * c.meanDifference)) | \(Self.pValue(c.wilcoxon.pValue)) |\n"
            }
        }
        out += keepAutoMarkdown()
        return out
    }

    /// The `--keep auto` section: per dataset and method, the chosen ratios and how often the
    /// promise held on the test folds; empty without searches.
    func keepAutoMarkdown() -> String {
        let searched = rows.filter { $0.keepSearch != nil }
        guard !searched.isEmpty else { return "" }
        var out = "\n## Size chosen by --keep auto\n\n"
        out += "Per fold, the size search ran on the training part (inner cross-validation); the promise holds when "
            + "its classifier, trained on the kept rows, is on the test part within the tolerance of the same "
            + "classifier trained on all training rows. Search s = seconds of the search per fold (included in "
            + "the selection seconds).\n\n"
        out += "| dataset | method | keep ratio (mean) | min–max | promise kept | search s |\n|---|---|--:|--:|:-:|--:|\n"
        var kept = 0, total = 0
        for row in searched {
            guard let search = row.keepSearch else { continue }
            let ratios = search.chosenRatios
            kept += search.promisesKept
            total += search.promiseKept.count
            out += "| \(Self.markdownEscape(row.dataset)) | \(Self.markdownEscape(row.method)) | "
                + "\(formatFixed(Statistics.mean(ratios), digits: 4)) | "
                + "\(formatFixed(ratios.min() ?? 0, digits: 4))–\(formatFixed(ratios.max() ?? 0, digits: 4)) | "
                + "\(search.promisesKept)/\(search.promiseKept.count) | \(Self.seconds(Statistics.mean(search.searchSeconds))) |\n"
        }
        out += "\nPromise kept in \(kept) of \(total) folds.\n"
        return out
    }

    static func signed(_ value: Double) -> String {
        (value > 0 ? "+" : "") + formatFixed(value, digits: 2)
    }

    static func markdownEscape(_ text: String) -> String {
        text.replacing("|", with: "\\|")
    }

    /// The results as CSV, one line per result row: `dataset, method, kind, folds, kept_rows,
    /// reduction_rate, reduction_rate_sd, selection_seconds`, then for each classifier
    /// `accuracy_C, accuracy_sd_C, macro_f1_C, macro_f1_sd_C, effectiveness_C,
    /// training_seconds_C`. Fractions, not percentages.
    public func csv() -> String {
        let keys = configuration.classifiers
        var header = ["dataset", "method", "kind", "folds", "kept_rows", "reduction_rate", "reduction_rate_sd",
                      "selection_seconds"]
        for c in keys {
            header += ["accuracy_\(c)", "accuracy_sd_\(c)", "macro_f1_\(c)", "macro_f1_sd_\(c)",
                       "effectiveness_\(c)", "training_seconds_\(c)"]
        }
        var out = header.map(Self.csvField).joined(separator: ",") + "\n"
        for row in rows {
            let kind: String
            switch row.kind {
            case .full: kind = "full"
            case .method: kind = "method"
            case .matchedRandom: kind = "matched-random"
            }
            var fields = [row.dataset, row.method, kind, String(row.folds), Self.number(row.keptRows),
                          Self.number(row.reductionRate), Self.number(row.reductionRateSD),
                          Self.number(row.selectionSeconds)]
            for c in keys {
                fields += [row.accuracy[c], row.accuracySD[c], row.macroF1[c], row.macroF1SD[c],
                           row.effectiveness[c], row.trainingSeconds[c]].map { Self.number($0 ?? .nan) }
            }
            out += fields.map(Self.csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    static func number(_ v: Double) -> String {
        v.isFinite ? JSONValue.numberText(v) : ""
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
