import Foundation
import Testing

/// End-to-end tests of `gais evaluate` (the built binary) in its three modes: a separate test
/// table, `--folds k`, and `--folds-file`. The tiny one-feature tables are checked by hand: min-max
/// scaling is monotone in one dimension, so 1-NN picks the nearest raw value.
@Suite struct EvaluateCommandTests {
    /// Training rows: class a at 0 and 1, class b at 10 and 11.
    static let train = "0,a\n1,a\n10,b\n11,b\n"

    @Test func testTableScoresMatchHandCounts() throws {
        let dir = try scratchDirectory()
        let train = try write(EvaluateCommandTests.train, "train.csv", in: dir)
        // 0.4 → 0 (a, right), 9 → 10 (b, right), 4 → 1 (a, wrong: it is b).
        let test = try write("0.4,a\n9,b\n4,b\n", "test.csv", in: dir)
        let out = dir.appendingPathComponent("scores.json").path
        let r = try gais(["evaluate", train, "--no-header", "--test", test, "--classifiers", "knn1,nb", "--json", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let json = try jsonObject(atPath: out)
        #expect(json["classifiers"] as? [String] == ["knn1", "nb"])
        let accuracy = try #require(json["accuracy"] as? [String: Any])
        let f1 = try #require(json["macro_f1"] as? [String: Any])
        #expect(abs((jsonNumber(accuracy["knn1"]) ?? -1) - 2.0 / 3.0) < 1e-12)
        // F1(a) = 2·1/(2·1 + 1 + 0) = 2/3, F1(b) = 2·1/(2·1 + 0 + 1) = 2/3.
        #expect(abs((jsonNumber(f1["knn1"]) ?? -1) - 2.0 / 3.0) < 1e-12)
        #expect((json["training_seconds"] as? [String: Any])?.keys.sorted() == ["knn1", "nb"])

        // A test class the training table lacks is never predicted and counts with F1 = 0:
        // F1 = (2/3 + 1 + 0) / 3 = 5/9.
        let unseen = try write("0.4,a\n9,b\n4,c\n", "unseen.csv", in: dir)
        let unseenOut = dir.appendingPathComponent("unseen.json").path
        #expect(try gais(["evaluate", train, "--no-header", "--test", unseen, "--classifiers", "knn1", "--json", unseenOut]).status == 0)
        let unseenF1 = try #require(jsonObject(atPath: unseenOut)["macro_f1"] as? [String: Any])
        #expect(abs((jsonNumber(unseenF1["knn1"]) ?? -1) - 5.0 / 9.0) < 1e-12)

        // Without --json: a table on stdout.
        let table = try gais(["evaluate", train, "--no-header", "--test", test, "--classifiers", "knn1"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("trained on 4 rows, tested on 3 rows"))
        #expect(table.stdout.contains("knn1             66.67       66.67"), "\(table.stdout)")

        // A test table with another number of features is bad data.
        let wide = try write("0.4,1,a\n", "wide.csv", in: dir)
        let bad = try gais(["evaluate", train, "--no-header", "--test", wide, "--classifiers", "knn1"])
        #expect(bad.status == 1)
        #expect(bad.stderr == "error: \(wide): 2 feature columns, expected 1 as in the training data\n", "\(bad.stderr)")
    }

    @Test func stratifiedFoldsOnIris() throws {
        let dir = try scratchDirectory()
        let first = dir.appendingPathComponent("first.json").path
        let second = dir.appendingPathComponent("second.json").path
        let arguments = ["evaluate", dataset("iris.csv"), "--folds", "3", "--classifiers", "knn1,nb", "--seed", "7", "--json"]
        #expect(try gais(arguments + [first]).status == 0)
        #expect(try gais(arguments + [second]).status == 0)
        #expect(try jsonWithoutTimings(atPath: first) == jsonWithoutTimings(atPath: second))
        let json = try jsonObject(atPath: first)
        #expect(jsonNumber(json["folds"]) == 3)
        #expect(json["classifiers"] as? [String] == ["knn1", "nb"])
        let folds = try #require(json["fold_accuracy"] as? [String: [Any]])
        let accuracy = try #require(json["accuracy"] as? [String: Any])
        for name in ["knn1", "nb"] {
            let values = (folds[name] ?? []).compactMap(jsonNumber)
            #expect(values.count == 3, "\(name)")
            #expect(abs(values.reduce(0, +) / 3 - (jsonNumber(accuracy[name]) ?? -1)) < 1e-12, "\(name)")
            // Both are above 90 % on iris whatever the folds.
            #expect(values.allSatisfy { $0 > 0.85 }, "\(name): \(values)")
        }
        for key in ["accuracy_sd", "macro_f1", "macro_f1_sd", "training_seconds", "fold_macro_f1"] {
            #expect(json[key] != nil, "no \(key)")
        }
        let table = try gais(["evaluate", dataset("iris.csv"), "--folds", "3", "--classifiers", "knn1,nb"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("3-fold cross-validation on 150 rows"))
        #expect(table.stdout.contains("\nknn1 ") && table.stdout.contains("\nnb "))
    }

    @Test func givenFoldsAreUsedAsWritten() throws {
        let dir = try scratchDirectory()
        // Leave-one-out by hand: 0 ↔ 1 and 10 ↔ 11 find their own class; 4 (b) is nearest to 1 (a).
        let data = try write("0,a\n1,a\n10,b\n11,b\n4,b\n", "loo.csv", in: dir)
        // Blank lines and surrounding spaces are ignored.
        let folds = try write("0\n 1\n2 \n\n3\n\t4\n", "loo.folds", in: dir)
        let out = dir.appendingPathComponent("loo.json").path
        let r = try gais(["evaluate", data, "--no-header", "--folds-file", folds, "--classifiers", "knn1", "--json", out])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try jsonObject(atPath: out)
        #expect(jsonNumber(json["folds"]) == 5)
        #expect((json["fold_accuracy"] as? [String: [Any]])?["knn1"]?.compactMap(jsonNumber) == [1, 1, 1, 1, 0])
        #expect(abs((jsonNumber((json["accuracy"] as? [String: Any])?["knn1"]) ?? -1) - 0.8) < 1e-12)
    }

    @Test func windowsLineEndsInFoldFiles() throws {
        let dir = try scratchDirectory()
        let data = try write("0,a\n1,a\n10,b\n11,b\n4,b\n", "loo.csv", in: dir)
        let folds = try write("0\r\n1\r\n2\r\n3\r\n4\r\n", "crlf.folds", in: dir)
        // Swift reads "\r\n" as one Character: readFolds must split on it too.
        let r = try gais(["evaluate", data, "--no-header", "--folds-file", folds, "--classifiers", "knn1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("5-fold cross-validation on 5 rows"))
    }

    @Test func badFoldFilesExitOneAndWriteNothing() throws {
        let dir = try scratchDirectory()
        let data = try write("0,a\n1,a\n10,b\n11,b\n4,b\n", "five.csv", in: dir)
        let cases: [(String, String, String)] = [
            ("short.folds", "0\n1\n0\n1\n", "short.folds: 4 fold numbers for 5 rows"),
            ("long.folds", "0\n1\n0\n1\n0\n1\n", "long.folds: 6 fold numbers for 5 rows"),
            ("word.folds", "0\n1\nx\n1\n0\n", "word.folds:3: expected a fold number ≥ 0, found 'x'"),
            ("negative.folds", "0\n-1\n0\n1\n0\n", "negative.folds:2: expected a fold number ≥ 0, found '-1'"),
        ]
        for (name, text, message) in cases {
            let folds = try write(text, name, in: dir)
            let out = dir.appendingPathComponent(name + ".json").path
            let r = try gais(["evaluate", data, "--no-header", "--folds-file", folds, "--classifiers", "knn1", "--json", out])
            #expect(r.status == 1, "\(name)")
            #expect(r.stderr == "error: \(dir.path)/\(message)\n", "\(name): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(name) left a JSON file")
        }
        // One fold only: nothing to train on for it.
        let single = try write("0\n0\n0\n0\n0\n", "single.folds", in: dir)
        let r = try gais(["evaluate", data, "--no-header", "--folds-file", single, "--classifiers", "knn1"])
        #expect(r.status == 1 && r.stderr.hasPrefix("error: "), "\(r.stderr)")
    }

    @Test(arguments: [
        [String](),
        ["--folds", "3", "--folds-file", "f.txt"],
        ["--folds", "1"],
        ["--folds", "3", "--classifiers", "xyz"],
        ["--folds", "3", "--classifiers", "knn0"],
    ])
    func usageMistakesExit64(arguments: [String]) throws {
        let r = try gais(["evaluate", dataset("iris.csv")] + arguments)
        #expect(r.status == 64, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains("Usage:"), "\(arguments): \(r.stderr)")
    }
}
