import GAIS

/// A labelled table held in the caller's memory (the C interface's input), encoded by the
/// project's own encoder (`TableEncoder.fit(values:…)` and `transform(values:…)`, the code
/// `gais select` runs on a file's table), so the same rows give the same features bit for bit.
///
/// Every check a C caller could get wrong is made here and thrown as `GAISError.invalidInput`,
/// so nothing reaches a precondition of the library.
public struct ArrayTable {
    /// The numeric feature matrix, row-major `rowCount × numericCount`, NaN = missing.
    public enum Numeric {
        case float32(UnsafeBufferPointer<Float>)
        case float64(UnsafeBufferPointer<Double>)
    }

    public let rowCount: Int
    public let numeric: Numeric
    public let numericCount: Int
    /// Row-major `rowCount × categoricalCount` category codes, −1 = missing.
    public let codes: UnsafeBufferPointer<Int32>
    public let categoricalCount: Int
    /// The position of each categorical column among all columns, strictly ascending.
    public let categoricalPositions: [Int]
    /// Each categorical column's category names, in the caller's code order.
    public let categories: [[String]]
    /// Class code of each row in `0..<classNames.count` (−1: missing).
    public let labels: UnsafeBufferPointer<Int32>
    /// Class names, in the caller's code order.
    public let classNames: [String]

    /// Checks shapes, positions and names.
    /// - Throws: `GAISError.invalidInput` for anything inconsistent.
    public init(rowCount: Int, numeric: Numeric, numericCount: Int, codes: UnsafeBufferPointer<Int32>,
                categoricalCount: Int, categoricalPositions: [Int]?, categories: [[String]],
                labels: UnsafeBufferPointer<Int32>, classNames: [String]) throws {
        guard rowCount >= 0 else { throw GAISError.invalidInput("n_rows must be ≥ 0, got \(rowCount)") }
        guard numericCount >= 0 else { throw GAISError.invalidInput("n_numeric must be ≥ 0, got \(numericCount)") }
        guard categoricalCount >= 0 else {
            throw GAISError.invalidInput("n_categorical must be ≥ 0, got \(categoricalCount)")
        }
        let numericValues: Int
        switch numeric {
        case .float32(let b): numericValues = b.count
        case .float64(let b): numericValues = b.count
        }
        let (cells, overflow) = rowCount.multipliedReportingOverflow(by: numericCount)
        let (codeCells, overflow2) = rowCount.multipliedReportingOverflow(by: categoricalCount)
        guard !overflow, !overflow2, numericCount <= Int(Int32.max), categoricalCount <= Int(Int32.max) else {
            throw GAISError.invalidInput("the table is too large (\(rowCount) rows × \(numericCount) + \(categoricalCount) columns)")
        }
        guard numericValues == cells else {
            throw GAISError.invalidInput("features hold \(numericValues) values, expected \(rowCount) rows × \(numericCount) columns")
        }
        guard codes.count == codeCells else {
            throw GAISError.invalidInput("codes hold \(codes.count) values, expected \(rowCount) rows × \(categoricalCount) columns")
        }
        guard labels.count == rowCount else {
            throw GAISError.invalidInput("\(labels.count) labels for \(rowCount) rows")
        }
        guard categories.count == categoricalCount else {
            throw GAISError.invalidInput("\(categories.count) category lists for \(categoricalCount) categorical columns")
        }
        let total = numericCount + categoricalCount
        let positions = categoricalPositions ?? Array(numericCount ..< total)
        guard positions.count == categoricalCount else {
            throw GAISError.invalidInput("\(positions.count) categorical positions for \(categoricalCount) categorical columns")
        }
        for (k, p) in positions.enumerated() {
            guard p >= 0 && p < total else {
                throw GAISError.invalidInput("categorical position \(p) is outside 0..<\(total) (the number of columns)")
            }
            guard k == 0 || p > positions[k - 1] else {
                throw GAISError.invalidInput("categorical positions must be strictly ascending, got \(positions[k - 1]) then \(p)")
            }
        }
        guard !classNames.isEmpty || rowCount == 0 else {
            throw GAISError.invalidInput("no class names for \(rowCount) labelled rows")
        }
        self.rowCount = rowCount
        self.numeric = numeric
        self.numericCount = numericCount
        self.codes = codes
        self.categoricalCount = categoricalCount
        self.categoricalPositions = positions
        self.categories = categories
        self.labels = labels
        self.classNames = classNames
    }

    /// The table's name in messages and reports.
    public static let path = "<array>"

    /// Number of feature columns.
    public var columnCount: Int { numericCount + categoricalCount }

    /// Whether the numeric matrix is read in place (float32 and no categorical columns to
    /// interleave): no copy of the input is made.
    public var readsInPlace: Bool {
        if case .float32 = numeric, categoricalCount == 0 { return true }
        return false
    }

    /// Column summaries of a whole table this one is a part of (a shard), in the caller's terms:
    /// encoding with them gives every part the whole's scaling, category columns and
    /// imputation, as if the whole had been fitted (`TableEncoder.ColumnSummary`).
    public struct Summaries {
        /// Per numeric column, in numeric order: min, max, sum and count of the non-missing
        /// values (min and max unused when count is 0).
        public var numeric: [(min: Double, max: Double, sum: Double, count: Double)]
        /// Per categorical column: the rows of the whole holding each category, in the caller's
        /// category order (the column's category names are the whole's categories).
        public var frequencies: [[Int64]]
        public init(numeric: [(min: Double, max: Double, sum: Double, count: Double)], frequencies: [[Int64]]) {
            self.numeric = numeric
            self.frequencies = frequencies
        }
    }

    /// Encodes the table as `gais select` encodes a file's table; with `summaries`, with the
    /// scaling of the whole table they summarise instead of this table's own.
    /// - Throws: `GAISError.invalidInput` for a missing or out-of-range label, an out-of-range
    ///   category code, an infinite value, repeated class or category names.
    public func encode(context: ExecutionContext = .allCores,
                       summaries: Summaries? = nil) throws -> (data: Dataset, encoder: TableEncoder) {
        // Classes in the readers' order, classes without rows dropped.
        let classOrder = try NameOrder.permutation(of: classNames, what: "class names")
        var present = [Bool](repeating: false, count: classNames.count)
        for r in 0..<rowCount {
            let code = labels[r]
            if code == -1 { throw GAISError.invalidInput("row \(r): missing class label") }
            guard code >= 0 && Int(code) < classNames.count else {
                throw GAISError.invalidInput("row \(r): class code \(code) is outside 0..<\(classNames.count) (the number of class names)")
            }
            present[Int(code)] = true
        }
        var sortedNames = [String](repeating: "", count: classNames.count)
        for (k, name) in classNames.enumerated() { sortedNames[Int(classOrder[k])] = name }
        var keptIndex = [Int32](repeating: -1, count: classNames.count)   // by sorted position
        var kept: [String] = []
        var presentSorted = [Bool](repeating: false, count: classNames.count)
        for k in 0..<classNames.count { presentSorted[Int(classOrder[k])] = present[k] }
        for s in 0..<sortedNames.count where presentSorted[s] {
            keptIndex[s] = Int32(kept.count)
            kept.append(sortedNames[s])
        }
        let labelMap = classOrder.map { keptIndex[Int($0)] }
        var codesOut = [Int32](repeating: 0, count: rowCount)
        for r in 0..<rowCount { codesOut[r] = labelMap[Int(labels[r])] }

        let (isCategorical, columns, categoryMaps) = try columnLayout()

        let encoder: TableEncoder
        let features: [Float]
        if case .float32(let values) = numeric, categoricalCount == 0 {
            if let summaries {
                encoder = TableEncoder(columns: columns, summaries: try columnSummaries(summaries, columns: columns, categoryMaps: categoryMaps))
                try Self.checkNoInfinity(values, rowCount: rowCount)
            } else {
                encoder = TableEncoder.fit(values: values, rowCount: rowCount, columns: columns, context: context)
                try Self.checkFinite(encoder, values: values, rowCount: rowCount)
            }
            features = encoder.transform(values: values, rowCount: rowCount, context: context)
        } else {
            var raw = try interleaved(isCategorical: isCategorical, categoryMaps: categoryMaps)
            if let summaries {
                encoder = TableEncoder(columns: columns, summaries: try columnSummaries(summaries, columns: columns, categoryMaps: categoryMaps))
                try raw.withUnsafeBufferPointer { try Self.checkNoInfinity($0, rowCount: rowCount) }
            } else {
                encoder = raw.withUnsafeBufferPointer {
                    TableEncoder.fit(values: $0, rowCount: rowCount, columns: columns, context: context)
                }
                try raw.withUnsafeBufferPointer { try Self.checkFinite(encoder, values: $0, rowCount: rowCount) }
            }
            features = raw.withUnsafeBufferPointer {
                encoder.transform(values: $0, rowCount: rowCount, context: context)
            }
            raw = []
        }
        return (Dataset(features: features, featureCount: encoder.outputWidth, labels: codesOut, classNames: kept),
                encoder)
    }

    /// The columns in position order: for each position its categorical column index (or −1),
    /// the encoder's column descriptions (categories in name order, as the CLI orders them), and
    /// per categorical column the permutation from the caller's codes to that order.
    private func columnLayout() throws -> (isCategorical: [Int], columns: [ColumnInfo], categoryMaps: [[Int32]]) {
        var isCategorical = [Int](repeating: -1, count: columnCount)
        for (k, p) in categoricalPositions.enumerated() { isCategorical[p] = k }
        var columns: [ColumnInfo] = []
        var categoryMaps: [[Int32]] = []
        for p in 0..<columnCount {
            if isCategorical[p] >= 0 {
                let k = isCategorical[p]
                let map = try NameOrder.permutation(of: categories[k], what: "categories of column \(p)")
                var ordered = [String](repeating: "", count: map.count)
                for (c, name) in categories[k].enumerated() { ordered[Int(map[c])] = name }
                columns.append(ColumnInfo(String(p), kind: .categorical(categories: ordered)))
                categoryMaps.append(map)
            } else {
                columns.append(ColumnInfo(String(p), kind: .numeric))
            }
        }
        return (isCategorical, columns, categoryMaps)
    }

    /// This table's column summaries in the caller's terms (`Summaries`): what fitting the
    /// encoder on it learns, to be combined with other parts' and given back for each part.
    /// - Throws: as `encode`.
    public func summaries(context: ExecutionContext = .allCores) throws -> Summaries {
        let (isCategorical, columns, categoryMaps) = try columnLayout()
        let raw = try interleaved(isCategorical: isCategorical, categoryMaps: categoryMaps)
        try raw.withUnsafeBufferPointer { try Self.checkNoInfinity($0, rowCount: rowCount) }
        let fitted = raw.withUnsafeBufferPointer {
            TableEncoder.summaries(values: $0, rowCount: rowCount, columns: columns, context: context)
        }
        var numeric: [(min: Double, max: Double, sum: Double, count: Double)] = []
        var frequencies: [[Int64]] = []
        for (p, summary) in fitted.enumerated() {
            switch summary {
            case let .numeric(lo, hi, sum, count):
                numeric.append(count == 0 ? (0, 0, 0, 0) : (Double(lo), Double(hi), sum, Double(count)))
            case let .categorical(ordered):
                let map = categoryMaps[isCategorical[p]]
                frequencies.append(map.map { Int64(ordered[Int($0)]) })
            }
        }
        return Summaries(numeric: numeric, frequencies: frequencies)
    }

    /// The caller's summaries as the encoder's, column by column in position order, with each
    /// categorical column's frequencies put into the readers' category order.
    private func columnSummaries(_ given: Summaries, columns: [ColumnInfo],
                                 categoryMaps: [[Int32]]) throws -> [TableEncoder.ColumnSummary] {
        guard given.numeric.count == numericCount else {
            throw GAISError.invalidInput("\(given.numeric.count) numeric summaries for \(numericCount) numeric columns")
        }
        guard given.frequencies.count == categoricalCount else {
            throw GAISError.invalidInput("\(given.frequencies.count) category frequency lists for \(categoricalCount) categorical columns")
        }
        var out: [TableEncoder.ColumnSummary] = []
        var numericIndex = 0, categoricalIndex = 0
        for (p, column) in columns.enumerated() {
            if case .categorical(let categories) = column.kind {
                let k = categoricalIndex
                categoricalIndex += 1
                let frequencies = given.frequencies[k]
                guard frequencies.count == categories.count else {
                    throw GAISError.invalidInput("column \(p): \(frequencies.count) category frequencies for \(categories.count) categories")
                }
                var ordered = [Int](repeating: 0, count: categories.count)
                for (c, f) in frequencies.enumerated() {
                    guard f >= 0 else { throw GAISError.invalidInput("column \(p): category frequency \(f) is negative") }
                    ordered[Int(categoryMaps[k][c])] = Int(f)
                }
                out.append(.categorical(frequencies: ordered))
            } else {
                let s = given.numeric[numericIndex]
                numericIndex += 1
                guard s.count >= 0, s.count.rounded() == s.count, s.count < 9.0e15 else {
                    throw GAISError.invalidInput("column \(p): the count of values must be a whole number ≥ 0, got \(s.count)")
                }
                if s.count == 0 {
                    out.append(.numeric(min: .infinity, max: -.infinity, sum: 0, count: 0))
                    continue
                }
                let lo = Float(s.min), hi = Float(s.max)
                guard lo.isFinite, hi.isFinite, s.sum.isFinite, lo <= hi else {
                    throw GAISError.invalidInput("column \(p): the summary needs finite min ≤ max and sum, got min \(s.min), max \(s.max), sum \(s.sum)")
                }
                out.append(.numeric(min: lo, max: hi, sum: s.sum, count: Int(s.count)))
            }
        }
        return out
    }

    /// Refuses infinite values when the scaling is given rather than fitted (a fitted column
    /// would show them in its bounds).
    private static func checkNoInfinity(_ values: UnsafeBufferPointer<Float>, rowCount: Int) throws {
        let m = rowCount == 0 ? 0 : values.count / rowCount
        for (i, v) in values.enumerated() where v.isInfinite {
            throw GAISError.invalidInput("row \(i / m), column \(i % m): a value is infinite or out of range")
        }
    }

    /// The raw matrix `Table.values` would hold: numeric values as Floats, category codes
    /// renumbered into the readers' order, as Floats (NaN = missing), columns in position order.
    private func interleaved(isCategorical: [Int], categoryMaps: [[Int32]]) throws -> [Float] {
        let m = columnCount
        var raw = [Float](repeating: 0, count: rowCount * m)
        let p = numericCount, q = categoricalCount
        // Destination column of each numeric column.
        let numericColumns = (0..<m).filter { isCategorical[$0] < 0 }
        raw.withUnsafeMutableBufferPointer { out in
            switch numeric {
            case .float32(let v):
                for r in 0..<rowCount { for (j, c) in numericColumns.enumerated() { out[r * m + c] = v[r * p + j] } }
            case .float64(let v):
                for r in 0..<rowCount { for (j, c) in numericColumns.enumerated() { out[r * m + c] = Float(v[r * p + j]) } }
            }
        }
        for (k, c) in categoricalPositions.enumerated() {
            let map = categoryMaps[k]
            for r in 0..<rowCount {
                let code = codes[r * q + k]
                if code == -1 { raw[r * m + c] = .nan; continue }
                guard code >= 0 && Int(code) < map.count else {
                    throw GAISError.invalidInput("row \(r), column \(c): category code \(code) is outside -1..<\(map.count) (-1 = missing)")
                }
                raw[r * m + c] = Float(map[Int(code)])
            }
        }
        return raw
    }

    /// Refuses infinite values, as the readers refuse a file's `inf`. A column holding one
    /// shows a non-finite bound once fitted, unless every value it holds is the same infinity
    /// (then it is dropped as constant): only those dropped columns are scanned again.
    private static func checkFinite(_ encoder: TableEncoder, values: UnsafeBufferPointer<Float>, rowCount: Int) throws {
        let m = encoder.plans.count
        for (j, plan) in encoder.plans.enumerated() {
            switch plan {
            case let .scaled(lo, hi, _):
                if !lo.isFinite || !hi.isFinite {
                    throw GAISError.invalidInput("column \(j): a value is infinite or out of range")
                }
            case .dropped:
                if encoder.categoryNames[j] != nil { continue }   // a categorical column with < 2 categories
                for r in 0..<rowCount where values[r * m + j].isInfinite {
                    throw GAISError.invalidInput("row \(r), column \(j): a value is infinite or out of range")
                }
            case .oneHot:
                break
            }
        }
    }
}
