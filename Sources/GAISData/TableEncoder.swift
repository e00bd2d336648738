import GAISCore

/// Turns a `Table`'s raw columns into the numeric features every selector works on
/// (method.md §1): numeric columns min-max scaled to [0, 1], text columns one-hot, missing
/// values imputed (numeric: the column mean; text: the most frequent category), constant columns
/// dropped. Fitted once on the rows being selected from.
public struct TableEncoder: Sendable {
    /// What happens to one raw column.
    public enum Plan: Sendable, Equatable {
        /// `(v − min) / (max − min)`, missing → mean.
        case scaled(min: Float, max: Float, mean: Float)
        /// One output per category, missing → the most frequent one.
        case oneHot(categoryCount: Int, mode: Int)
        /// Constant (or entirely missing): carries no information.
        case dropped
    }

    /// One plan per raw column of the table.
    public let plans: [Plan]
    /// Names of the encoded features (`column` or `column=category`).
    public let featureNames: [String]

    /// Number of encoded features.
    public var outputWidth: Int { featureNames.count }

    /// Fits the encoder to `table`.
    /// - Complexity: O(rows × columns), in parallel over row chunks.
    public static func fit(_ table: Table) -> TableEncoder {
        let m = table.columns.count
        let n = table.rowCount
        let grain = 16_384
        let chunkCount = (n + grain - 1) / grain
        struct Stats { var lo: [Float]; var hi: [Float]; var sum: [Double]; var count: [Int]; var categories: [[Int]] }
        let categoryCounts = table.columns.map { column -> Int in
            if case .categorical(let c) = column.kind { return c.count } else { return 0 }
        }
        let values = table.values
        let partial: [Stats] = Parallel.map(count: chunkCount) { c in
            var s = Stats(lo: .init(repeating: .infinity, count: m), hi: .init(repeating: -.infinity, count: m),
                          sum: .init(repeating: 0, count: m), count: .init(repeating: 0, count: m),
                          categories: categoryCounts.map { [Int](repeating: 0, count: $0) })
            values.withUnsafeBufferPointer { v in
                for r in c * grain ..< min(n, (c + 1) * grain) {
                    for j in 0..<m {
                        let x = v[r * m + j]
                        if x.isNaN { continue }
                        if categoryCounts[j] > 0 {
                            s.categories[j][Int(x)] += 1
                        } else {
                            s.lo[j] = Swift.min(s.lo[j], x)
                            s.hi[j] = Swift.max(s.hi[j], x)
                            s.sum[j] += Double(x)
                            s.count[j] += 1
                        }
                    }
                }
            }
            return s
        }
        var plans: [Plan] = []
        var names: [String] = []
        for (j, column) in table.columns.enumerated() {
            if case .categorical(let categories) = column.kind {
                var counts = [Int](repeating: 0, count: categories.count)
                for s in partial { for k in 0..<counts.count { counts[k] += s.categories[j][k] } }
                let present = counts.filter { $0 > 0 }.count
                if present < 2 {
                    plans.append(.dropped)
                    continue
                }
                // Most frequent category; ties → the first in category order.
                var mode = 0
                for k in 0..<counts.count where counts[k] > counts[mode] { mode = k }
                plans.append(.oneHot(categoryCount: categories.count, mode: mode))
                names.append(contentsOf: categories.map { "\(column.name)=\($0)" })
            } else {
                var lo = Float.infinity, hi = -Float.infinity, sum = 0.0, count = 0
                for s in partial {
                    lo = Swift.min(lo, s.lo[j]); hi = Swift.max(hi, s.hi[j]); sum += s.sum[j]; count += s.count[j]
                }
                if count == 0 || !(hi > lo) {
                    plans.append(.dropped)
                    continue
                }
                plans.append(.scaled(min: lo, max: hi, mean: Float(sum / Double(count))))
                names.append(column.name)
            }
        }
        return TableEncoder(plans: plans, featureNames: names)
    }

    public init(plans: [Plan], featureNames: [String]) {
        self.plans = plans
        self.featureNames = featureNames
    }

    /// Encodes raw row-major values (`rowCount × plans.count`) into `rowCount × outputWidth`.
    public func transform(_ raw: [Float]) -> [Float] {
        var raw = raw
        return transformInPlace(&raw)
    }

    /// Encodes `table` into a `Dataset`, taking its raw values (the table's `values` are left
    /// empty) so the raw matrix can be reused in place when the encoding is no wider: peak
    /// memory stays near one copy of the matrix.
    public func encode(_ table: inout Table) -> Dataset {
        var raw = table.values
        table.values = []
        let features = transformInPlace(&raw)
        return Dataset(features: features, featureCount: outputWidth, labels: table.labels, classNames: table.classNames)
    }

    private func transformInPlace(_ raw: inout [Float]) -> [Float] {
        let m = plans.count
        let w = outputWidth
        let n = m == 0 ? 0 : raw.count / m
        // Offsets of each plan's outputs.
        var offsets = [Int](repeating: 0, count: m)
        var o = 0
        for (j, plan) in plans.enumerated() {
            offsets[j] = o
            switch plan {
            case .scaled: o += 1
            case .oneHot(let k, _): o += k
            case .dropped: break
            }
        }
        let plans = self.plans
        @inline(__always) func encodeRow(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>) {
            for j in 0..<m {
                let x = input[j]
                switch plans[j] {
                case let .scaled(lo, hi, mean):
                    let v = x.isNaN ? mean : x
                    output[offsets[j]] = (v - lo) / (hi - lo)
                case let .oneHot(k, mode):
                    let chosen = x.isNaN ? mode : Int(x)
                    for t in 0..<k { output[offsets[j] + t] = t == chosen ? 1 : 0 }
                case .dropped:
                    break
                }
            }
        }
        if w == m {
            // Same width (every column scaled): rows are independent, encode in place in parallel.
            raw.withUnsafeMutableBufferPointer { buffer in
                let box = UnsafeMutableSendableBuffer(buffer)
                Parallel.forEachChunk(count: n, grain: 8192) { rows in
                    var row = [Float](repeating: 0, count: m)
                    row.withUnsafeMutableBufferPointer { tmp in
                        for r in rows {
                            let base = box.base.baseAddress! + r * m
                            tmp.baseAddress!.update(from: base, count: m)
                            encodeRow(tmp.baseAddress!, base)
                        }
                    }
                }
            }
            return raw
        }
        if w < m {
            // Narrower: row r's output never overtakes unread input, so one forward pass works in place.
            raw.withUnsafeMutableBufferPointer { buffer in
                var row = [Float](repeating: 0, count: m)
                row.withUnsafeMutableBufferPointer { tmp in
                    for r in 0..<n {
                        tmp.baseAddress!.update(from: buffer.baseAddress! + r * m, count: m)
                        encodeRow(tmp.baseAddress!, buffer.baseAddress! + r * w)
                    }
                }
            }
            raw.removeLast(raw.count - n * w)
            return raw
        }
        var output = [Float](repeating: 0, count: n * w)
        raw.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                let inBox = UncheckedSendable(input), outBox = UnsafeMutableSendableBuffer(out)
                Parallel.forEachChunk(count: n, grain: 8192) { rows in
                    for r in rows { encodeRow(inBox.value.baseAddress! + r * m, outBox.base.baseAddress! + r * w) }
                }
            }
        }
        return output
    }
}
