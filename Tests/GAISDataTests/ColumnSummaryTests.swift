import Testing
import GAISKernels
@testable import GAISCore
@testable import GAISData

/// The vector pass behind `TableEncoder.summaries` against the plain row-by-row loop it
/// replaced: the same minimum, maximum, Double sum and count, bit for bit.
@Suite struct ColumnSummaryTests {
    /// The statistics exactly as the scalar loop computed them: chunks of 16,384 rows, each
    /// row's values in column order, NaN skipped, chunks combined in order.
    static func reference(_ values: [Float], rows: Int, columns: [ColumnInfo]) -> [TableEncoder.ColumnSummary] {
        let m = columns.count
        return (0 ..< m).map { j -> TableEncoder.ColumnSummary in
            if case .categorical(let names) = columns[j].kind, !names.isEmpty {
                var counts = [Int](repeating: 0, count: names.count)
                for r in 0 ..< rows where !values[r * m + j].isNaN { counts[Int(values[r * m + j])] += 1 }
                return .categorical(frequencies: counts)
            }
            var lo = Float.infinity, hi = -Float.infinity, total = 0.0, count = 0
            var start = 0
            while start < rows {
                var cLo = Float.infinity, cHi = -Float.infinity, cSum = 0.0, cCount = 0
                for r in start ..< min(rows, start + 16_384) {
                    let x = values[r * m + j]
                    if x.isNaN { continue }
                    cLo = Swift.min(cLo, x); cHi = Swift.max(cHi, x); cSum += Double(x); cCount += 1
                }
                lo = Swift.min(lo, cLo); hi = Swift.max(hi, cHi); total += cSum; count += cCount
                start += 16_384
            }
            return .numeric(min: lo, max: hi, sum: total, count: count)
        }
    }

    /// Bit patterns, so that signed zeros count and NaN sums compare equal to themselves.
    static func bits(_ s: [TableEncoder.ColumnSummary]) -> [[UInt64]] {
        s.map {
            switch $0 {
            case .numeric(let lo, let hi, let sum, let count):
                return [UInt64(lo.bitPattern), UInt64(hi.bitPattern), sum.bitPattern, UInt64(count)]
            case .categorical(let frequencies):
                return frequencies.map { UInt64($0) }
            }
        }
    }

    @Test(arguments: [(1, 7), (15, 600), (16, 513), (17, 1_000), (50, 20_000)])
    func vectorPassGivesTheScalarLoopsBits(columnCount: Int, rows: Int) {
        var g = SeededGenerator(seed: UInt64(columnCount * 1_000 + rows))
        let columns = (0 ..< columnCount).map { j in
            ColumnInfo(name: "c\(j)", kind: j % 5 == 3 ? .categorical(categories: ["a", "b", "c"]) : .numeric,
                       missingCount: 0)
        }
        let specials: [Float] = [.nan, 0, -0.0, .infinity, -.infinity, .greatestFiniteMagnitude,
                                 -.leastNonzeroMagnitude, 1e-30]
        var values = [Float](repeating: 0, count: rows * columnCount)
        for r in 0 ..< rows {
            for j in 0 ..< columnCount {
                let roll = g.nextInt(below: 20)
                if j % 5 == 3 {
                    values[r * columnCount + j] = roll == 0 ? .nan : Float(g.nextInt(below: 3))
                } else if j % 7 == 6 {
                    // A column of zeros of both signs only (the order of its minimum matters).
                    values[r * columnCount + j] = roll < 10 ? 0 : -0.0
                } else if roll < 3 {
                    values[r * columnCount + j] = specials[g.nextInt(below: specials.count)]
                } else {
                    values[r * columnCount + j] = (g.nextFloat() - 0.5) * 1_000
                }
            }
        }
        let summaries = values.withUnsafeBufferPointer {
            TableEncoder.summaries(values: $0, rowCount: rows, columns: columns, context: ExecutionContext(threads: 2))
        }
        #expect(Self.bits(summaries) == Self.bits(Self.reference(values, rows: rows, columns: columns)))
    }

    @Test func hundredRowsWorkedByHand() {
        // x: 0 … 99 with every tenth value missing; y: −0.0 then +0.0 alternating.
        let columns = [ColumnInfo(name: "x", kind: .numeric, missingCount: 10),
                       ColumnInfo(name: "y", kind: .numeric, missingCount: 0)]
        var values: [Float] = []
        for r in 0 ..< 100 { values += [r % 10 == 9 ? .nan : Float(r), r % 2 == 0 ? -0.0 : 0] }
        let s = values.withUnsafeBufferPointer {
            TableEncoder.summaries(values: $0, rowCount: 100, columns: columns, context: .serial)
        }
        // Sum of 0 … 99 is 4,950; the missing 9, 19, …, 99 add up to 540.
        #expect(s[0] == .numeric(min: 0, max: 98, sum: 4_410, count: 90))
        // min keeps the first of equal values (−0.0), max the last (+0.0).
        guard case .numeric(let lo, let hi, _, let count) = s[1] else { Issue.record("y not numeric"); return }
        #expect(lo.sign == .minus && hi.sign == .plus && count == 100)
    }
}

/// The kernel alone, on the rows of `EncoderTests`' first table (x with a missing value, a
/// text column it must leave alone, a constant column). Its name once collided with a C
/// interface function of the same name, which the test binary then called instead.
@Suite struct ColumnStatsKernelTests {
    @Test func kernelFoldsOnlyTheNumericColumns() {
        let v: [Float] = [0, 1, 7, 10, 0, 7, .nan, .nan, 7, 5, 1, 7]
        let numeric: [Int32] = [1, 0, 1]
        var lo = [Float](repeating: .infinity, count: 3), hi = [Float](repeating: -.infinity, count: 3)
        var sum = [Double](repeating: 0, count: 3)
        var count = [Int64](repeating: 0, count: 3)
        gais_fold_column_stats(v, 3, 4, numeric, &lo, &hi, &sum, &count)
        #expect(lo == [0, .infinity, 7])
        #expect(hi == [10, -.infinity, 7])
        #expect(sum == [15, 0, 28])
        #expect(count == [3, 0, 4])
    }
}
