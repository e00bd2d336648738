import GAISCore
/// Small inline-SVG charts for the HTML report: no scripts, no external resources.
enum SVGChart {
    /// A categorical palette with good contrast on white (Tableau 10).
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                          "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    static func color(_ index: Int) -> String { palette[index % palette.count] }

    /// Escapes text for HTML and SVG.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Round tick values covering `low...high` (about `count` of them).
    static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard high > low, low.isFinite, high.isFinite else { return [low] }
        let rough = (high - low) / Double(max(1, count))
        var step = 1.0
        while step > rough { step /= 10 }
        while step * 10 <= rough { step *= 10 }
        if step * 5 <= rough { step *= 5 } else if step * 2 <= rough { step *= 2 }
        var values: [Double] = []
        var v = (low / step).rounded(.up) * step
        while v <= high + step * 1e-9 {
            values.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return values
    }

    /// A tick label: as many decimals as the tick step needs.
    static func tickLabel(_ v: Double, step: Double) -> String {
        var digits = 0
        var s = step
        while digits < 4 && abs(s - s.rounded()) > 1e-9 * max(1, abs(s)) {
            s *= 10
            digits += 1
        }
        return formatFixed(v, digits: digits)
    }

    /// Expands `low...high` to round numbers a little beyond the data.
    static func niceRange(_ low: Double, _ high: Double) -> (Double, Double) {
        if !(high > low) { return (low - 1, high + 1) }
        let t = ticks(low, high, count: 5)
        let step = t.count > 1 ? t[1] - t[0] : (high - low)
        return ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step)
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

    /// A scatter plot with labelled points. `xRange` fixes the horizontal axis (e.g. 0…100 %
    /// for reduction rates); labels go left of points in the right third and are nudged apart
    /// vertically so they do not overprint.
    static func scatter(_ points: [Point], xLabel: String, yLabel: String, xRange: (Double, Double)? = nil,
                        width: Double = 460, height: Double = 320) -> String {
        let left = 52.0, right = 16.0, top = 14.0, bottom = 44.0
        let plotW = width - left - right, plotH = height - top - bottom
        let xs = points.map(\.x), ys = points.map(\.y)
        let (x0, x1) = xRange ?? niceRange((xs.min() ?? 0) - 0.5, (xs.max() ?? 100) + 0.5)
        let (y0, y1) = niceRange((ys.min() ?? 0) - 0.5, (ys.max() ?? 100) + 0.5)
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * plotW }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * plotH }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += axes(left: left, top: top, plotW: plotW, plotH: plotH, xTicks: ticks(x0, x1), yTicks: ticks(y0, y1),
                    px: px, py: py, xLabel: xLabel, yLabel: yLabel, height: height)
        // Label positions: left or right of the point, then pushed down to keep 12 px apart
        // from the previous label on the same side.
        var labelY = [Double](repeating: 0, count: points.count)
        var onLeft = [Bool](repeating: false, count: points.count)
        for side in [false, true] {
            let members = points.indices.filter { !points[$0].label.isEmpty && (px(points[$0].x) > left + plotW * 0.67) == side }
                .sorted { py(points[$0].y) < py(points[$1].y) }
            var last = -Double.infinity
            for i in members {
                onLeft[i] = side
                let y = max(py(points[i].y) + 4, last + 12)
                labelY[i] = y
                last = y
            }
        }
        for (i, p) in points.enumerated() {
            let cx = formatFixed(px(p.x), digits: 1), cy = formatFixed(py(p.y), digits: 1)
            let fill = p.hollow ? "#fff" : p.color
            svg += "<g><title>\(escape(p.tooltip))</title>"
            svg += "<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"5.5\" fill=\"\(fill)\" stroke=\"\(p.color)\" stroke-width=\"2\"/>"
            if !p.label.isEmpty {
                let x = onLeft[i] ? px(p.x) - 9 : px(p.x) + 9
                svg += "<text x=\"\(formatFixed(x, digits: 1))\" y=\"\(formatFixed(labelY[i], digits: 1))\" "
                svg += "text-anchor=\"\(onLeft[i] ? "end" : "start")\" class=\"pt\">\(escape(p.label))</text>"
            }
            svg += "</g>"
        }
        return svg + "</svg>"
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

    /// Grouped vertical bars; with `diverging`, bars grow from zero and the range is symmetric.
    static func groupedBars(groups: [String], series: [Series], yLabel: String, diverging: Bool,
                            width: Double = 920, height plotHeight: Double = 220) -> String {
        // Group labels are turned more steeply when groups are narrow; the bottom margin grows
        // with the longest label so nothing is cut off.
        let angle = groups.count <= 10 ? 30.0 : 60.0
        let longest = Double(groups.map(\.count).max() ?? 0)
        let bottom = 24 + min(110, longest * 6.2 * (angle == 30 ? 0.5 : 0.866))
        let left = 52.0, right = 12.0, top = 12.0
        let height = top + plotHeight + bottom
        let plotW = width - left - right, plotH = height - top - bottom
        let values = series.flatMap { $0.values.compactMap { $0 } }
        var (y0, y1): (Double, Double)
        if diverging {
            let extent = max(1, values.map { abs($0) }.max() ?? 1)
            (y0, y1) = niceRange(-extent, extent)
            let m = max(-y0, y1)
            (y0, y1) = (-m, m)
        } else {
            let low = values.min() ?? 0, high = values.max() ?? 100
            (y0, y1) = niceRange(max(0, low - 5), min(100, high + 2))
            if y1 <= y0 { y1 = y0 + 1 }
        }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * plotH }
        let groupW = plotW / Double(max(1, groups.count))
        let barW = max(1, groupW * 0.8 / Double(max(1, series.count)))
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += axes(left: left, top: top, plotW: plotW, plotH: plotH, xTicks: nil, yTicks: ticks(y0, y1),
                    px: { $0 }, py: py, xLabel: "", yLabel: yLabel, height: height)
        let base = diverging ? py(0) : py(y0)
        for (g, group) in groups.enumerated() {
            let gx = left + Double(g) * groupW + groupW * 0.1
            for (s, serie) in series.enumerated() {
                guard let v = serie.values[g], v.isFinite else { continue }
                let y = py(max(y0, min(y1, v)))
                let x = gx + Double(s) * barW
                svg += "<rect x=\"\(formatFixed(x, digits: 1))\" y=\"\(formatFixed(min(y, base), digits: 1))\" width=\"\(formatFixed(max(0.5, barW - 1), digits: 1))\" height=\"\(formatFixed(max(0.5, abs(base - y)), digits: 1))\" fill=\"\(serie.color)\">"
                svg += "<title>\(escape(group)) · \(escape(serie.name)): \(formatFixed(v, digits: 2))</title></rect>"
            }
            let labelX = formatFixed(left + (Double(g) + 0.5) * groupW, digits: 1)
            let labelY = formatFixed(top + plotH + 14, digits: 1)
            svg += "<text transform=\"translate(\(labelX) \(labelY)) rotate(-\(Int(angle)))\" text-anchor=\"end\" class=\"tick\">\(escape(group))</text>"
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
