import Foundation
import GAISCore
import Testing
@testable import GAISReports
import GAISEvaluation

/// The layout rules of the report charts, checked on their numbers rather than on pixels
/// (the pictures themselves were checked in headless Chromium).
@Suite struct SVGChartTests {
    @Test(arguments: [(72.3, 85.9), (-1.25, 3.2), (-3.7, 10.4), (0, 100), (0.12, 0.31), (55.0, 55.5)])
    func niceRangeEndsOnTicks(low: Double, high: Double) {
        let (a, b) = SVGChart.niceRange(low, high)
        #expect(a <= low + 1e-9 && b >= high - 1e-9, "(\(low), \(high)) → (\(a), \(b))")
        let ticks = SVGChart.ticks(a, b)
        #expect(ticks.count >= 3, "\(ticks)")
        #expect(abs(ticks.first! - a) < 1e-9 && abs(ticks.last! - b) < 1e-9, "(\(low), \(high)) → (\(a), \(b)), ticks \(ticks)")
    }

    @Test func negativeTicksUseAMinusSign() {
        #expect(SVGChart.tickLabel(-2, step: 1) == "\u{2212}2")
        #expect(SVGChart.tickLabel(0.5, step: 0.5) == "0.5")
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func labelsClearEachOtherAndThePoints(seed: UInt64) throws {
        // Six labelled points in a 120 × 80 patch of a 300 × 250 plot: crowded, but with room.
        var generator = SeededGenerator(seed: seed)
        let bounds = SVGChart.Box(x0: 0, y0: 0, x1: 300, y1: 250)
        let centres = (0..<6).map { _ in
            (x: 90 + Double(generator.nextInt(below: 120)), y: 85 + Double(generator.nextInt(below: 80)))
        }
        let labels = ["full", "gais", "random", "enn", "cnn", "allknn"]
        let placed = SVGChart.placeLabels(labels, at: centres, bounds: bounds)
        var boxes: [SVGChart.Box] = []
        for (i, p) in placed.enumerated() {
            let spot = try #require(p)
            let w = SVGChart.labelWidth(labels[i])
            let x0 = spot.anchor == "start" ? spot.x : spot.anchor == "end" ? spot.x - w : spot.x - w / 2
            let box = SVGChart.Box(x0: x0, y0: spot.y - 8, x1: x0 + w, y1: spot.y + 3)
            #expect(box.outside(bounds) == 0, "seed \(seed): \(labels[i]) leaves the plot")
            for (j, c) in centres.enumerated() {
                let dot = SVGChart.Box(x0: c.x - 5.5, y0: c.y - 5.5, x1: c.x + 5.5, y1: c.y + 5.5)
                #expect(box.overlap(dot) == 0, "seed \(seed): label \(labels[i]) covers point \(j)")
            }
            for (j, other) in boxes.enumerated() {
                #expect(box.overlap(other) == 0, "seed \(seed): labels \(labels[i]) and \(labels[j]) overlap")
            }
            boxes.append(box)
        }
        // Empty labels get no spot.
        #expect(SVGChart.placeLabels(["", "a"], at: [(x: 10, y: 10), (x: 50, y: 50)], bounds: bounds)[0] == nil)
    }

    @Test func groupLabelsTurnOnlyWhenTheyDoNotFit() {
        let series = [SVGChart.Series(name: "m", color: "#4e79a7", values: [50, 60, 70])]
        let short = SVGChart.groupedBars(groups: ["iris", "wine", "pima"], series: series, yLabel: "accuracy (%)", diverging: false)
        // Only the y-axis title is turned.
        #expect(short.components(separatedBy: "rotate(").count == 2)
        let names = (0..<60).map { "dataset-number-\($0)" }
        let many = SVGChart.groupedBars(groups: names, series: [SVGChart.Series(name: "m", color: "#000000", values: names.map { _ in 50 })],
                                        yLabel: "accuracy (%)", diverging: false)
        // 60 groups of 17 px: turned 30° they would be 8 px apart, so 60°.
        #expect(many.components(separatedBy: "rotate(-60)").count == 61)
    }

    @Test func accuracyBarsStartAtZero() {
        let series = [SVGChart.Series(name: "m", color: "#4e79a7", values: [91, 95, 97])]
        let svg = SVGChart.groupedBars(groups: ["a", "b", "c"], series: series, yLabel: "accuracy (%)", diverging: false)
        #expect(svg.contains("class=\"tick\">0</text>"))
        #expect(svg.contains("class=\"tick\">100</text>"))
        // A diverging chart spans the data and zero, not a symmetric range.
        let delta = SVGChart.groupedBars(groups: ["a", "b"], series: [SVGChart.Series(name: "m", color: "#4e79a7", values: [10.5, -3.2])],
                                         yLabel: "Δ", diverging: true)
        #expect(delta.contains(">12</text>") && delta.contains(">\u{2212}4</text>") && !delta.contains(">\u{2212}12</text>"))
    }

    @Test func shadesRunFromDarkToLight() {
        let tones = SVGChart.shades(of: "#4e79a7", count: 4)
        #expect(tones.count == 4)
        func brightness(_ hex: String) -> Int {
            let digits = Array(hex.dropFirst())
            return stride(from: 0, to: 6, by: 2).map { Int(String(digits[$0..<$0 + 2]), radix: 16)! }.reduce(0, +)
        }
        #expect(tones.allSatisfy { $0.count == 7 && $0.hasPrefix("#") })
        #expect(zip(tones, tones.dropFirst()).allSatisfy { brightness($0) < brightness($1) }, "\(tones)")
        #expect(SVGChart.shades(of: "#4e79a7", count: 1) == ["#4e79a7"])
    }
}
