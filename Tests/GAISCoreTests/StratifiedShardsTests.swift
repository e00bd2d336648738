import Testing
@testable import GAISCore

@Suite struct StratifiedShardsTests {
    @Test func handCheckedAssignment() {
        // Class 0: rows 0, 1, 2 with keys 5, 3, 9 → by key 1, 0, 2 → shards 0, 1, 0.
        // Class 1: rows 3, 4, 5 with keys 1, 7, 2 → by key 3, 5, 4 → shards 0, 1, 0.
        let shards = StratifiedShards.assign(keys: [5, 3, 9, 1, 7, 2], labels: [0, 0, 0, 1, 1, 1], classCount: 2, count: 2)
        #expect(shards == [1, 0, 0, 0, 0, 1])
        #expect(StratifiedShards.rows(of: 0, shards: shards, keys: [5, 3, 9, 1, 7, 2]) == [3, 1, 4, 2])
        #expect(StratifiedShards.rows(of: 1, shards: shards, keys: [5, 3, 9, 1, 7, 2]) == [5, 0])
    }

    @Test func equalKeysGoByRowOrder() {
        #expect(StratifiedShards.assign(keys: [4, 4, 4, 4], labels: [0, 0, 0, 0], classCount: 1, count: 3) == [0, 1, 2, 0])
        #expect(StratifiedShards.rows(of: 0, shards: [0, 1, 2, 0], keys: [4, 4, 4, 4]) == [0, 3])
    }

    @Test func keysAreUnsignedOrdered() {
        // The key with the top bit set ranks after the small one.
        let shards = StratifiedShards.assign(keys: [1 << 63, 1], labels: [0, 0], classCount: 1, count: 2)
        #expect(shards == [1, 0])
    }

    @Test func everyShardHoldsItsShareOfEveryClass() {
        var generator = Seed(11).generator
        for trial in 0..<20 {
            let n = Int.random(in: 1...400, using: &generator)
            let classCount = Int.random(in: 1...6, using: &generator)
            let labels = (0..<n).map { _ in Int32.random(in: 0..<Int32(classCount), using: &generator) }
            // Few distinct keys in some trials, so ties are exercised.
            let keys = (0..<n).map { _ in trial % 2 == 0 ? UInt64.random(in: 0...UInt64.max, using: &generator)
                                                         : UInt64.random(in: 0...5, using: &generator) }
            let count = Int.random(in: 1...9, using: &generator)
            let shards = StratifiedShards.assign(keys: keys, labels: labels, classCount: classCount, count: count)
            var covered = [Int](repeating: 0, count: n)
            for s in 0..<count {
                let rows = StratifiedShards.rows(of: s, shards: shards, keys: keys)
                for r in rows { covered[r] += 1 }
                // Selection order: ascending by (key, row).
                for (a, b) in zip(rows, rows.dropFirst()) { #expect(keys[a] < keys[b] || (keys[a] == keys[b] && a < b)) }
                for c in 0..<classCount {
                    let total = labels.filter { $0 == Int32(c) }.count
                    let here = rows.filter { labels[$0] == Int32(c) }.count
                    #expect(here == total / count + (s < total % count ? 1 : 0), "trial \(trial) shard \(s) class \(c)")
                }
            }
            #expect(covered.allSatisfy { $0 == 1 })
        }
    }

    @Test func wordsOfValues() {
        #expect(StratifiedShards.word(number: 0) == StratifiedShards.word(number: -0.0))
        #expect(StratifiedShards.word(number: .nan) == StratifiedShards.missingWord)
        #expect(StratifiedShards.word(number: 1) == 0x3F80_0000)
        // FNV-1a 64 of "a" and of "".
        #expect(StratifiedShards.word(text: "a") == 0xAF63_DC4C_8601_EC8C)
        #expect(StratifiedShards.word(text: "") == 0xCBF2_9CE4_8422_2325)
    }

    @Test func keysDependOnContentAndSeedOnly() {
        let rows: [[UInt64]] = [[1, 2, 3], [1, 2, 4], [1, 2, 3]]
        let keys = { (seed: UInt64) in
            StratifiedShards.keys(rowCount: 3, columnCount: 2, seed: seed, context: .serial,
                                  labelWord: { rows[$0][0] }, valueWord: { rows[$0][$1 + 1] })
        }
        let a = keys(0)
        #expect(a[0] == a[2])
        #expect(a[0] != a[1])
        #expect(keys(1)[0] != a[0])
        // The rule is a documented format (docs/spark.md): pinned, so it cannot drift.
        var expected = StratifiedShards.initialKey(seed: 0)
        for word: UInt64 in [1, 2, 3] { expected = StratifiedShards.mixing(expected, word) }
        #expect(a[0] == expected)
        #expect(StratifiedShards.initialKey(seed: 0) == Seed(0).child("shard-key").value)
        let many = StratifiedShards.keys(rowCount: 20_000, columnCount: 2, seed: 3, context: ExecutionContext(threads: 4),
                                         labelWord: { UInt64($0 % 3) }, valueWord: { UInt64($0 * 7 + $1) })
        let serial = StratifiedShards.keys(rowCount: 20_000, columnCount: 2, seed: 3, context: .serial,
                                           labelWord: { UInt64($0 % 3) }, valueWord: { UInt64($0 * 7 + $1) })
        #expect(many == serial)
    }

    @Test func seedsOfShardsDiffer() {
        let seeds = (0..<8).map { StratifiedShards.shardSeed(5, shard: $0) }
        #expect(Set(seeds + [StratifiedShards.mergeSeed(5), 5]).count == 10)
        #expect(StratifiedShards.shardSeed(5, shard: 2) == Seed(5).child("shard").child(2).value)
    }

    @Test func shardArgument() throws {
        #expect(try StratifiedShards.parse("0/1") == (0, 1))
        #expect(try StratifiedShards.parse("3/4") == (3, 4))
        for bad in ["4/4", "1/0", "-1/2", "a/2", "1", "1/2/3", " 1/2", "+1/2", "1/", "/2", ""] {
            #expect(throws: GAISError.self, "\(bad)") { try StratifiedShards.parse(bad) }
        }
    }
}
