import GAISCore
import GAISKernels

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
    /// Names of the raw columns the encoder was fitted on.
    public let columnNames: [String]
    /// Category names of each text column (nil for numeric columns), in code order.
    public let categoryNames: [[String]?]

    /// Number of encoded features.
    public var outputWidth: Int { featureNames.count }

    /// Fits the encoder to `table`.
    /// - Complexity: O(rows × columns), in parallel over row chunks.
    public static func fit(_ table: Table, context: ExecutionContext = .allCores) -> TableEncoder {
        table.values.withUnsafeBufferPointer { values in
            fit(values: values, rowCount: table.rowCount, columns: table.columns, context: context)
        }
    }

    /// Fits the encoder to raw row-major values (`rowCount × columns.count`, laid out as
    /// `Table.values`: numbers, or category codes as Floats with NaN = missing) read from memory
    /// rather than a file: the same code as `fit(_:)`, so the same values give the same encoder.
    /// - Precondition: `values.count == rowCount × columns.count`; every category code is a
    ///   whole number in `0..<categories.count` (or NaN).
    /// - Complexity: O(rows × columns), in parallel over row chunks.
    public static func fit(values: UnsafeBufferPointer<Float>, rowCount n: Int, columns: [ColumnInfo],
                           context: ExecutionContext = .allCores) -> TableEncoder {
        TableEncoder(columns: columns, summaries: summaries(values: values, rowCount: n, columns: columns, context: context))
    }

    /// What `fit` learns of each column of raw row-major values (laid out as for `fit`).
    /// - Complexity: O(rows × columns), in parallel over row chunks (fixed chunk boundaries, so
    ///   the sums do not depend on the thread count).
    public static func summaries(values: UnsafeBufferPointer<Float>, rowCount n: Int, columns: [ColumnInfo],
                                 context: ExecutionContext = .allCores) -> [ColumnSummary] {
        let m = columns.count
        precondition(values.count == n * m, "values must hold rowCount × columns.count values")
        let grain = 16_384
        let chunkCount = (n + grain - 1) / grain
        struct Stats { var lo: [Float]; var hi: [Float]; var sum: [Double]; var count: [Int]; var categories: [[Int]] }
        let categoryCounts = columns.map { column -> Int in
            if case .categorical(let c) = column.kind { return c.count } else { return 0 }
        }
        let numericColumns = categoryCounts.map { Int32($0 > 0 ? 0 : 1) }
        let partial: [Stats] = Parallel.map(count: chunkCount, context: context) { c in
            var s = Stats(lo: .init(repeating: .infinity, count: m), hi: .init(repeating: -.infinity, count: m),
                          sum: .init(repeating: 0, count: m), count: .init(repeating: 0, count: m),
                          categories: categoryCounts.map { [Int](repeating: 0, count: $0) })
            let v = values
            let rows = c * grain ..< min(n, (c + 1) * grain)
            // The numeric columns in one vector pass (the same bits as Swift.min, Swift.max and
            // the Double sum row by row), then the categorical ones, if any.
            var counts = [Int64](repeating: 0, count: m)
            if let base = v.baseAddress, !rows.isEmpty {
                s.lo.withUnsafeMutableBufferPointer { lo in
                    s.hi.withUnsafeMutableBufferPointer { hi in
                        s.sum.withUnsafeMutableBufferPointer { sum in
                            gais_fold_column_stats(base + rows.lowerBound * m, m, rows.count, numericColumns,
                                                  lo.baseAddress, hi.baseAddress, sum.baseAddress, &counts)
                        }
                    }
                }
            }
            for j in 0 ..< m { s.count[j] = Int(counts[j]) }
            for j in 0 ..< m where categoryCounts[j] > 0 {
                for r in rows {
                    let x = v[r * m + j]
                    if !x.isNaN { s.categories[j][Int(x)] += 1 }
                }
            }
            return s
        }
        return columns.indices.map { j in
            if categoryCounts[j] > 0 || columns[j].kind != .numeric {
                var counts = [Int](repeating: 0, count: categoryCounts[j])
                for s in partial { for k in 0..<counts.count { counts[k] += s.categories[j][k] } }
                return .categorical(frequencies: counts)
            }
            var lo = Float.infinity, hi = -Float.infinity, sum = 0.0, count = 0
            for s in partial {
                lo = Swift.min(lo, s.lo[j]); hi = Swift.max(hi, s.hi[j]); sum += s.sum[j]; count += s.count[j]
            }
            return .numeric(min: lo, max: hi, sum: sum, count: count)
        }
    }

    /// What `fit` learns of one raw column over the rows it is fitted on. Summaries of disjoint
    /// parts of a table combine by min, max and sums, so a table too large for one machine can be
    /// summarised in parts (e.g. by Spark aggregates) and every part encoded with the whole's
    /// scaling (`init(columns:summaries:)`).
    public enum ColumnSummary: Sendable, Equatable {
        /// Smallest and largest value, sum (in Double) and count of the non-missing values.
        case numeric(min: Float, max: Float, sum: Double, count: Int)
        /// Rows holding each category, in the column's category order.
        case categorical(frequencies: [Int])
    }

    /// The encoder `fit` gives for rows with these summaries (the same plans: min-max scaling
    /// with the mean for missing values, one-hot with the most frequent category for missing
    /// values, constant or empty columns dropped).
    /// - Precondition: one summary per column, of the column's kind; a categorical summary has
    ///   one frequency per category.
    public init(columns: [ColumnInfo], summaries: [ColumnSummary]) {
        precondition(columns.count == summaries.count, "one summary per column")
        var plans: [Plan] = []
        var names: [String] = []
        for (column, summary) in zip(columns, summaries) {
            switch (column.kind, summary) {
            case let (.categorical(categories), .categorical(counts)):
                precondition(counts.count == categories.count, "one frequency per category")
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
            case let (.numeric, .numeric(lo, hi, sum, count)):
                if count == 0 || !(hi > lo) {
                    plans.append(.dropped)
                    continue
                }
                plans.append(.scaled(min: lo, max: hi, mean: Float(sum / Double(count))))
                names.append(column.name)
            default:
                preconditionFailure("column \(column.name): the summary's kind differs from the column's")
            }
        }
        self.init(plans: plans, featureNames: names, columnNames: columns.map(\.name),
                  categoryNames: columns.map { column in
                      if case .categorical(let c) = column.kind { return c } else { return nil }
                  })
    }

    public init(plans: [Plan], featureNames: [String], columnNames: [String] = [], categoryNames: [[String]?] = []) {
        self.plans = plans
        self.featureNames = featureNames
        self.columnNames = columnNames
        self.categoryNames = categoryNames
    }

    /// Encodes another table (e.g. a test set) with this encoder's scaling and categories:
    /// categories the encoder never saw get all-zero indicators, classes are matched by name
    /// (classes new to `classNames` are appended).
    /// - Throws: `GAISError.invalidInput` when the columns differ in number or kind.
    public func encode(other table: Table, classNames: [String]) throws -> Dataset {
        guard table.columns.count == plans.count else {
            throw GAISError.invalidInput("\(table.file.path): \(table.columns.count) feature columns, expected \(plans.count) as in the training data")
        }
        var raw = table.values
        let m = plans.count
        for (j, column) in table.columns.enumerated() {
            guard let known = categoryNames.indices.contains(j) ? categoryNames[j] : nil else {
                if case .categorical = column.kind, case .scaled = plans[j] {
                    throw GAISError.invalidInput("\(table.file.path): column \(column.name.quotedForMessage) holds text, but numbers in the training data")
                }
                continue
            }
            // Map this table's codes to the encoder's; unknown categories become -1 (no indicator).
            var index = [String: Int]()
            for (k, name) in known.enumerated() { index[name] = k }
            let local: [String]
            switch column.kind {
            case .categorical(let c): local = c
            case .numeric:
                // Numbers in a column that was text: match their text form is impossible here;
                // treat them as unknown categories.
                local = []
            }
            let map = local.map { index[$0] ?? -1 }
            for r in 0..<table.rowCount {
                let v = raw[r * m + j]
                if v.isNaN { continue }
                raw[r * m + j] = map.isEmpty ? -1 : Float(map[Int(v)])
            }
        }
        var classes = classNames
        var classIndex = [String: Int32]()
        for (c, name) in classes.enumerated() { classIndex[name] = Int32(c) }
        let labels = table.labels.map { code -> Int32 in
            let name = table.classNames[Int(code)]
            if let c = classIndex[name] { return c }
            classes.append(name)
            classIndex[name] = Int32(classes.count - 1)
            return Int32(classes.count - 1)
        }
        let features = transformInPlace(&raw)
        return Dataset(features: features, featureCount: outputWidth, labels: labels, classNames: classes)
    }

    /// Encodes raw row-major values (`rowCount × plans.count`) into `rowCount × outputWidth`.
    public func transform(_ raw: [Float], context: ExecutionContext = .allCores) -> [Float] {
        var raw = raw
        return transformInPlace(&raw, context: context)
    }

    /// Encodes `table` into a `Dataset`, taking its raw values (the table's `values` are left
    /// empty) so the raw matrix can be reused in place when the encoding is no wider: peak
    /// memory stays near one copy of the matrix.
    public func encode(_ table: inout Table, context: ExecutionContext = .allCores) -> Dataset {
        var raw = table.values
        table.values = []
        let features = transformInPlace(&raw, context: context)
        return Dataset(features: features, featureCount: outputWidth, labels: table.labels, classNames: table.classNames)
    }

    /// Encodes raw row-major values held elsewhere (`rowCount × plans.count`, e.g. a caller's
    /// array reached through the C interface) into a new `rowCount × outputWidth` matrix,
    /// reading them in place: the same per-row code as `encode(_:)`, so the same values give
    /// bit-identical features.
    /// - Precondition: `values.count == rowCount × plans.count`, category codes as for `fit`.
    /// - Complexity: O(rows × output width), in parallel over row chunks.
    public func transform(values: UnsafeBufferPointer<Float>, rowCount n: Int,
                          context: ExecutionContext = .allCores) -> [Float] {
        let m = plans.count
        let w = outputWidth
        precondition(values.count == n * m, "values must hold rowCount × plans.count values")
        let offsets = outputOffsets
        let plans = self.plans
        // Every output value is written (each plan fills its own outputs), so the matrix is not
        // zeroed first.
        return [Float](unsafeUninitializedCapacity: n * w) { out, initialized in
            let inBox = UncheckedSendable(values), outBox = UnsafeMutableSendableBuffer(out)
            if w > 0 {
                Parallel.forEachChunk(count: n, grain: 8192, context: context) { rows in
                    for r in rows {
                        Self.encodeRow(inBox.value.baseAddress! + r * m, outBox.base.baseAddress! + r * w,
                                       plans: plans, offsets: offsets)
                    }
                }
            }
            initialized = n * w
        }
    }

    /// Where each plan's outputs start in an encoded row.
    private var outputOffsets: [Int] {
        var offsets = [Int](repeating: 0, count: plans.count)
        var o = 0
        for (j, plan) in plans.enumerated() {
            offsets[j] = o
            switch plan {
            case .scaled: o += 1
            case .oneHot(let k, _): o += k
            case .dropped: break
            }
        }
        return offsets
    }

    /// Encodes one raw row (`plans.count` values) into `output` (the encoded width).
    @inline(__always)
    private static func encodeRow(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>,
                                  plans: [Plan], offsets: [Int]) {
        for j in 0..<plans.count {
            let x = input[j]
            switch plans[j] {
            case let .scaled(lo, hi, mean):
                let v = x.isNaN ? mean : x
                let range = hi - lo
                // A range beyond Float's (e.g. -3e38 to 3e38) is taken in Double, not inf/inf = NaN.
                output[offsets[j]] = range.isFinite ? (v - lo) / range
                    : Float((Double(v) - Double(lo)) / (Double(hi) - Double(lo)))
            case let .oneHot(k, mode):
                let chosen = x.isNaN ? mode : Int(x)   // -1 (unknown category): no indicator
                for t in 0..<k { output[offsets[j] + t] = t == chosen ? 1 : 0 }
            case .dropped:
                break
            }
        }
    }

    private func transformInPlace(_ raw: inout [Float], context: ExecutionContext = .allCores) -> [Float] {
        let m = plans.count
        let w = outputWidth
        let n = m == 0 ? 0 : raw.count / m
        let offsets = outputOffsets
        let plans = self.plans
        @inline(__always) func encodeRow(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>) {
            Self.encodeRow(input, output, plans: plans, offsets: offsets)
        }
        if w == m {
            // Same width (every column scaled): rows are independent, encode in place in parallel.
            raw.withUnsafeMutableBufferPointer { buffer in
                let box = UnsafeMutableSendableBuffer(buffer)
                Parallel.forEachChunk(count: n, grain: 8192, context: context) { rows in
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
                Parallel.forEachChunk(count: n, grain: 8192, context: context) { rows in
                    for r in rows { encodeRow(inBox.value.baseAddress! + r * m, outBox.base.baseAddress! + r * w) }
                }
            }
        }
        return output
    }
}
