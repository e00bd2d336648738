import GAISCore
import GAISEvaluation
/// Small inline-SVG charts for the HTML report: no scripts, no external resources.
enum SVGChart {
    /// A categorical palette with good contrast on white (Tableau 10).
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                          "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    static func color(_ index: Int) -> String { palette[index % palette.count] }

    /// `count` tones of one `#rrggbb` colour, darkest first: from 35 % towards black to 45 %
    /// towards white, so the bars of one method's chart read as one family.
    static func shades(of color: String, count: Int) -> [String] {
        let hex = Array(color.utf8.dropFirst())
        guard hex.count == 6, count > 0 else { return [String](repeating: color, count: max(0, count)) }
        func channel(_ i: Int) -> Double {
            Double(Int(String(decoding: hex[(2 * i)..<(2 * i + 2)], as: UTF8.self), radix: 16) ?? 128)
        }
        let rgb = (0..<3).map(channel)
        let digits = Array("0123456789abcdef")
        return (0..<count).map { k in
            let t = count == 1 ? 0 : -0.35 + 0.8 * Double(k) / Double(count - 1)
            var out = "#"
            for c in rgb {
                let v = t < 0 ? c * (1 + t) : c + (255 - c) * t
                let byte = Int(max(0, min(255, v.rounded())))
                out.append(digits[byte / 16])
                out.append(digits[byte % 16])
            }
            return out
        }
    }

    /// Escapes text for HTML and SVG.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text { out += entities[ch] ?? String(ch) }
        return out
    }

    /// The characters HTML and SVG text and attributes must not hold literally.
    static let entities: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]

    /// Round tick values covering `low...high` (about `count` of them).
    static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard high > low, low.isFinite, high.isFinite else { return [low] }
        let span = high - low
        let rough = span / Double(max(1, count))
        var base = 1.0
        while base > rough { base /= 10 }
        while base * 10 <= rough { base *= 10 }
        // The finest of 1, 2, 5 × base giving at most 1.6 × count intervals (a 74…98 axis gets
        // 5 ticks 5 apart, not 13 ticks 2 apart).
        let step = [1.0, 2, 5].map { $0 * base }.first { span / $0 <= 1.6 * Double(max(1, count)) } ?? 10 * base
        // Integer multiples of the step, with a tolerance for quotients like 55 / 0.1 = 550.0000000000001.
        let first = Int((low / step - 1e-9).rounded(.up)), last = Int((high / step + 1e-9).rounded(.down))
        guard first <= last else { return [low] }
        return (first...last).map { Double($0) * step }
    }

    /// A tick label: as many decimals as the tick step needs.
    static func tickLabel(_ v: Double, step: Double) -> String {
        var digits = 0
        var s = step
        while digits < 4 && abs(s - s.rounded()) > 1e-9 * max(1, abs(s)) {
            s *= 10
            digits += 1
        }
        return signedText(formatFixed(v, digits: digits))
    }

    /// Typographic minus sign (U+2212) instead of a hyphen in front of negative numbers.
    static func signedText(_ text: String) -> String {
        text.hasPrefix("-") ? "\u{2212}" + text.dropFirst() : text
    }

    /// Approximate width in pixels of `text` set in the 11 px sans-serif of tick and point
    /// labels (average advance ≈ 0.56 em); used to keep labels apart without a layout engine.
    static func labelWidth(_ text: String) -> Double {
        Double(text.count) * 6.2
    }

    /// Expands `low...high` to round numbers a little beyond the data.
    /// Both ends fall on ticks of the expanded range, so the frame starts and ends at a label.
    static func niceRange(_ low: Double, _ high: Double) -> (Double, Double) {
        if !(high > low) { return (low - 1, high + 1) }
        var (a, b) = (low, high)
        // Widening can coarsen the tick step; a few rounds settle it (the step only grows).
        for _ in 0..<4 {
            let t = ticks(a, b, count: 5)
            let step = t.count > 1 ? t[1] - t[0] : (b - a)
            let next = ((a / step + 1e-9).rounded(.down) * step, (b / step - 1e-9).rounded(.up) * step)
            if next == (a, b) { break }
            (a, b) = next
        }
        return (a, b)
    }

    /// A point of a scatter plot.
    struct Point {
        var x: Double
        var y: Double
        var color: String
        var hollow: Bool
        var label: String
        var tooltip: String
    }

    /// A scatter plot with labelled points. `xRange` fixes the ticked horizontal range (e.g.
    /// 0…100 % for reduction rates); the plotted domain extends 4 % beyond it on both sides so
    /// points on the bounds are not drawn over the axes. Each label takes the first free spot
    /// around its point (see `placeLabels`).
    static func scatter(_ points: [Point], xLabel: String, yLabel: String, xRange: (Double, Double)? = nil,
                        width: Double = 340, height: Double = 280) -> String {
        let left = 50.0, right = 14.0, top = 12.0, bottom = 42.0
        let plotW = width - left - right, plotH = height - top - bottom
        let xs = points.map(\.x), ys = points.map(\.y)
        let (xt0, xt1) = xRange ?? niceRange((xs.min() ?? 0) - 0.5, (xs.max() ?? 100) + 0.5)
        let pad = 0.04 * (xt1 - xt0)
        let (x0, x1) = (xt0 - pad, xt1 + pad)
        let (y0, y1) = niceRange((ys.min() ?? 0) - 0.5, (ys.max() ?? 100) + 0.5)
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * plotW }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * plotH }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += axes(left: left, top: top, plotW: plotW, plotH: plotH, xTicks: ticks(xt0, xt1), yTicks: ticks(y0, y1),
                    px: px, py: py, xLabel: xLabel, yLabel: yLabel, height: height)
        let centres = points.map { (x: px($0.x), y: py($0.y)) }
        let labels = placeLabels(points.map(\.label), at: centres,
                                 bounds: Box(x0: left + 2, y0: top + 2, x1: left + plotW - 2, y1: top + plotH - 2))
        // Hollow points first, so a filled point on top of its matched control stays visible.
        for i in points.indices.sorted(by: { (points[$0].hollow ? 0 : 1) < (points[$1].hollow ? 0 : 1) }) {
            let p = points[i]
            let fill = p.hollow ? "#fff" : p.color
            svg += "<g><title>\(escape(p.tooltip))</title>"
            svg += "<circle cx=\"\(formatFixed(centres[i].x, digits: 1))\" cy=\"\(formatFixed(centres[i].y, digits: 1))\" r=\"5.5\" fill=\"\(fill)\" stroke=\"\(p.color)\" stroke-width=\"2\"/>"
            svg += "</g>"
        }
        // Labels last, above every point.
        for (i, p) in points.enumerated() where !p.label.isEmpty {
            guard let label = labels[i] else { continue }
            svg += "<text x=\"\(formatFixed(label.x, digits: 1))\" y=\"\(formatFixed(label.y, digits: 1))\" "
            svg += "text-anchor=\"\(label.anchor)\" class=\"pt\">\(escape(p.label))</text>"
        }
        return svg + "</svg>"
    }

    /// An axis-aligned rectangle in SVG user units.
    struct Box {
        var x0: Double, y0: Double, x1: Double, y1: Double
        func overlap(_ other: Box) -> Double {
            max(0, min(x1, other.x1) - max(x0, other.x0)) * max(0, min(y1, other.y1) - max(y0, other.y0))
        }
        func outside(_ bounds: Box) -> Double {
            let area = (x1 - x0) * (y1 - y0)
            return area - overlap(bounds)
        }
    }

    /// Places each non-empty label next to its point: greedily, in point order, at the first of
    /// eight spots (right, left, above, below, then the diagonals; left first for points in the
    /// right third) that stays inside `bounds` and clears every point and every label placed so
    /// far; when none is free, at the spot with the least overlap.
    /// - Returns: per point, the text anchor position and `text-anchor` value (`nil` for no label).
    /// - Complexity: O(n²) for n points (charts have a handful).
    static func placeLabels(_ labels: [String], at centres: [(x: Double, y: Double)],
                            bounds: Box) -> [(x: Double, y: Double, anchor: String)?] {
        let radius = 7.0, ascent = 8.0, descent = 3.0, gap = 9.0
        var taken = centres.map { Box(x0: $0.x - radius, y0: $0.y - radius, x1: $0.x + radius, y1: $0.y + radius) }
        var placed = [(x: Double, y: Double, anchor: String)?](repeating: nil, count: labels.count)
        for (i, label) in labels.enumerated() where !label.isEmpty {
            let (cx, cy) = centres[i]
            let w = labelWidth(label)
            // (text x, baseline y, anchor) candidates; the box follows from the anchor.
            let right = (cx + gap, cy + 4, "start"), left = (cx - gap, cy + 4, "end")
            let above = (cx, cy - gap - descent, "middle"), below = (cx, cy + gap + ascent, "middle")
            let upRight = (cx + 6, cy - 8, "start"), downRight = (cx + 6, cy + 15, "start")
            let upLeft = (cx - 6, cy - 8, "end"), downLeft = (cx - 6, cy + 15, "end")
            let preferLeft = cx > bounds.x0 + (bounds.x1 - bounds.x0) * 0.67
            let candidates = preferLeft
                ? [left, above, below, upLeft, downLeft, right, upRight, downRight]
                : [right, above, below, upRight, downRight, left, upLeft, downLeft]
            func box(_ c: (Double, Double, String)) -> Box {
                let x0 = c.2 == "start" ? c.0 : c.2 == "end" ? c.0 - w : c.0 - w / 2
                return Box(x0: x0, y0: c.1 - ascent, x1: x0 + w, y1: c.1 + descent)
            }
            var best = candidates[0], bestCost = Double.infinity
            for c in candidates {
                let b = box(c)
                let cost = taken.reduce(0) { $0 + $1.overlap(b) } + 4 * b.outside(bounds)
                if cost < bestCost { (best, bestCost) = (c, cost) }
                if cost == 0 { break }
            }
            placed[i] = (x: best.0, y: best.1, anchor: best.2)
            taken.append(box(best))
        }
        return placed
    }

    /// Grid lines, tick labels and axis titles.
    static func axes(left: Double, top: Double, plotW: Double, plotH: Double, xTicks: [Double]?, yTicks: [Double],
                     px: (Double) -> Double, py: (Double) -> Double, xLabel: String, yLabel: String,
                     height: Double) -> String {
        var svg = ""
        let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
        for t in yTicks {
            let y = formatFixed(py(t), digits: 1)
            svg += "<line x1=\"\(formatFixed(left, digits: 1))\" x2=\"\(formatFixed(left + plotW, digits: 1))\" y1=\"\(y)\" y2=\"\(y)\" class=\"grid\"/>"
            svg += "<text x=\"\(formatFixed(left - 6, digits: 1))\" y=\"\(y)\" dy=\"0.32em\" text-anchor=\"end\" class=\"tick\">\(tickLabel(t, step: yStep))</text>"
        }
        if let xTicks {
            let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
            for t in xTicks {
                let x = formatFixed(px(t), digits: 1)
                svg += "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(formatFixed(top, digits: 1))\" y2=\"\(formatFixed(top + plotH, digits: 1))\" class=\"grid\"/>"
                svg += "<text x=\"\(x)\" y=\"\(formatFixed(top + plotH + 16, digits: 1))\" text-anchor=\"middle\" class=\"tick\">\(tickLabel(t, step: xStep))</text>"
            }
        }
        svg += "<rect x=\"\(formatFixed(left, digits: 1))\" y=\"\(formatFixed(top, digits: 1))\" width=\"\(formatFixed(plotW, digits: 1))\" height=\"\(formatFixed(plotH, digits: 1))\" class=\"frame\"/>"
        svg += "<text x=\"\(formatFixed(left + plotW / 2, digits: 1))\" y=\"\(formatFixed(height - 6, digits: 1))\" text-anchor=\"middle\" class=\"axis\">\(escape(xLabel))</text>"
        svg += "<text transform=\"translate(14 \(formatFixed(top + plotH / 2, digits: 1))) rotate(-90)\" text-anchor=\"middle\" class=\"axis\">\(escape(yLabel))</text>"
        return svg
    }

    /// One series of a grouped bar chart: a value per group (`nil` = missing).
    struct Series {
        var name: String
        var color: String
        var values: [Double?]
    }

    /// Grouped vertical bars. Plain bars start at zero (a bar's length is its value); with
    /// `diverging`, bars grow from a zero line and the range spans the data and zero.
    /// Group labels are horizontal when they fit under their group, otherwise turned (more
    /// steeply for narrow groups), with a bottom margin that fits the longest.
    static func groupedBars(groups: [String], series: [Series], yLabel: String, diverging: Bool,
                            width: Double = 1080, height plotHeight: Double = 220) -> String {
        let left = 52.0, right = 12.0, top = 12.0
        let plotW = width - left - right
        let groupW = plotW / Double(max(1, groups.count))
        let longest = groups.map(labelWidth).max() ?? 0
        // Parallel turned labels are groupW·sin(angle) apart: the gentlest angle leaving 14 px
        // (one line of 11 px text) between them.
        let angle = longest <= groupW - 8 ? 0.0 : groupW * 0.5 >= 14 ? 30.0 : groupW * 0.866 >= 14 ? 60.0 : 90.0
        let sine = angle == 30 ? 0.5 : angle == 60 ? 0.866 : 1.0
        let bottom = angle == 0 ? 26 : 24 + min(110, longest * sine)
        let height = top + plotHeight + bottom
        let plotH = plotHeight
        let values = series.flatMap { $0.values.compactMap { $0 } }.filter(\.isFinite)
        var (y0, y1): (Double, Double)
        if diverging {
            let low = min(0, values.min() ?? 0), high = max(0, values.max() ?? 0)
            (y0, y1) = niceRange(low, high)
        } else {
            let high = values.max() ?? 100
            (y0, y1) = (0, high <= 100 ? min(100, niceRange(0, high).1) : niceRange(0, high).1)
            if y1 <= y0 { y1 = y0 + 1 }
        }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * plotH }
        // Bars at most 48 px wide, each group's cluster centred under its label.
        let barW = max(1, min(48, groupW * 0.8 / Double(max(1, series.count))))
        let clusterW = barW * Double(series.count)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += axes(left: left, top: top, plotW: plotW, plotH: plotH, xTicks: nil, yTicks: ticks(y0, y1),
                    px: { $0 }, py: py, xLabel: "", yLabel: yLabel, height: height)
        let base = diverging ? py(0) : py(y0)
        for (g, group) in groups.enumerated() {
            let gx = left + Double(g) * groupW + (groupW - clusterW) / 2
            for (s, serie) in series.enumerated() {
                guard let v = serie.values[g], v.isFinite else { continue }
                let y = py(max(y0, min(y1, v)))
                let x = gx + Double(s) * barW
                svg += "<rect x=\"\(formatFixed(x, digits: 1))\" y=\"\(formatFixed(min(y, base), digits: 1))\" width=\"\(formatFixed(max(0.5, barW - 1), digits: 1))\" height=\"\(formatFixed(max(0.5, abs(base - y)), digits: 1))\" fill=\"\(serie.color)\">"
                svg += "<title>\(escape(group)) · \(escape(serie.name)): \(signedText(formatFixed(v, digits: 2)))</title></rect>"
            }
            let labelX = formatFixed(left + (Double(g) + 0.5) * groupW, digits: 1)
            if angle == 0 {
                let labelY = formatFixed(top + plotH + 17, digits: 1)
                svg += "<text x=\"\(labelX)\" y=\"\(labelY)\" text-anchor=\"middle\" class=\"tick\">\(escape(group))</text>"
            } else {
                let labelY = formatFixed(top + plotH + 14, digits: 1)
                svg += "<text transform=\"translate(\(labelX) \(labelY)) rotate(-\(Int(angle)))\" text-anchor=\"end\" class=\"tick\">\(escape(group))</text>"
            }
        }
        if diverging {
            svg += "<line x1=\"\(formatFixed(left, digits: 1))\" x2=\"\(formatFixed(left + plotW, digits: 1))\" y1=\"\(formatFixed(py(0), digits: 1))\" y2=\"\(formatFixed(py(0), digits: 1))\" class=\"zero\"/>"
        }
        return svg + "</svg>"
    }

    /// A legend: coloured swatches with names (hollow for controls).
    static func legend(_ items: [(name: String, color: String, hollow: Bool)]) -> String {
        "<div class=\"legend\">" + items.map { item in
            let style = item.hollow ? "background:#fff;border:2px solid \(item.color)" : "background:\(item.color)"
            return "<span><i style=\"\(style)\"></i>\(escape(item.name))</span>"
        }.joined() + "</div>"
    }
}
