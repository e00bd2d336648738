import Foundation
import Testing

/// `gais select --weights` and `--keep auto`, `gais evaluate --weights`, `gais bench --weighted`
/// and `--keep auto` (the built binary).
@Suite struct WeightsCommandTests {
    @Test func selectWritesWeightsThatSumToTheRows() throws {
        let dir = try scratchDirectory()
        let weights = dir.appendingPathComponent("w.txt").path
        let indices = dir.appendingPathComponent("i.txt").path
        let output = dir.appendingPathComponent("kept.csv").path
        for method in ["prototypes", "facility"] {
            let r = try gais(["select", dataset("iris.csv"), "--method", method, "--keep-ratio", "0.1",
                              "--weights", weights, "--indices", indices, "--output", output])
            #expect(r.status == 0, "\(r.stderr)")
            let w = try String(contentsOfFile: weights, encoding: .utf8).split(separator: "\n").map { Int($0)! }
            let i = try String(contentsOfFile: indices, encoding: .utf8).split(separator: "\n")
            #expect(w.count == i.count && w.count == 15)
            #expect(w.reduce(0, +) == 150)
            // The weights train the classifiers of gais evaluate, aligned with --output.
            let e = try gais(["evaluate", output, "--test", dataset("iris.csv"), "--weights", weights])
            #expect(e.status == 0, "\(e.stderr)")
            #expect(e.stdout.contains("(weighted by \(weights))"))
        }
        // The weights file is an output like the others: not the input, not another output.
        let same = try gais(["select", dataset("iris.csv"), "--weights", indices, "--indices", indices])
        #expect(same.status == 64)
        // A classifier without weights is a usage mistake; a bad weight is bad data.
        let nb = try gais(["evaluate", output, "--test", dataset("iris.csv"), "--weights", weights, "--classifiers", "nb"])
        #expect(nb.status == 64 && nb.stderr.contains("does not train with weights"), "\(nb.stderr)")
        let bad = try write("1\n0\n", "bad.txt", in: dir)
        let zero = try gais(["evaluate", output, "--test", dataset("iris.csv"), "--weights", bad])
        #expect(zero.status == 1 && zero.stderr.contains("\(bad):2: expected a positive weight"), "\(zero.stderr)")
    }

    @Test func keepAutoReportsItsCurve() throws {
        let dir = try scratchDirectory()
        let report = dir.appendingPathComponent("r.json").path
        let r = try gais(["select", dataset("iris.csv"), "--method", "prototypes", "--keep", "auto",
                          "--tolerance", "0.02", "--report", report])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try jsonObject(atPath: report)
        let auto = try #require(json["keep_auto"] as? [String: Any])
        let ratio = try #require(jsonNumber(auto["chosen_keep_ratio"]))
        #expect((json["parameters"] as? [String: Any])?["keep-ratio"] as? String == "\(ratio)")
        let curve = try #require(auto["curve"] as? [[String: Any]])
        #expect(curve.contains { jsonNumber($0["keep_ratio"]) == ratio && $0["within_tolerance"] as? Bool == true })
        #expect(jsonNumber(auto["tolerance"]) == 0.02)
        // Usage mistakes: a method without a size, --tolerance without auto, a second size.
        #expect(try gais(["select", dataset("iris.csv"), "--method", "enn", "--keep", "auto"]).status == 64)
        #expect(try gais(["select", dataset("iris.csv"), "--tolerance", "0.1"]).status == 64)
        #expect(try gais(["select", dataset("iris.csv"), "--keep", "auto", "--keep-ratio", "0.1"]).status == 64)
        #expect(try gais(["select", dataset("iris.csv"), "--keep", "auto", "--classifier", "knn0"]).status == 64)
    }

    @Test func benchScoresWeightedRowsAndKeepAuto() throws {
        let dir = try scratchDirectory()
        let json = dir.appendingPathComponent("b.json").path
        let r = try gais(["bench", dataset("iris.csv"), "--methods", "prototypes,random", "--folds", "3",
                          "--weighted", "--keep", "auto", "--json", json])
        #expect(r.status == 0, "\(r.stderr)")
        let results = try #require(try jsonObject(atPath: json)["results"] as? [[String: Any]])
        #expect(results.map { $0["method"] as? String ?? "" }
                == ["full", "prototypes", "prototypes+weights", "matched-random:prototypes", "random", "random+weights"])
        let search = try #require(results[1]["keep_auto"] as? [String: Any])
        #expect((search["fold_chosen_keep_ratio"] as? [Any])?.count == 3)
        #expect((search["fold_promise_kept"] as? [Any])?.count == 3)
        #expect(try gais(["bench", dataset("iris.csv"), "--weighted", "--classifiers", "knn1,nb"]).status == 64)
        #expect(try gais(["bench", dataset("iris.csv"), "--keep", "half"]).status == 64)
    }
}
