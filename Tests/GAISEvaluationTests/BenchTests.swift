import Foundation
import GAISCore
import Testing
@testable import GAISEvaluation
import GAISReports

/// Keeps every third row of each class (at least one): a deterministic stand-in selector.
struct EveryThirdSelector: InstanceSelector {
    static let methodName = "every-third"
    var step = 3
    static var parameterTable: ParameterTable<Self> {
        ParameterTable([.integer("step", \.step, min: 1, valueName: "n", help: "Keep every n-th row.")])
    }
    func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        var kept: [Int] = []
        for rows in data.rowsByClass where !rows.isEmpty {
            kept += stride(from: 0, to: rows.count, by: step).map { rows[$0] }
        }
        return SelectorOutput(indices: kept)
    }
}

/// A seeded 10 % stratified sample named `random`, which gets no matched-random row.
struct TenPercentRandom: InstanceSelector {
    static let methodName = "random"
    var size = SubsetSize.keepRatio(0.1)
    static var parameterTable: ParameterTable<Self> { ParameterTable(Parameter.sizes(\.size)) }
    func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        let counts = size.quotas(classCounts: data.classCounts)
        return SelectorOutput(indices: Bench.matchedRandomSubset(of: data, counts: counts, seed: seed))
    }
}

struct FailingSelector: InstanceSelector {
    static let methodName = "failing"
    static var parameterTable: ParameterTable<Self> { ParameterTable([]) }
    func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        throw GAISError.invalidInput("nothing to keep")
    }
}

@Suite struct BenchTests {
    static let classifiers: [ClassifierName] = [.kNearestNeighbors(k: 1), .naiveBayes, .tree]

    static func runSmallBench() throws -> BenchReport {
        let datasets = [
            (name: "blobs-a", data: TestData.blobs(classes: 3, perClass: 30, dimension: 3, spread: 1.0, seed: 1)),
            (name: "blobs-b", data: TestData.blobs(classes: 2, perClass: 40, dimension: 2, spread: 1.5, seed: 2)),
        ]
        let methods: [(name: String, selector: any InstanceSelector)] = [
            ("every-third", EveryThirdSelector()), ("random", TenPercentRandom()),
        ]
        var lines: [String] = []
        let report = try Bench.run(datasets: datasets, methods: methods, classifiers: classifiers, folds: 5, seed: 7) {
            lines.append($0)
        }
        #expect(lines.count == 2 * 5 * 3)
        return report
    }

    @Test func matchedRandomSubsetHasTheSamePerClassCounts() {
        let data = TestData.blobs(classes: 4, perClass: 25, dimension: 2, spread: 1, seed: 5)
        let counts = [3, 0, 25, 7]
        let subset = Bench.matchedRandomSubset(of: data, counts: counts, seed: Seed(42))
        #expect(data.subset(subset).classCounts == counts)
        #expect(subset == subset.sorted() && Set(subset).count == subset.count)
        #expect(Bench.matchedRandomSubset(of: data, counts: counts, seed: Seed(42)) == subset)
        #expect(Bench.matchedRandomSubset(of: data, counts: counts, seed: Seed(43)) != subset)
    }

    @Test func benchProducesFullMethodAndMatchedRows() throws {
        let report = try Self.runSmallBench()
        #expect(report.rows.map(\.method) == ["full", "every-third", "matched-random:every-third", "random",
                                               "full", "every-third", "matched-random:every-third", "random"])
        for row in report.rows {
            #expect(row.folds == 5)
            #expect(Set(row.accuracy.keys) == ["knn1", "nb", "tree"])
            for c in ["knn1", "nb", "tree"] {
                #expect(row.foldAccuracy[c]?.count == 5)
                #expect((0...1).contains(row.accuracy[c]!))
                #expect(abs(row.effectiveness[c]! - row.accuracy[c]! * row.reductionRate) < 1e-12)
            }
        }
        let full = report.rows[0], selected = report.rows[1], matched = report.rows[2]
        #expect(full.reductionRate == 0)
        // Matched random keeps exactly as many rows as the method in every fold.
        #expect(matched.foldReductionRate == selected.foldReductionRate)
        #expect(matched.keptRows == selected.keptRows)
        #expect(abs(selected.reductionRate - 2.0 / 3.0) < 0.05)
        // Summary: averages for all four method names, ranks for full and the two methods.
        #expect(report.summary.averages.map(\.method) == ["full", "every-third", "matched-random:every-third", "random"])
        #expect(report.summary.ranks.map(\.method) == ["full", "every-third", "random"])
        let rankTotal = report.summary.ranks.reduce(0) { $0 + $1.overall }
        #expect(abs(rankTotal - 6) < 1e-9)  // 1 + 2 + 3 on every (dataset, classifier)
        let comparisons = report.summary.comparisons.filter { $0.method == "every-third" }
        #expect(comparisons.map(\.classifier) == ["knn1", "nb", "tree", "all"])
        for c in comparisons.dropLast() { #expect(c.wins + c.ties + c.losses == 2) }
        #expect(comparisons.last.map { $0.wins + $0.ties + $0.losses } == 6)
        #expect(!report.summary.comparisons.contains { $0.method == "random" })
    }

    @Test func benchIsDeterministic() throws {
        let a = try Self.runSmallBench(), b = try Self.runSmallBench()
        #expect(a.rows.map(\.foldAccuracy) == b.rows.map(\.foldAccuracy))
    }

    @Test func benchNamesTheFailingStep() {
        let data = TestData.blobs(classes: 2, perClass: 10, dimension: 2, spread: 1, seed: 3)
        do {
            _ = try Bench.run(datasets: [("tiny", data)], methods: [("failing", FailingSelector())],
                              classifiers: [.naiveBayes], folds: 2)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("tiny, fold 1, method failing: nothing to keep"))
        }
        #expect(throws: GAISError.self) {
            try Bench.run(datasets: [("tiny", data)], methods: [("full", EveryThirdSelector())], classifiers: [.naiveBayes])
        }
    }

    @Test func jsonParsesBackWithTheRequiredKeys() throws {
        let report = try Self.runSmallBench()
        let text = report.json()
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let root = try #require(object)
        #expect(Set(root.keys) == ["results", "summary", "config"])
        let results = try #require(root["results"] as? [[String: Any]])
        #expect(results.count == report.rows.count)
        for key in ["dataset", "method", "folds", "reduction_rate", "selection_seconds", "accuracy", "accuracy_sd",
                    "macro_f1", "macro_f1_sd", "effectiveness", "training_seconds", "fold_accuracy"] {
            #expect(results[0][key] != nil, "missing \(key)")
        }
        let accuracy = try #require(results[1]["accuracy"] as? [String: Double])
        #expect(abs(accuracy["knn1"]! - report.rows[1].accuracy["knn1"]!) < 1e-12)
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(Set(summary.keys) == ["averages", "average_rank", "matched_random"])
        let config = try #require(root["config"] as? [String: Any])
        #expect(config["classifiers"] as? [String] == ["knn1", "nb", "tree"])
        #expect(config["folds"] as? Int == 5)
    }

    @Test func jsonEscapesStrings() throws {
        let value = JSONValue.object([("a\"b", .string("line\nbreak\t\\ \u{1}")), ("n", .number(.nan)),
                                      ("x", .array([.number(0.1), .number(3), .bool(true), .null]))])
        let parsed = try JSONSerialization.jsonObject(with: Data(value.text().utf8)) as? [String: Any]
        #expect(parsed?["a\"b"] as? String == "line\nbreak\t\\ \u{1}")
        #expect(parsed?["n"] is NSNull)
        #expect((parsed?["x"] as? [Any])?.count == 4)
    }

    @Test func textWritersCoverEveryRow() throws {
        let report = try Self.runSmallBench()
        let csv = report.csv().split(separator: "\n")
        #expect(csv.count == report.rows.count + 1)
        #expect(csv[0].hasPrefix("dataset,method,kind,folds,kept_rows,reduction_rate"))
        #expect(csv.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 8 + 6 * 3 })
        let markdown = report.markdown()
        #expect(markdown.contains("| blobs-b | matched-random:every-third |"))
        #expect(markdown.contains("## Against a random subset of the same size per class"))
        let html = report.html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg") && html.contains("</html>"))
        // Self-contained: nothing fetched (the SVG namespace URI is a name, not a request).
        for fetch in ["<link", "<script", "src=", "@import", "url(", "<img"] { #expect(!html.contains(fetch), "\(fetch)") }
        // Balanced tags for the elements the writer opens.
        for tag in ["section", "table", "svg", "figure"] {
            #expect(html.components(separatedBy: "<\(tag)").count == html.components(separatedBy: "</\(tag)>").count, "\(tag)")
        }
    }
}
