import GAISCore

extension BenchReport {
    /// The report as JSON: `{"results": [...], "summary": {...}, "config": {...}}`.
    ///
    /// Each result has `dataset`, `method`, `kind` (`full`, `method`, `matched-random`),
    /// `compared_to` (matched random only), `folds`, `kept_rows`, `reduction_rate`,
    /// `reduction_rate_sd`, `selection_seconds`, and per classifier `training_seconds`,
    /// `accuracy`, `accuracy_sd`, `macro_f1`, `macro_f1_sd`, `effectiveness`, plus the per-fold
    /// values `fold_reduction_rate`, `fold_accuracy`, `fold_macro_f1`.
    public func json() -> String {
        jsonValue().text(indent: 2) + "\n"
    }

    /// The report as a `JSONValue` tree.
    public func jsonValue() -> JSONValue {
        let keys = configuration.classifiers
        let results: [JSONValue] = rows.map { row in
            var members: [(String, JSONValue)] = [
                ("dataset", .string(row.dataset)),
                ("method", .string(row.method)),
            ]
            switch row.kind {
            case .full: members.append(("kind", .string("full")))
            case .method: members.append(("kind", .string("method")))
            case .matchedRandom(let of):
                members.append(("kind", .string("matched-random")))
                members.append(("compared_to", .string(of)))
            }
            members += [
                ("folds", .number(Double(row.folds))),
                ("kept_rows", .finite(row.keptRows)),
                ("reduction_rate", .finite(row.reductionRate)),
                ("reduction_rate_sd", .finite(row.reductionRateSD)),
                ("selection_seconds", .finite(row.selectionSeconds)),
                ("training_seconds", .numbers(row.trainingSeconds, keys: keys)),
                ("accuracy", .numbers(row.accuracy, keys: keys)),
                ("accuracy_sd", .numbers(row.accuracySD, keys: keys)),
                ("macro_f1", .numbers(row.macroF1, keys: keys)),
                ("macro_f1_sd", .numbers(row.macroF1SD, keys: keys)),
                ("effectiveness", .numbers(row.effectiveness, keys: keys)),
                ("fold_reduction_rate", .array(row.foldReductionRate.map(JSONValue.finite))),
                ("fold_accuracy", .object(keys.map { ($0, .array((row.foldAccuracy[$0] ?? []).map(JSONValue.finite))) })),
                ("fold_macro_f1", .object(keys.map { ($0, .array((row.foldMacroF1[$0] ?? []).map(JSONValue.finite))) })),
            ]
            if let search = row.keepSearch {
                members.append(("keep_auto", .object([
                    ("fold_chosen_keep_ratio", .array(search.chosenRatios.map(JSONValue.finite))),
                    ("fold_promise_kept", .array(search.promiseKept.map(JSONValue.bool))),
                    ("promises_kept", .int(search.promisesKept)),
                    ("fold_search_seconds", .array(search.searchSeconds.map(JSONValue.finite))),
                    ("fold_searches", .array(search.folds.map(\.json))),
                ])))
            }
            return .object(members)
        }
        let averages: [JSONValue] = summary.averages.map { a in
            .object([
                ("method", .string(a.method)),
                ("datasets", .number(Double(a.datasets))),
                ("reduction_rate", .finite(a.reductionRate)),
                ("selection_seconds", .finite(a.selectionSeconds)),
                ("accuracy", .numbers(a.accuracy, keys: keys)),
                ("macro_f1", .numbers(a.macroF1, keys: keys)),
                ("effectiveness", .numbers(a.effectiveness, keys: keys)),
            ])
        }
        let ranks: [JSONValue] = summary.ranks.map { r in
            .object([
                ("method", .string(r.method)),
                ("overall", .finite(r.overall)),
                ("by_classifier", .numbers(r.byClassifier, keys: keys)),
            ])
        }
        let comparisons: [JSONValue] = summary.comparisons.map { c in
            .object([
                ("method", .string(c.method)),
                ("classifier", .string(c.classifier)),
                ("wins", .number(Double(c.wins))),
                ("ties", .number(Double(c.ties))),
                ("losses", .number(Double(c.losses))),
                ("mean_difference", .finite(c.meanDifference)),
                ("wilcoxon_statistic", .finite(c.wilcoxon.statistic)),
                ("wilcoxon_p", .finite(c.wilcoxon.pValue)),
                ("wilcoxon_exact", .bool(c.wilcoxon.exact)),
                ("pairs", .number(Double(c.wilcoxon.count))),
            ])
        }
        var extra: [(String, JSONValue)] = []
        if configuration.weighted { extra.append(("weighted", .bool(true))) }
        if let k = configuration.keepSearch {
            extra.append(("keep_auto", .object([("tolerance", .finite(k.tolerance)), ("classifier", .string(k.classifier)),
                                                ("inner_folds", .int(k.folds))])))
        }
        let config: JSONValue = .object([
            ("folds", .number(Double(configuration.folds))),
            ("seed", configuration.seed < 1 << 53 ? .number(Double(configuration.seed)) : .string(String(configuration.seed))),
            ("classifiers", .array(keys.map { .string($0) })),
            ("matched_random_draws", .number(Double(configuration.matchedRandomDraws))),
            ("scaling", .string("min-max fitted on the rows each classifier trains on, applied unclipped to the test fold")),
            ("datasets", .array(configuration.datasets.map { d in
                .object([("name", .string(d.name)), ("rows", .number(Double(d.rows))),
                         ("features", .number(Double(d.features))), ("classes", .number(Double(d.classes)))])
            })),
            ("methods", .array(configuration.methods.map { m in
                .object([("name", .string(m.name)),
                         ("parameters", .object(m.parameters.map { ($0.name, .string($0.value)) }))])
            })),
        ] + extra)
        return .object([
            ("results", .array(results)),
            ("summary", .object([
                ("averages", .array(averages)),
                ("average_rank", .array(ranks)),
                ("matched_random", .array(comparisons)),
            ])),
            ("config", config),
        ])
    }
}
