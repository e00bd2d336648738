import Foundation
import Testing

/// A JSON number as `Double`, whether Foundation parsed it as an integer or not.
func jsonNumber(_ value: Any?) -> Double? {
    (value as? NSNumber)?.doubleValue
}

/// Parses a JSON file written by `gais` into an object.
func jsonObject(atPath path: String) throws -> [String: Any] {
    let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
    return try #require(parsed as? [String: Any], "\(path) is not a JSON object")
}

/// The JSON tree with every member whose key names a time (`…seconds…`) removed, re-serialised
/// with sorted keys: two runs with the same seed must give the same bytes.
func jsonWithoutTimings(atPath path: String) throws -> Data {
    func strip(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            var kept: [String: Any] = [:]
            for (key, member) in object where !key.contains("seconds") { kept[key] = strip(member) }
            return kept
        }
        if let array = value as? [Any] { return array.map(strip) }
        return value
    }
    let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
    return try JSONSerialization.data(withJSONObject: strip(parsed), options: [.sortedKeys])
}

/// End-to-end tests of `gais bench`: the built binary on two small bundled datasets, with cheap
/// selectors (random, enn), cheap classifiers (knn1, nb) and 3 folds, so each run takes well
/// under a second.
@Suite struct BenchCommandTests {
    static let classifiers = ["knn1", "nb"]

    /// `gais bench iris wine --methods random,enn --classifiers knn1,nb --folds 3 …` plus the
    /// given extra arguments.
    func bench(_ extra: [String]) throws -> RunResult {
        try gais(["bench", dataset("iris.csv"), dataset("wine.csv"), "--methods", "random,enn",
                  "--classifiers", BenchCommandTests.classifiers.joined(separator: ","), "--folds", "3"] + extra)
    }

    @Test func writesEveryReportFormatWithTheDocumentedLayout() throws {
        let dir = try scratchDirectory()
        let paths = ["json", "md", "csv", "html"].map { dir.appendingPathComponent("bench.\($0)").path }
        let r = try bench(["--seed", "3", "--json", paths[0], "--markdown", paths[1], "--csv", paths[2], "--html", paths[3]])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty, "with report files nothing goes to stdout")
        for path in paths { #expect(FileManager.default.fileExists(atPath: path), "\(path) missing") }

        let json = try jsonObject(atPath: paths[0])
        let results = try #require(json["results"] as? [[String: Any]])
        // Per dataset: full, random, enn, matched-random:enn (random has no matched twin).
        let expectedMethods = ["full", "random", "enn", "matched-random:enn"]
        for name in ["iris", "wine"] {
            let methods = results.filter { $0["dataset"] as? String == name }.compactMap { $0["method"] as? String }
            #expect(methods == expectedMethods, "\(name): \(methods)")
        }
        #expect(results.count == 8)
        for row in results {
            let label = "\(row["dataset"] ?? "?")/\(row["method"] ?? "?")"
            #expect(jsonNumber(row["folds"]) == 3, "\(label)")
            let reduction = try #require(jsonNumber(row["reduction_rate"]), "\(label): reduction_rate")
            #expect(reduction >= 0 && reduction < 1, "\(label): reduction rate \(reduction)")
            let seconds = try #require(jsonNumber(row["selection_seconds"]), "\(label): selection_seconds")
            #expect(seconds >= 0, "\(label)")
            for key in ["accuracy", "accuracy_sd", "macro_f1"] {
                let perClassifier = try #require(row[key] as? [String: Any], "\(label): \(key)")
                #expect(perClassifier.keys.sorted() == BenchCommandTests.classifiers, "\(label): \(key)")
                for (classifier, value) in perClassifier {
                    let v = try #require(jsonNumber(value), "\(label): \(key).\(classifier)")
                    #expect(v >= 0 && v <= 1, "\(label): \(key).\(classifier) = \(v)")
                }
            }
            let foldAccuracy = try #require(row["fold_accuracy"] as? [String: [Any]], "\(label): fold_accuracy")
            #expect(foldAccuracy["knn1"]?.count == 3, "\(label)")
            // The mean is the mean of the per-fold values.
            let folds = (foldAccuracy["knn1"] ?? []).compactMap(jsonNumber)
            let mean = jsonNumber((row["accuracy"] as? [String: Any])?["knn1"]) ?? -1
            #expect(abs(folds.reduce(0, +) / 3 - mean) < 1e-9, "\(label)")
        }
        let full = try #require(results.first { $0["method"] as? String == "full" })
        #expect(jsonNumber(full["reduction_rate"]) == 0)
        #expect(jsonNumber(full["selection_seconds"]) == 0)
        #expect(full["kind"] as? String == "full")
        // random keeps ~4 %: at least 90 % of the training rows go.
        let random = try #require(results.first { $0["method"] as? String == "random" })
        #expect((jsonNumber(random["reduction_rate"]) ?? 0) > 0.9)
        // The matched random subset keeps exactly as many rows as the method it shadows.
        for name in ["iris", "wine"] {
            let enn = try #require(results.first { $0["dataset"] as? String == name && $0["method"] as? String == "enn" })
            let twin = try #require(results.first { $0["dataset"] as? String == name && $0["method"] as? String == "matched-random:enn" })
            #expect(twin["kind"] as? String == "matched-random" && twin["compared_to"] as? String == "enn")
            #expect(jsonNumber(twin["kept_rows"]) == jsonNumber(enn["kept_rows"]), "\(name)")
            #expect(jsonNumber(twin["reduction_rate"]) == jsonNumber(enn["reduction_rate"]), "\(name)")
        }

        let summary = try #require(json["summary"] as? [String: Any])
        let averages = try #require(summary["averages"] as? [[String: Any]])
        #expect(averages.compactMap { $0["method"] as? String } == expectedMethods)
        #expect(averages.allSatisfy { jsonNumber($0["datasets"]) == 2 })
        #expect(summary["average_rank"] != nil)

        let config = try #require(json["config"] as? [String: Any])
        #expect(jsonNumber(config["folds"]) == 3)
        #expect(jsonNumber(config["seed"]) == 3)
        #expect(config["classifiers"] as? [String] == BenchCommandTests.classifiers)
        let datasets = try #require(config["datasets"] as? [[String: Any]])
        #expect(datasets.compactMap { $0["name"] as? String } == ["iris", "wine"])
        #expect(datasets.compactMap { jsonNumber($0["rows"]) } == [150, 178])
        #expect((config["methods"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["random", "enn"])

        // CSV: a header and one line per result, dataset and method first.
        let csv = try String(contentsOfFile: paths[2], encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 9)
        #expect(csv.first?.hasPrefix("dataset,method,") == true)
        #expect(csv.first?.contains("accuracy_knn1") == true && csv.first?.contains("macro_f1_nb") == true)
        #expect(csv.dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") }
                == ["iris", "wine"].flatMap { d in expectedMethods.map { "\(d),\($0)" } })

        let markdown = try String(contentsOfFile: paths[1], encoding: .utf8)
        #expect(markdown.hasPrefix("# "))
        for method in expectedMethods { #expect(markdown.contains("| iris | \(method) |"), "\(method)") }

        let html = try String(contentsOfFile: paths[3], encoding: .utf8)
        #expect(html.lowercased().hasPrefix("<!doctype html>"))
        #expect(html.contains("<svg") && html.contains("</html>"))
        #expect(html.contains("matched-random:enn"))
    }

    @Test func sameSeedGivesTheSameReportApartFromTimes() throws {
        let dir = try scratchDirectory()
        let first = dir.appendingPathComponent("first.json").path
        let second = dir.appendingPathComponent("second.json").path
        let other = dir.appendingPathComponent("other.json").path
        #expect(try bench(["--seed", "11", "--json", first]).status == 0)
        #expect(try bench(["--seed", "11", "--json", second, "--threads", "1"]).status == 0)
        #expect(try bench(["--seed", "12", "--json", other]).status == 0)
        #expect(try jsonWithoutTimings(atPath: first) == jsonWithoutTimings(atPath: second))
        // Another seed, other folds and subsets.
        #expect(try jsonWithoutTimings(atPath: first) != jsonWithoutTimings(atPath: other))
    }

    @Test func withoutReportFilesMarkdownGoesToStdout() throws {
        let r = try bench([])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("| wine | matched-random:enn |"))
    }

    @Test(arguments: [
        ["--folds", "1"],
        ["--classifiers", "knn0,xyz"],
        ["--classifiers", "xyz"],
        ["--methods", "random,bogus"],
        ["--methods", ","],
        ["--keep-ratio", "0"],
        ["--threads", "0"],
    ])
    func usageMistakesExit64AndWriteNothing(arguments: [String]) throws {
        let dir = try scratchDirectory()
        let out = dir.appendingPathComponent("bench.json").path
        let r = try gais(["bench", dataset("iris.csv"), "--json", out] + arguments)
        #expect(r.status == 64, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains("Usage:"), "\(arguments): \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func badDatasetExitsOneWithFileAndLineAndLeavesNoReports() throws {
        let dir = try scratchDirectory()
        let ragged = try write("a,b,c\n1,2,x\n3,y\n", "ragged.csv", in: dir)
        let paths = ["json", "md", "csv", "html"].map { dir.appendingPathComponent("bench.\($0)").path }
        // The good dataset comes first: nothing may be written before every input is read.
        let r = try gais(["bench", dataset("iris.csv"), ragged, "--methods", "random", "--classifiers", "knn1",
                          "--folds", "3", "--json", paths[0], "--markdown", paths[1], "--csv", paths[2], "--html", paths[3]])
        #expect(r.status == 1)
        #expect(r.stderr == "error: \(ragged):3: expected 3 fields, found 2\n", "\(r.stderr)")
        for path in paths { #expect(!FileManager.default.fileExists(atPath: path), "\(path) was written") }
        let missing = try gais(["bench", dir.appendingPathComponent("nope.csv").path, "--folds", "3"])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("error: ") && missing.stderr.contains("nope.csv"))
    }
}
