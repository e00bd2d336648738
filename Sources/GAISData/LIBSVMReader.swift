import GAISCore

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
        var newlines = 0
        var error: ChunkError?
    }

    static func read(_ file: MappedFile, options: ReadOptions) throws -> Table {
        guard let p = file.bytes.baseAddress else {
            throw GAISError.malformedData(file: file.path, line: 1, message: "the file is empty")
        }
        let count = file.bytes.count
        let chunkCount = max(1, min(4096, count / (1 << 20)))
        var starts = [0]
        for c in 1..<max(1, chunkCount) {
            var i = c * (count / chunkCount)
            while i < count && p[i - 1] != 10 { i += 1 }
            starts.append(max(i, starts.last!))
        }
        starts.append(count)
        let chunks = Parallel.map(count: chunkCount) { c in parseChunk(p, from: starts[c], to: starts[c + 1]) }
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
            throw GAISError.invalidInput("--label does not apply to LIBSVM files: the label is the first field of each line")
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
        return Table(file: file, format: .libsvm, headerRange: 0..<0, rowStarts: rowStarts, rowEnds: rowEnds,
                     rowLines: rowLines, columns: columns, labelName: "label", labelPosition: 0, values: values,
                     labels: labels, classNames: classNames)
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
            let label = String(decoding: UnsafeBufferPointer(start: p + first.lowerBound, count: first.count), as: UTF8.self)
            if label.contains(":") { return fail("the line starts with \(label.quotedForMessage); expected a class label first") }
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
                rows.maxIndex = max(rows.maxIndex, index)
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
