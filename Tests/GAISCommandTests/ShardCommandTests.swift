import Foundation
import Testing

/// The class (last field) of every data row of a headerless CSV.
func classesOfRows(_ path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
        String(line.split(separator: ",").last!).trimmingCharacters(in: .whitespaces)
    }
}

func indices(_ path: String) throws -> [Int] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { Int($0)! }
}

@Suite struct ShardCommandTests {
    @Test func badShardIsAUsageError() throws {
        for bad in ["4/4", "1/0", "-1/3", "a/b", "1", "1/2/3", "+1/2"] {
            let r = try gais(["select", dataset("wine.csv"), "--no-header", "--shard=\(bad)"])
            #expect(r.status == 64, "\(bad): \(r.stderr)")
            #expect(r.stderr.contains("--shard must be I/N with whole numbers 0 ≤ I < N"), "\(bad): \(r.stderr)")
        }
    }

    @Test func shardsAreDisjointCoverEveryRowAndAreStratified() throws {
        let dir = try scratchDirectory()
        let input = dataset("wine.csv")
        let classes = try classesOfRows(input)
        let n = 4
        var seen = [Int](repeating: 0, count: classes.count)
        for s in 0..<n {
            let path = dir.appendingPathComponent("shard\(s).idx").path
            // Random keeping every row: the indices are the shard's rows.
            let r = try gais(["select", input, "--no-header", "--method", "random", "--keep-ratio", "1",
                              "--seed", "9", "--shard", "\(s)/\(n)", "--indices", path])
            #expect(r.status == 0, "\(r.stderr)")
            let rows = try indices(path)
            #expect(rows == rows.sorted())
            for i in rows { seen[i] += 1 }
            for name in Set(classes) {
                let total = classes.filter { $0 == name }.count
                let here = rows.filter { classes[$0] == name }.count
                #expect(here == total / n + (s < total % n ? 1 : 0), "shard \(s) class \(name)")
            }
        }
        #expect(seen.allSatisfy { $0 == 1 })
    }

    @Test func unionOfTheShardRunsKeepsEveryClassWithItsQuota() throws {
        let dir = try scratchDirectory()
        let input = dataset("segment.csv")
        let classes = try classesOfRows(input)
        let n = 3
        var union: [Int] = []
        for s in 0..<n {
            let path = dir.appendingPathComponent("kept\(s).idx").path
            let report = dir.appendingPathComponent("report\(s).json").path
            let r = try gais(["select", input, "--no-header", "--keep-ratio", "0.05", "--seed", "2",
                              "--shard", "\(s)/\(n)", "--indices", path, "--report", report])
            #expect(r.status == 0, "\(r.stderr)")
            union += try indices(path)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
            let shard = json["shard"] as! [String: Any]
            #expect(shard["index"] as? Int == s)
            #expect(shard["count"] as? Int == n)
            #expect(shard["file_rows"] as? Int == classes.count)
            #expect((json["input_rows"] as? Int).map { $0 < classes.count } == true)
        }
        #expect(Set(union).count == union.count, "shards overlap")
        for name in Set(classes) {
            let total = classes.filter { $0 == name }.count
            let quota = (0..<n).map { s -> Int in
                let rows = total / n + (s < total % n ? 1 : 0)
                return rows == 0 ? 0 : max(1, Int((0.05 * Double(rows)).rounded()))
            }.reduce(0, +)
            #expect(union.filter { classes[$0] == name }.count == quota, "class \(name)")
        }
    }

    @Test func sameSeedSameRowsWhateverTheThreads() throws {
        let dir = try scratchDirectory()
        var outputs: [String] = []
        for threads in ["1", "2"] {
            let path = dir.appendingPathComponent("kept\(threads).csv").path
            let r = try gais(["select", dataset("segment.csv"), "--no-header", "--seed", "4", "--shard", "2/5",
                              "--threads", threads, "--output", path])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(try String(contentsOfFile: path, encoding: .utf8))
        }
        #expect(outputs[0] == outputs[1])
        #expect(!outputs[0].isEmpty)
    }
}
