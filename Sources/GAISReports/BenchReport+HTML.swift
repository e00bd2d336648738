import GAISCore
import GAISEvaluation
extension BenchReport {
    /// The report as one self-contained HTML page (inline CSS and SVG, no scripts, no network):
    /// summary cards, accuracy-against-reduction scatter plots, per-dataset accuracy bars, the
    /// matched-random differences, and the tables of `markdown()`.
    public func html(title: String = "Instance selection bench") -> String {
        let keys = configuration.classifiers
        let e = SVGChart.escape
        let methodNames = summary.averages.map(\.method)
        let primary = methodNames.filter { !$0.hasPrefix("matched-random:") }
        var colorOf: [String: String] = ["full": "#3b3b3b"]
        var paletteIndex = 0
        for m in primary where m != "full" {
            colorOf[m] = SVGChart.color(paletteIndex)
            paletteIndex += 1
        }
        func color(_ method: String) -> String {
            if method.hasPrefix("matched-random:") { return colorOf[String(method.dropFirst("matched-random:".count))] ?? "#999" }
            return colorOf[method] ?? "#999"
        }
        let datasets = configuration.datasets.map(\.name)

        var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(e(title))</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n<main>\n"
        h += "<header><h1>\(e(title))</h1><p class=\"sub\">\(datasets.count) dataset\(datasets.count == 1 ? "" : "s") · "
        h += "\(configuration.methods.count) method\(configuration.methods.count == 1 ? "" : "s") · "
        h += "\(configuration.folds)-fold stratified cross-validation · seed \(configuration.seed) · classifiers: "
        h += keys.map(e).joined(separator: ", ") + "</p></header>\n"

        // Summary cards: one per method.
        h += "<section class=\"cards\">\n"
        for a in summary.averages where !a.method.hasPrefix("matched-random:") {
            let meanAccuracy = Statistics.mean(keys.compactMap { a.accuracy[$0] })
            let rank = summary.ranks.first { $0.method == a.method }?.overall
            h += "<div class=\"card\" style=\"border-top-color:\(color(a.method))\"><div class=\"name\">\(e(a.method))</div>"
            h += "<div class=\"big\">\(Self.percent(meanAccuracy))<small>% acc</small></div>"
            h += "<div class=\"facts\"><span>RR \(Self.percent(a.reductionRate)) %</span>"
            if let rank { h += "<span>rank \(formatFixed(rank, digits: 2))</span>" }
            if let all = summary.comparisons.first(where: { $0.method == a.method && $0.classifier == "all" }) {
                h += "<span title=\"wins / ties / losses against matched random, all classifiers\">vs random \(all.wins)/\(all.ties)/\(all.losses)"
                h += " · p \(Self.pValue(all.wilcoxon.pValue))</span>"
            }
            h += "</div></div>\n"
        }
        h += "</section>\n"

        // Accuracy against reduction.
        h += "<section>\n<h2>Accuracy against reduction</h2>\n"
        h += "<p class=\"note\">Each point is a method's mean over datasets; hollow points are the matched random "
        h += "subsets (same per-class sizes). Up and to the right is better.</p>\n"
        h += SVGChart.legend(methodNames.map { ($0, color($0), $0.hasPrefix("matched-random:")) }) + "\n<div class=\"charts\">\n"
        for c in keys {
            let points = summary.averages.map { a in
                SVGChart.Point(x: 100 * a.reductionRate, y: 100 * (a.accuracy[c] ?? 0), color: color(a.method),
                               hollow: a.method.hasPrefix("matched-random:"),
                               label: a.method.hasPrefix("matched-random:") ? "" : a.method,
                               tooltip: "\(a.method): RR \(Self.percent(a.reductionRate)) %, accuracy \(Self.percent(a.accuracy[c])) %")
            }
            h += "<figure><figcaption>\(e(c))</figcaption>"
            h += SVGChart.scatter(points, xLabel: "reduction rate (%)", yLabel: "accuracy (%)", xRange: (0, 100)) + "</figure>\n"
        }
        h += "</div>\n</section>\n"

        // Accuracy per dataset.
        h += "<section>\n<h2>Accuracy per dataset</h2>\n"
        h += SVGChart.legend(primary.map { ($0, color($0), false) }) + "\n"
        for c in keys {
            let series = primary.map { m in
                SVGChart.Series(name: m, color: color(m), values: datasets.map { d in
                    rows.first { $0.dataset == d && $0.method == m }?.accuracy[c].map { 100 * $0 }
                })
            }
            h += "<figure class=\"wide\"><figcaption>\(e(c)) — accuracy (%)</figcaption>"
            h += SVGChart.groupedBars(groups: datasets, series: series, yLabel: "accuracy (%)", diverging: false)
            h += "</figure>\n"
        }
        h += "</section>\n"

        // Matched random differences.
        let compared = primary.filter { m in rows.contains { $0.kind == .matchedRandom(of: m) } }
        if !compared.isEmpty {
            h += "<section>\n<h2>Against a random subset of the same size</h2>\n"
            h += "<p class=\"note\">Bars show the method's accuracy minus that of random stratified subsets with the "
            h += "same per-class counts (points; mean over folds, \(configuration.matchedRandomDraws) draws per fold). "
            h += "Above zero the selection beats chance. Each chart uses its method's colour, one shade per classifier.</p>\n"
            for m in compared {
                // Shades of the method's own colour: the palette's other hues already name methods.
                let tones = SVGChart.shades(of: color(m), count: keys.count)
                let series = keys.enumerated().map { (ci, c) in
                    SVGChart.Series(name: c, color: tones[ci], values: datasets.map { d in
                        guard let own = rows.first(where: { $0.dataset == d && $0.method == m && $0.kind == .method })?.accuracy[c],
                              let control = rows.first(where: { $0.dataset == d && $0.kind == .matchedRandom(of: m) })?.accuracy[c]
                        else { return nil }
                        return 100 * (own - control)
                    })
                }
                h += "<figure class=\"wide\"><figcaption>\(e(m)) − matched random</figcaption>"
                h += SVGChart.legend(keys.enumerated().map { ($0.element, tones[$0.offset], false) })
                h += SVGChart.groupedBars(groups: datasets, series: series, yLabel: "Δ accuracy (points)", diverging: true)
                h += "</figure>\n"
            }
            h += "</section>\n"
        }

        // Tables.
        h += "<section>\n<h2>Averages over datasets</h2>\n<p class=\"note\">In %: RR = reduction rate (share of the "
        h += "training rows removed), acc = accuracy, F1 = macro-F1, eff = effectiveness (accuracy × reduction rate); "
        h += "selection time in seconds per fold.</p>\n<div class=\"scroll\"><table>\n<thead><tr><th>method</th>"
        h += "<th>RR %</th><th>selection s</th>" + keys.map { "<th>acc \(e($0))</th>" }.joined()
        h += keys.map { "<th>F1 \(e($0))</th>" }.joined() + keys.map { "<th>eff \(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for a in summary.averages {
            h += "<tr\(a.method.hasPrefix("matched-random:") ? " class=\"control\"" : "")><td>\(Self.swatch(color(a.method)))\(e(a.method))</td>"
            h += "<td>\(Self.percent(a.reductionRate))</td><td>\(Self.htmlSeconds(a.selectionSeconds))</td>"
            h += keys.map { "<td>\(Self.percent(a.accuracy[$0]))</td>" }.joined()
            h += keys.map { "<td>\(Self.percent(a.macroF1[$0]))</td>" }.joined()
            h += keys.map { "<td>\(Self.percent(a.effectiveness[$0]))</td>" }.joined() + "</tr>\n"
        }
        h += "</tbody></table></div>\n</section>\n"

        h += "<section>\n<h2>Average rank</h2>\n<p class=\"note\">Friedman-style: per dataset and classifier the "
        h += "methods (and <code>full</code>) are ranked by accuracy, 1 = best, ties share the average rank.</p>\n"
        h += "<div class=\"scroll\"><table>\n<thead><tr><th>method</th><th>overall</th>" + keys.map { "<th>\(e($0))</th>" }.joined()
        h += "</tr></thead>\n<tbody>\n"
        for r in summary.ranks.sorted(by: { $0.overall < $1.overall }) {
            h += "<tr><td>\(Self.swatch(color(r.method)))\(e(r.method))</td><td><b>\(formatFixed(r.overall, digits: 2))</b></td>"
            h += keys.map { "<td>\(formatFixed(r.byClassifier[$0] ?? .nan, digits: 2))</td>" }.joined() + "</tr>\n"
        }
        h += "</tbody></table></div>\n</section>\n"

        if !summary.comparisons.isEmpty {
            h += "<section>\n<h2>Wins, ties and losses against matched random</h2>\n"
            h += "<p class=\"note\">Per dataset, the method's mean accuracy against its matched random subsets; "
            h += "p is the two-sided Wilcoxon signed-rank test over datasets (<code>all</code> pools every classifier).</p>\n"
            h += "<div class=\"scroll\"><table class=\"wins\">\n<thead><tr><th>method</th><th>classifier</th><th>wins</th><th>ties</th>"
            h += "<th>losses</th><th>Δ acc (points)</th><th>p</th></tr></thead>\n<tbody>\n"
            for c in summary.comparisons {
                let tone = c.meanDifference > 0 ? "pos" : c.meanDifference < 0 ? "neg" : ""
                h += "<tr\(c.classifier == "all" ? " class=\"total\"" : "")><td>\(Self.swatch(color(c.method)))\(e(c.method))</td><td>\(e(c.classifier))</td>"
                h += "<td>\(c.wins)</td><td>\(c.ties)</td><td>\(c.losses)</td>"
                h += "<td class=\"\(tone)\">\(SVGChart.signedText(Self.signed(100 * c.meanDifference)))</td>"
                h += "<td\(c.wilcoxon.pValue < 0.05 ? " class=\"sig\"" : "")>\(Self.pValue(c.wilcoxon.pValue))</td></tr>\n"
            }
            h += "</tbody></table></div>\n</section>\n"
        }

        h += keepAutoHTML(color: color)

        h += "<section>\n<h2>All results</h2>\n<p class=\"note\">Accuracy in %, mean ± sd over folds; the best "
        h += "accuracy of each dataset and classifier (matched random excluded) is in bold.</p>\n"
        h += "<div class=\"scroll\"><table class=\"results\">\n<thead><tr><th>dataset</th><th>method</th><th>kept</th>"
        h += "<th>RR %</th><th>selection s</th>" + keys.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for d in datasets {
            let mine = rows.filter { $0.dataset == d }
            var best: [String: Double] = [:]
            for c in keys {
                best[c] = mine.filter { !Self.isControl($0) }.compactMap { $0.accuracy[c] }.max()
            }
            for (i, row) in mine.enumerated() {
                h += "<tr\(Self.isControl(row) ? " class=\"control\"" : "")\(i == 0 ? " style=\"border-top:2px solid #d0d5dd\"" : "")>"
                h += "<td>\(i == 0 ? e(d) : "")</td><td>\(Self.swatch(color(row.method)))\(e(row.method))</td>"
                h += "<td>\(formatFixed(row.keptRows, digits: 1))</td><td>\(Self.percent(row.reductionRate))</td>"
                h += "<td>\(Self.htmlSeconds(row.selectionSeconds))</td>"
                for c in keys {
                    let value = row.accuracy[c]
                    let isBest = !Self.isControl(row) && value != nil && value == best[c]
                    let text = "\(Self.percent(value)) <span class=\"sd\">± \(Self.percent(row.accuracySD[c]))</span>"
                    h += "<td>\(isBest ? "<b>\(text)</b>" : text)</td>"
                }
                h += "</tr>\n"
            }
        }
        h += "</tbody></table></div>\n</section>\n"

        h += "<footer><h2>Configuration</h2><dl>"
        h += "<dt>cross-validation</dt><dd>\(configuration.folds)-fold stratified, seed \(configuration.seed)</dd>"
        h += "<dt>matched random</dt><dd>\(configuration.matchedRandomDraws) draws per fold</dd>"
        h += "<dt>scaling</dt><dd>min-max fitted on the rows each classifier trains on, applied unclipped to the test fold</dd>"
        h += "<dt>datasets</dt><dd>" + configuration.datasets.map {
            "\(e($0.name)) (\($0.rows) × \($0.features), \($0.classes) classes)"
        }.joined(separator: "; ") + "</dd>"
        for m in configuration.methods {
            let parameters = m.parameters.map { "\(e($0.name)) = \(e($0.value))" }.joined(separator: ", ")
            h += "<dt>\(e(m.name))</dt><dd>\(parameters.isEmpty ? "defaults" : parameters)</dd>"
        }
        h += "</dl></footer>\n</main>\n</body>\n</html>\n"
        return h
    }

    /// Seconds for the HTML tables: a dash for no selection (full), `<0.0001` rather than a
    /// misleading 0.0000 for the near-instant ones.
    static func htmlSeconds(_ value: Double) -> String {
        value == 0 ? "–" : value < 0.0001 ? "&lt;0.0001" : seconds(value)
    }

    static func swatch(_ color: String) -> String {
        "<i class=\"sw\" style=\"background:\(color)\"></i>"
    }

    static let css = """
    :root { --ink:#1d2433; --muted:#5b6474; --line:#e3e7ee; --bg:#f6f7fa; --card:#ffffff; --accent:#4e79a7; }
    * { box-sizing: border-box; }
    body { margin:0; background:var(--bg); color:var(--ink);
      font:14px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    main { max-width:1180px; margin:0 auto; padding:32px 24px 48px; }
    header h1 { margin:0 0 4px; font-size:26px; font-weight:650; letter-spacing:-0.01em; }
    .sub { margin:0; color:var(--muted); }
    h2 { font-size:18px; font-weight:620; margin:0 0 8px; }
    section, footer { background:var(--card); border:1px solid var(--line); border-radius:10px;
      padding:20px 22px; margin-top:20px; box-shadow:0 1px 2px rgba(16,24,40,.04); }
    section.cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(200px, 1fr)); gap:14px;
      background:none; border:none; box-shadow:none; padding:0; }
    .card { background:var(--card); border:1px solid var(--line); border-top:4px solid var(--accent);
      border-radius:10px; padding:14px 16px; }
    .card .name { font-weight:600; color:var(--muted); font-size:13px; text-transform:uppercase; letter-spacing:.04em; }
    .card .big { font-size:28px; font-weight:650; margin:2px 0 6px; font-variant-numeric:tabular-nums; }
    .card .big small { font-size:13px; font-weight:500; color:var(--muted); margin-left:3px; }
    .card .facts { display:flex; flex-wrap:wrap; gap:6px; font-size:12px; color:var(--muted); }
    .card .facts span { background:var(--bg); border-radius:999px; padding:2px 8px; }
    .note { color:var(--muted); margin:0 0 12px; max-width:860px; }
    .charts { display:grid; grid-template-columns:repeat(auto-fill, minmax(320px, 1fr)); gap:16px 24px; }
    .charts figure { max-width:460px; }
    figure { margin:0; }
    figure.wide { margin-top:14px; }
    figcaption { font-weight:600; font-size:13px; margin-bottom:4px; }
    svg.chart { width:100%; height:auto; display:block; }
    svg .grid { stroke:#edf0f4; stroke-width:1; }
    svg .frame { fill:none; stroke:#c9d0db; stroke-width:1; }
    svg .zero { stroke:#5b6474; stroke-width:1.2; }
    svg .tick { font-size:11px; fill:#5b6474; }
    svg .axis { font-size:12px; fill:#1d2433; }
    svg .pt { font-size:11px; fill:#1d2433; paint-order:stroke; stroke:#fff; stroke-width:3px; }
    .legend { display:flex; flex-wrap:wrap; gap:6px 16px; margin:4px 0 12px; font-size:12px; color:var(--ink); }
    .legend i { display:inline-block; width:11px; height:11px; border-radius:50%; margin-right:6px; vertical-align:-1px; }
    .scroll { overflow-x:auto; }
    table { border-collapse:collapse; width:100%; font-variant-numeric:tabular-nums; font-size:13px; }
    th, td { padding:6px 10px; border-bottom:1px solid var(--line); text-align:right; white-space:nowrap; }
    th:first-child, td:first-child, table.results td:nth-child(2), table.results th:nth-child(2),
      table.wins td:nth-child(2), table.wins th:nth-child(2) { text-align:left; }
    thead th { position:sticky; top:0; background:#fafbfc; font-weight:600; color:var(--muted); font-size:12px; }
    tbody tr:hover { background:#f9fafb; }
    tr.control td { color:var(--muted); }
    tr.total td { font-weight:600; background:#fafbfc; }
    td.pos { color:#2f7d32; } td.neg { color:#c0392b; } td.sig { font-weight:700; }
    .sd { color:#8a93a3; font-size:12px; }
    i.sw { display:inline-block; width:9px; height:9px; border-radius:2px; margin-right:7px; }
    code { background:var(--bg); padding:1px 5px; border-radius:4px; font-size:12px; }
    footer dl { display:grid; grid-template-columns:max-content 1fr; gap:4px 16px; margin:0; }
    footer dt { color:var(--muted); } footer dd { margin:0; }

    """

    /// `--keep auto`: the accuracy-against-size curve each search measured (fold 1's, one
    /// chart per dataset, a line per method) and how often the promise held.
    func keepAutoHTML(color: (String) -> String) -> String {
        let searched = rows.filter { $0.keepSearch != nil }
        guard !searched.isEmpty else { return "" }
        let e = SVGChart.escape
        var h = "<section>\n<h2>Size chosen by --keep auto</h2>\n<p class=\"note\">The inner cross-validated accuracy "
        h += "of the search's classifier against the keep ratio, as the search of the first fold measured it (filled: "
        h += "within the tolerance of all rows). The table: per fold, how often the chosen size kept its promise on the "
        h += "test part, and the search's seconds.</p>\n"
        h += SVGChart.legend(Array(Set(searched.map(\.method))).sorted().map { ($0, color($0), false) }) + "\n<div class=\"charts\">\n"
        var datasets: [String] = []
        for row in searched where !datasets.contains(row.dataset) { datasets.append(row.dataset) }
        for d in datasets {
            var points: [SVGChart.Point] = []
            for row in searched where row.dataset == d {
                guard let first = row.keepSearch?.folds.first else { continue }
                for p in first.curve {
                    points.append(SVGChart.Point(x: 100 * p.ratio, y: 100 * p.accuracy, color: color(row.method),
                                                 hollow: !p.passes, label: p.ratio == first.ratio ? "chosen" : "",
                                                 tooltip: "\(row.method): keep \(Self.percent(p.ratio)) %, \(first.classifier) accuracy \(Self.percent(p.accuracy)) % (all rows \(Self.percent(first.fullAccuracy)) %)"))
                }
            }
            h += "<figure><figcaption>\(e(d))</figcaption>"
            h += SVGChart.scatter(points, xLabel: "keep ratio (%)", yLabel: "accuracy (%)", xRange: (0, 100)) + "</figure>\n"
        }
        h += "</div>\n<div class=\"scroll\"><table><thead><tr><th>dataset</th><th>method</th><th>keep ratio</th>"
        h += "<th>promise kept</th><th>search s</th></tr></thead><tbody>\n"
        for row in searched {
            guard let search = row.keepSearch else { continue }
            h += "<tr><td>\(e(row.dataset))</td><td>\(e(row.method))</td>"
            h += "<td>\(formatFixed(Statistics.mean(search.chosenRatios), digits: 4))</td>"
            h += "<td>\(search.promisesKept)/\(search.promiseKept.count)</td>"
            h += "<td>\(Self.seconds(Statistics.mean(search.searchSeconds)))</td></tr>\n"
        }
        h += "</tbody></table></div>\n</section>\n"
        return h
    }
}
