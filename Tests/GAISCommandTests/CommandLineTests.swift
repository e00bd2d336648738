import Foundation
import Testing

/// Runs the built `gais` binary (it sits next to the test bundle) and captures its output.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

func gaisBinary() -> URL {
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var directory = exe.deletingLastPathComponent()
    // The test runner lives in `<build>/GAISPackageTests.xctest` (a file or bundle directory).
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("gais")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    return exe.deletingLastPathComponent().appendingPathComponent("gais")
}

@discardableResult
func gais(_ arguments: [String]) throws -> RunResult {
    let process = Process()
    process.executableURL = gaisBinary()
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

func repositoryRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

func dataset(_ name: String) -> String {
    repositoryRoot().appendingPathComponent("Datasets/keel/\(name)").path
}

/// A fresh temporary directory for one test.
func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("gais-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func write(_ text: String, _ name: String, in directory: URL) throws -> String {
    let path = directory.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite struct CommandLineTests {
    @Test func helpListsEveryMethodAndFormat() throws {
        let r = try gais(["select", "--help"])
        #expect(r.status == 0)
        for method in ["gais", "gais-lsh", "gais-lsh-multilevel", "gais-lsh-multiview", "gais-chunk", "random",
                       "cnn", "enn", "renn", "allknn", "icf", "drop3", "lssm", "lsbo"] {
            #expect(r.stdout.contains(method), "help lacks \(method)")
        }
        for format in ["csv", "keel", "arff", "libsvm"] { #expect(r.stdout.contains(format)) }
    }

    @Test func randomSelectionWritesRowsIndicesAndReport() throws {
        let dir = try scratchDirectory()
        let input = dataset("wine.csv")
        let rows = dir.appendingPathComponent("kept.csv").path
        let indices = dir.appendingPathComponent("kept.idx").path
        let report = dir.appendingPathComponent("report.json").path
        let r = try gais(["select", input, "--no-header", "--method", "random", "--keep-ratio", "0.1", "--seed", "5",
                          "--output", rows, "--indices", indices, "--report", report])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let kept = try String(contentsOfFile: indices, encoding: .utf8).split(separator: "\n").map { Int($0)! }
        // wine has 59, 71 and 48 rows per class: round(0.1 n_c) = 6 + 7 + 5.
        #expect(kept.count == 18)
        #expect(kept == kept.sorted() && Set(kept).count == kept.count)
        let lines = try String(contentsOfFile: input, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let written = try String(contentsOfFile: rows, encoding: .utf8)
        #expect(written == kept.map { lines[$0] + "\n" }.joined())
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
        #expect(json["input_rows"] as? Int == 178)
        #expect(json["kept_rows"] as? Int == 18)
        #expect(json["method"] as? String == "random")
        #expect(json["seed"] as? Int == 5)
        #expect((json["kept_per_class"] as? [String: Int])?.values.reduce(0, +) == 18)
        let seconds = json["seconds"] as? [String: Double]
        for stage in ["read", "encode", "write", "total"] { #expect(seconds?[stage] != nil, "no \(stage) time") }
        #expect(json["version"] as? String != nil && json["parameters"] != nil && json["reduction_rate"] != nil)
        // Same seed, same selection.
        let again = dir.appendingPathComponent("again.idx").path
        try gais(["select", input, "--no-header", "--method", "random", "--keep-ratio", "0.1", "--seed", "5", "--indices", again])
        #expect(try String(contentsOfFile: again, encoding: .utf8) == String(contentsOfFile: indices, encoding: .utf8))
    }

    @Test func summaryParagraphWithoutOutputs() throws {
        let r = try gais(["select", dataset("iris.csv"), "--method", "random"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("random kept 6 of 150 rows"))
        #expect(r.stderr.isEmpty)
    }

    @Test func keelInputKeepsItsHeaderBlock() throws {
        let dir = try scratchDirectory()
        let input = try write("""
        @relation toy
        @attribute x real [0, 9]
        @attribute y real [0, 9]
        @attribute class {a, b}
        @inputs x, y
        @outputs class
        @data
        1, 2, a
        2, 3, a
        8, 9, b
        9, 8, b

        """, "toy.dat", in: dir)
        let out = dir.appendingPathComponent("out.dat").path
        let r = try gais(["select", input, "--method", "random", "--keep", "2", "--output", out])
        #expect(r.status == 0, "\(r.stderr)")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.hasPrefix("@relation toy\n"))
        #expect(written.components(separatedBy: "@data\n")[1].split(separator: "\n").count == 2)
    }

    @Test func infoDescribesColumnsAndClasses() throws {
        let r = try gais(["info", dataset("german.csv")])
        #expect(r.status == 0)
        #expect(r.stdout.contains("1000 rows"))
        #expect(r.stdout.contains("text, 4 values"))
        #expect(r.stdout.contains("classes (2)"))
    }

    @Test func badDataGetsOneErrorLineStatusOneAndNoOutput() throws {
        let dir = try scratchDirectory()
        let cases: [(String, String, String)] = [
            ("ragged.csv", "a,b,c\n1,2,x\n3,y\n", "ragged.csv:3: expected 3 fields, found 2"),
            ("quote.csv", "a,b,c\n1,\"2,x\n", "quote.csv:2: unterminated quoted field"),
            ("empty.csv", "", "empty.csv:1: the file is empty"),
            ("header.csv", "a,b,c\n", "header.csv:1: a header with no data rows"),
            ("single.csv", "1,2,x\n3,4,x\n", "single.csv: only one class ('x'); instance selection needs at least two"),
            ("inf.csv", "a,c\n1,x\ninf,y\n", "inf.csv:3: column 'a': 'inf' is infinite or out of range"),
            ("zero.libsvm", "1 1:2\n2 0:1\n", "zero.libsvm:2: feature index 0 must be 1 or more (indices are 1-based)"),
        ]
        for (name, text, message) in cases {
            let input = try write(text, name, in: dir)
            let out = dir.appendingPathComponent(name + ".out").path
            let r = try gais(["select", input, "--method", "random", "--output", out])
            #expect(r.status == 1, "\(name)")
            #expect(input == "\(dir.path)/\(name)")
            #expect(r.stderr == "error: \(dir.path)/\(message)\n", "\(name): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(name) left an output file")
        }
        let missing = try gais(["select", dir.appendingPathComponent("nope.csv").path])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("error: ") && missing.stderr.contains("nope.csv"))
        let noLabel = try gais(["select", dataset("iris.csv"), "--label", "species"])
        #expect(noLabel.status == 1 && noLabel.stderr.contains("no label column named 'species'"))
    }

    @Test func usageMistakesExit64WithUsage() throws {
        for arguments in [["select", dataset("iris.csv"), "--bogus"],
                          ["select", dataset("iris.csv"), "--method", "magic"],
                          ["select", dataset("iris.csv"), "--keep-ratio", "0"],
                          ["select", dataset("iris.csv"), "--keep-ratio", "1.5"],
                          ["select", dataset("iris.csv"), "--method", "enn", "--keep-ratio", "0.1"]] {
            let r = try gais(arguments)
            #expect(r.status == 64, "\(arguments)")
            #expect(r.stderr.contains("Usage:") || r.stderr.contains("usage:"), "\(arguments): \(r.stderr)")
        }
    }
}
