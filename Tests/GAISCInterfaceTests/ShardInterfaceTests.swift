import Testing
@testable import GAISData
import GAIS
import GAISCInterface

/// The summaries of the whole table `arrays` holds, in the caller's terms.
func summaries(of arrays: CallerArrays) -> ArrayTable.Summaries {
    let n = arrays.labels.count, p = arrays.numericCount
    var numeric: [(min: Double, max: Double, sum: Double, count: Double)] = []
    for j in 0..<p {
        let values = (0..<n).map { arrays.numeric[$0 * p + j] }.filter { !$0.isNaN }
        numeric.append((Double(values.min() ?? 0), Double(values.max() ?? 0),
                        values.reduce(0.0) { $0 + Double($1) }, Double(values.count)))
    }
    let q = arrays.positions.count
    var frequencies: [[Int64]] = []
    for k in 0..<q {
        var counts = [Int64](repeating: 0, count: arrays.categories[k].count)
        for r in 0..<n where arrays.codes[r * q + k] >= 0 { counts[Int(arrays.codes[r * q + k])] += 1 }
        frequencies.append(counts)
    }
    return ArrayTable.Summaries(numeric: numeric, frequencies: frequencies)
}

/// The rows `rows` of `arrays` (same categories and classes).
func part(_ arrays: CallerArrays, rows: [Int]) -> CallerArrays {
    var out = arrays
    let p = arrays.numericCount, q = arrays.positions.count
    out.numeric = rows.flatMap { r in arrays.numeric[r * p ..< (r + 1) * p] }
    out.codes = rows.flatMap { r in arrays.codes[r * q ..< (r + 1) * q] }
    out.labels = rows.map { arrays.labels[$0] }
    return out
}

@Suite struct ShardInterfaceTests {
    @Test func arrayKeysAreTheFilesKeys() throws {
        let table = try readTable(mixedCSV)
        let expected = table.shardKeys(seed: 7)
        #expect(Set(expected).count == table.rowCount)
        // The caller's arrays list categories and classes in another order: keys use the names.
        let arrays = CallerArrays(table)
        for float64 in [false, true] {
            try arrays.table(float64: float64) { array in
                let keys = try array.shardKeys(seed: 7)
                let other = try array.shardKeys(seed: 8)
                #expect(keys == expected)
                #expect(other != expected)
            }
        }
    }

    @Test func aPartEncodedWithTheWholesSummariesIsEncodedAsInTheWhole() throws {
        var table = try readTable(mixedCSV)
        let arrays = CallerArrays(table)
        let encoder = TableEncoder.fit(table)
        let whole = encoder.encode(&table)
        let rows = [0, 2, 4, 5, 8]
        try part(arrays, rows: rows).table { array in
            let (data, partEncoder) = try array.encode(context: .serial, summaries: summaries(of: arrays))
            #expect(partEncoder.plans == encoder.plans)
            #expect(bits(data.features) == bits(whole.subset(rows).features))
            // Without the summaries the part is scaled on its own.
            let (own, _) = try array.encode(context: .serial)
            #expect(bits(own.features) != bits(whole.subset(rows).features))
        }
    }

    @Test func summariesAreWhatFittingLearns() throws {
        let arrays = CallerArrays(try readTable(mixedCSV))
        let expected = summaries(of: arrays)
        for float64 in [false, true] {
            try arrays.table(float64: float64) { array in
                let found = try array.summaries(context: .serial)
                #expect(found.frequencies == expected.frequencies)
                #expect(found.numeric.map { [$0.min, $0.max, $0.sum, $0.count] }
                        == expected.numeric.map { [$0.min, $0.max, $0.sum, $0.count] })
            }
        }
    }

    @Test func summariesOfTheWholeGiveTheWholesSelection() throws {
        let arrays = CallerArrays(try readTable(mixedCSV))
        try arrays.table { array in
            let fitted = try ArraySelection.run(array, method: "random", settings: [("keep-ratio", "0.5")], seed: 3,
                                                context: .serial)
            let given = try ArraySelection.run(array, method: "random", settings: [("keep-ratio", "0.5")], seed: 3,
                                               context: .serial, summaries: summaries(of: arrays))
            #expect(fitted.selection.indices == given.selection.indices)
            #expect(bits(fitted.data.features) == bits(given.data.features))
        }
    }

    @Test func badSummariesAreRefused() throws {
        let arrays = CallerArrays(try readTable(mixedCSV))
        let good = summaries(of: arrays)
        var cases: [(ArrayTable.Summaries, String)] = []
        var s = good; s.numeric[0].count = 1.5; cases.append((s, "whole number"))
        s = good; s.numeric[0].min = 9; s.numeric[0].max = 1; cases.append((s, "finite min ≤ max"))
        s = good; s.numeric[1].max = .infinity; cases.append((s, "finite min ≤ max"))
        s = good; s.frequencies[0][0] = -1; cases.append((s, "negative"))
        s = good; s.frequencies[0].removeLast(); cases.append((s, "category frequencies for"))
        s = good; s.numeric.removeLast(); cases.append((s, "numeric summaries for"))
        try arrays.table { array in
            for (bad, words) in cases {
                do {
                    _ = try array.encode(summaries: bad)
                    Issue.record("accepted: \(words)")
                } catch let error as GAISError {
                    #expect(error.description.contains(words), "\(error)")
                }
            }
        }
    }

    @Test func cFunctions() throws {
        let x: [Float] = [1, 2, 3, 4, 5, 6]
        let labels: [Int32] = [0, 1, 0, 1, 0, 1]
        var keys = [UInt64](repeating: 0, count: 6)
        var shards = [Int32](repeating: -1, count: 6)
        let status = x.withUnsafeBufferPointer { xp in
            labels.withUnsafeBufferPointer { lp in
                "a".withCString { a in
                    "b".withCString { b in
                        var names: [UnsafePointer<CChar>?] = [a, b]
                        return names.withUnsafeMutableBufferPointer { np in
                            gais_shard_keys(UnsafeRawPointer(xp.baseAddress), 0, 6, 1, nil, 0, nil, nil, nil,
                                            lp.baseAddress, 6, np.baseAddress, 2, 5, 2, 1, &keys, &shards)
                        }
                    }
                }
            }
        }
        #expect(status == 0)
        #expect(shards.filter { $0 == 0 }.count == 4)   // ⌈3/2⌉ of each class
        #expect(Set(keys).count == 6)
        let refused = gais_shard_keys(nil, 0, 0, 0, nil, 0, nil, nil, nil, nil, 0, nil, 0, 5, 0, 1, nil, &shards)
        #expect(refused == -1)
        #expect(String(cString: gais_last_error()).contains("n_shards must be ≥ 1"))
        #expect(gais_shard_seed(5, -1) == StratifiedShards.mergeSeed(5))
        #expect(gais_shard_seed(5, 3) == StratifiedShards.shardSeed(5, shard: 3))
    }
}
