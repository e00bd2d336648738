import GAISCore
#if canImport(Glibc)
import Glibc
#endif

/// Reads LIBSVM / SVMlight files: `label index:value index:value …` per line, 1-based
/// ascending indices, absent entries meaning 0, `#` starting a comment. Rows are made dense
/// with one column per index up to the largest seen; columns are named by their index.
enum LIBSVMReader {
    struct ChunkRows {
        var labels: [String] = []
        var starts: [Int] = []
        var ends: [Int] = []
        var lines: [Int32] = []
        var entryStart: [Int] = [0]
        var indices: [Int32] = []
        var values: [Float] = []
        var maxIndex = 0
        /// Chunk-relative line of the row holding `maxIndex`.
        var maxIndexLine: Int32 = 0
        var newlines = 0
        var error: ChunkError?
    }

    static func read(_ file: MappedFile, options: ReadOptions) throws -> Table {
        guard let p = file.bytes.baseAddress else {
            throw GAISError.malformedData(file: file.path, line: 1, message: "the file is empty")
        }
        let count = file.bytes.count
        let chunkCount = max(1, min(4096, count / (1 << 20)))
        let bom = file.byteOrderMarkLength   // a UTF-8 byte-order mark is not part of the first label
        let starts = file.newlineCuts(count: chunkCount, from: bom, to: count)
        let chunks = Parallel.map(count: chunkCount) { c in
            defer { file.releasePages(starts[c] ..< starts[c + 1]) }
            return parseChunk(p, from: starts[c], to: starts[c + 1])
        }
        var line = 1
        var chunkLine: [Int] = []
        for chunk in chunks { chunkLine.append(line); line += chunk.newlines }
        for (c, chunk) in chunks.enumerated() {
            if let error = chunk.error {
                throw GAISError.malformedData(file: file.path, line: chunkLine[c] + error.localLine, message: error.message)
            }
        }
        let rowCount = chunks.reduce(0) { $0 + $1.labels.count }
        guard rowCount > 0 else { throw GAISError.malformedData(file: file.path, line: 1, message: "no data rows") }
        let featureCount = chunks.map(\.maxIndex).max() ?? 0
        guard featureCount > 0 else {
            throw GAISError.malformedData(file: file.path, line: 1, message: "no feature values in any row")
        }
        switch options.label {
        case .automatic: break
        default:
            throw GAISError.invalidInput("\(file.path): --label does not apply to LIBSVM files: the label is the first field of each line")
        }
        // Rows are made dense: refuse, before allocating, what would not fit.
        let (cells, overflow) = rowCount.multipliedReportingOverflow(by: featureCount)
        let limit = options.denseByteLimit ?? LIBSVMReader.denseByteLimit
        if overflow || cells > limit / MemoryLayout<Float>.stride {
            let widest = chunks.enumerated().max { $0.element.maxIndex < $1.element.maxIndex }!
            let need = Double(rowCount) * Double(featureCount) * Double(MemoryLayout<Float>.stride)
            throw GAISError.malformedData(file: file.path, line: chunkLine[widest.offset] + Int(widest.element.maxIndexLine),
                message: "feature index \(featureCount) makes the \(rowCount) rows dense \(LIBSVMReader.describeBytes(need)) "
                    + "(\(rowCount) × \(featureCount) × 4 bytes), more than the \(LIBSVMReader.describeBytes(Double(limit))) allowed "
                    + "(\(options.denseByteLimit == nil ? "a quarter of this machine's memory" : "the read option's limit")); sparse rows are not supported")
        }
        var values = [Float](repeating: 0, count: rowCount * featureCount)
        var rowStarts: [Int] = [], rowEnds: [Int] = [], rowLines: [Int32] = []
        rowStarts.reserveCapacity(rowCount); rowEnds.reserveCapacity(rowCount); rowLines.reserveCapacity(rowCount)
        let (classNames, remaps) = DelimitedParser.mergeDictionaries(chunks.map { uniqueInOrder($0.labels) }, declared: nil)
        var labels: [Int32] = []
        labels.reserveCapacity(rowCount)
        var row = 0
        for (c, chunk) in chunks.enumerated() {
            var local = [String: Int32]()
            for (k, name) in uniqueInOrder(chunk.labels).enumerated() { local[name] = remaps[c][k] }
            for r in 0..<chunk.labels.count {
                labels.append(local[chunk.labels[r]]!)
                rowStarts.append(chunk.starts[r]); rowEnds.append(chunk.ends[r])
                rowLines.append(Int32(truncatingIfNeeded: chunkLine[c]) + chunk.lines[r])
                for e in chunk.entryStart[r]..<chunk.entryStart[r + 1] {
                    values[row * featureCount + Int(chunk.indices[e]) - 1] = chunk.values[e]
                }
                row += 1
            }
        }
        let columns = (1...featureCount).map { ColumnInfo(name: String($0), kind: .numeric, missingCount: 0) }
        // What precedes the first row (blank and comment lines, a byte-order mark) is written
        // before kept rows, so the output reads exactly like the input.
        return Table(file: file, format: .libsvm, headerRange: 0..<rowStarts[0], rowStarts: rowStarts, rowEnds: rowEnds,
                     rowLines: rowLines, columns: columns, labelName: "label", labelPosition: 0, values: values,
                     labels: labels, classNames: classNames)
    }

    /// Most bytes the dense feature matrix may take: a quarter of physical memory (the table's
    /// matrix and the encoded one both hold it), at least 256 MB.
    static var denseByteLimit: Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return 1 << 32 }
        let (total, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        return max(1 << 28, overflow ? Int.max / 4 : total / 4)
    }

    /// "would need 39.9 GB" style text.
    static func describeBytes(_ bytes: Double) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
        var value = bytes, unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        let rounded = (value * 10).rounded() / 10
        return (bytes > 0 && unit > 0 ? "\(rounded) " : "\(Int(value)) ") + units[unit]
    }

    /// The class name of a label token: numbers are one class however written (`+1`, `1`,
    /// `1.0`, `1e0` are all `1`); any other text is kept as it is.
    static func canonicalLabel(_ text: String) -> String {
        var bytes = Array(text.utf8)
        let decimal: Bool = bytes.withUnsafeMutableBufferPointer { b in
            // [+-]? digits [. digits] [(e|E) [+-]? digits], or [+-]? . digits …
            var i = 0, digits = 0
            let n = b.count
            if i < n && (b[i] == 43 || b[i] == 45) { i += 1 }
            while i < n && b[i] &- 48 < 10 { i += 1; digits += 1 }
            if i < n && b[i] == 46 { i += 1; while i < n && b[i] &- 48 < 10 { i += 1; digits += 1 } }
            guard digits > 0 else { return false }
            if i < n && (b[i] == 101 || b[i] == 69) {
                i += 1
                if i < n && (b[i] == 43 || b[i] == 45) { i += 1 }
                let start = i
                while i < n && b[i] &- 48 < 10 { i += 1 }
                if i == start { return false }
            }
            return i == n
        }
        guard decimal, let value = Double(text), value.isFinite else { return text }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func uniqueInOrder(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// A signed decimal integer in `p[start..<end]`, or nil (empty, other bytes, over 18 digits).
    static func parseIndex(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var i = start
        var negative = false
        if i < end && (p[i] == 45 || p[i] == 43) { negative = p[i] == 45; i += 1 }
        guard i < end && end - i <= 18 else { return nil }
        var value = 0
        while i < end {
            guard p[i] &- 48 < 10 else { return nil }
            value = value * 10 + Int(p[i] &- 48)
            i += 1
        }
        return negative ? -value : value
    }

    static func parseChunk(_ p: UnsafePointer<UInt8>, from start: Int, to stop: Int) -> ChunkRows {
        var rows = ChunkRows()
        var i = start
        var line: Int32 = 0
        var tokens: [Range<Int>] = []   // reused for every line
        while i < stop {
            var lineStop = i
            while lineStop < stop && p[lineStop] != 10 { lineStop += 1 }
            defer {
                if lineStop < stop { rows.newlines += 1 }
                i = lineStop + 1
                line += 1
            }
            var end = lineStop
            if let hash = (i..<lineStop).first(where: { p[$0] == 35 }) { end = hash }
            tokens.removeAll(keepingCapacity: true)
            var k = i
            while k < end {
                while k < end && (p[k] == 32 || p[k] == 9 || p[k] == 13) { k += 1 }
                let s = k
                while k < end && !(p[k] == 32 || p[k] == 9 || p[k] == 13) { k += 1 }
                if k > s { tokens.append(s..<k) }
            }
            guard let first = tokens.first else { continue }
            let fail = { (message: String) -> ChunkRows in
                var failed = rows
                failed.error = ChunkError(localLine: Int(line), message: message)
                return failed
            }
            let rawLabel = String(decoding: UnsafeBufferPointer(start: p + first.lowerBound, count: first.count), as: UTF8.self)
            if rawLabel.contains(":") { return fail("the line starts with \(rawLabel.quotedForMessage); expected a class label first") }
            if NumberParser.isMissing(p + first.lowerBound, first.count) { return fail("missing class label") }
            let label = canonicalLabel(rawLabel)
            var previous = 0
            for token in tokens.dropFirst() {
                // Parsed in place; text is made only for error messages.
                let text = { String(decoding: UnsafeBufferPointer(start: p + token.lowerBound, count: token.count), as: UTF8.self) }
                guard let colon = (token.lowerBound..<token.upperBound).first(where: { p[$0] == 58 }) else {
                    return fail("expected index:value, found \(text().quotedForMessage)")
                }
                let indexText = { String(decoding: UnsafeBufferPointer(start: p + token.lowerBound, count: colon - token.lowerBound), as: UTF8.self) }
                if colon - token.lowerBound == 3 && p[token.lowerBound] == 113 && p[token.lowerBound + 1] == 105
                    && p[token.lowerBound + 2] == 100 { continue }   // "qid"
                guard let index = parseIndex(p, token.lowerBound, colon) else {
                    return fail("feature index \(indexText().quotedForMessage) is not a number")
                }
                guard index >= 1 else { return fail("feature index \(index) must be 1 or more (indices are 1-based)") }
                guard index > previous else { return fail("feature index \(index) is not above the previous index \(previous)") }
                guard index <= 10_000_000 else { return fail("feature index \(index) is too large") }
                previous = index
                switch NumberParser.parse(p + colon + 1, token.upperBound - colon - 1) {
                case .value(let v):
                    rows.indices.append(Int32(index)); rows.values.append(v)
                case .missing, .notANumber:
                    let value = String(decoding: UnsafeBufferPointer(start: p + colon + 1, count: token.upperBound - colon - 1), as: UTF8.self)
                    return fail("value \(value.quotedForMessage) of feature \(index) is not a number")
                case .outOfRange:
                    return fail("value of feature \(index) is infinite or out of range")
                }
                if index > rows.maxIndex { rows.maxIndex = index; rows.maxIndexLine = line }
            }
            rows.labels.append(label)
            rows.starts.append(i)
            rows.ends.append(lineStop < stop ? lineStop + 1 : stop)
            rows.lines.append(line)
            rows.entryStart.append(rows.indices.count)
        }
        return rows
    }
}
