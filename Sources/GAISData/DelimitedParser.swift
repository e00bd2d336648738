import GAISCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How one column of a delimited file is to be read.
enum ColumnSpec: Sendable {
    /// Declared numeric (KEEL real/integer, ARFF numeric): non-numbers are errors.
    case number
    /// Declared nominal with its values: undeclared values are errors.
    case nominal([String])
    /// Declared text (ARFF string/date): every value is a category.
    case text
    /// Undeclared (CSV): numeric unless some value is not a number.
    case inferred
}

/// The layout of a delimited data section, from a header or the first record.
struct DelimitedLayout: Sendable {
    var names: [String]
    var specs: [ColumnSpec]
    var labelPosition: Int
    var delimiter: UInt8
    var quoteA: UInt8
    var quoteB: UInt8
    /// Lines starting with this byte (after spaces) are comments (`%` in KEEL/ARFF), 0 = none.
    var commentByte: UInt8
}

/// A data error found in a chunk: line relative to the chunk's first line.
struct ChunkError {
    var localLine: Int
    var message: String
}

/// Parses the data section of a CSV, KEEL or ARFF file in parallel chunks that split at record
/// boundaries, straight into one row-major `Float` matrix.
///
/// Pass 1 counts records per chunk (so each chunk knows its first row), pass 2 parses numbers,
/// interns labels and declared text per chunk, pass 3 (only when a CSV column turns out to hold
/// text) re-reads those columns as categories. Chunk dictionaries are merged in chunk order, so
/// the result does not depend on the number of threads.
struct DelimitedParser {
    let file: MappedFile
    let layout: DelimitedLayout
    let dataStart: Int
    /// 1-based line number of the line at `dataStart`.
    let firstLine: Int

    /// Chunk boundaries (record starts) and, per chunk, records and newlines.
    private struct ChunkPlan {
        var starts: [Int]      // chunkCount + 1 offsets
        var records: [Int]     // per chunk
        var newlines: [Int]    // per chunk
        var hasQuotes = false  // whether the data section holds a quote byte anywhere
        /// A record that could not be split (the plan ends before it): line and message.
        var pendingError: (line: Int, message: String)? = nil
    }

    static let targetChunkBytes = 1 << 20

    func parse(format: TableFormat) throws -> Table {
        let bytes = file.bytes
        let end = bytes.count
        let plan = try planChunks(end: end)
        let chunkCount = plan.records.count
        var firstRow = [Int](repeating: 0, count: chunkCount + 1)
        var chunkLine = [Int](repeating: firstLine, count: chunkCount + 1)
        for c in 0..<chunkCount {
            firstRow[c + 1] = firstRow[c] + plan.records[c]
            chunkLine[c + 1] = chunkLine[c] + plan.newlines[c]
        }
        let rowCount = firstRow[chunkCount]
        let columnCount = layout.names.count
        let featureCount = columnCount - 1
        if rowCount == 0, let pending = plan.pendingError {
            throw GAISError.malformedData(file: file.path, line: pending.line, message: pending.message)
        }
        if rowCount == 0 {
            throw GAISError.malformedData(file: file.path, line: chunkLine[chunkCount], message: "no data rows")
        }

        var labels = [Int32](repeating: 0, count: rowCount)
        var rowStarts = [Int](repeating: 0, count: rowCount)
        var rowEnds = [Int](repeating: 0, count: rowCount)
        var rowLines = [Int32](repeating: 0, count: rowCount)
        var results = [ChunkResult?](repeating: nil, count: chunkCount)

        // Pass 2: parse every chunk into its rows.
        let featureSpecs = (0..<columnCount).filter { $0 != layout.labelPosition }.map { layout.specs[$0] }
        let nominalLookup: [[String: Int]?] = featureSpecs.map { spec in
            if case .nominal(let values) = spec {
                var map = [String: Int]()
                for (k, v) in values.enumerated() where map[v] == nil { map[v] = k }
                return map
            }
            return nil
        }
        // The feature matrix is not zero-filled up front: each chunk zeroes its own rows right
        // before parsing them, so the pages are first touched by the threads that fill them
        // (a million rows × 50 is 200 MB: a single-threaded fill is measurable, see BENCHMARKS.md).
        var values = [Float](unsafeUninitializedCapacity: rowCount * featureCount) { valuesOut, initialized in
        labels.withUnsafeMutableBufferPointer { labelsOut in
        rowStarts.withUnsafeMutableBufferPointer { startsOut in
        rowEnds.withUnsafeMutableBufferPointer { endsOut in
        rowLines.withUnsafeMutableBufferPointer { linesOut in
        results.withUnsafeMutableBufferPointer { resultsOut in
            HugePages.advise(UnsafeMutableRawPointer(valuesOut.baseAddress), byteCount: valuesOut.count * 4)
            let out = ChunkOutputs(values: .init(valuesOut), labels: .init(labelsOut), starts: .init(startsOut),
                                   ends: .init(endsOut), lines: .init(linesOut))
            let resultsBox = UnsafeMutableSendableBuffer(resultsOut)
            Parallel.forEach(count: chunkCount) { c in
                let rows = firstRow[c] ..< firstRow[c + 1]
                if let base = out.values.base.baseAddress, featureCount > 0 {
                    (base + rows.lowerBound * featureCount).initialize(repeating: 0, count: rows.count * featureCount)
                }
                resultsBox.base[c] = parseChunk(from: plan.starts[c], to: plan.starts[c + 1], quoted: plan.hasQuotes,
                                                rows: rows,
                                                firstLine: chunkLine[c], featureSpecs: featureSpecs,
                                                nominalLookup: nominalLookup, out: out)
                file.releasePages(plan.starts[c] ..< plan.starts[c + 1])
            }
        }}}}}
            initialized = rowCount * featureCount
        }

        // The first error in file order wins.
        for c in 0..<chunkCount {
            if let error = results[c]?.error {
                throw GAISError.malformedData(file: file.path, line: chunkLine[c] + error.localLine, message: error.message)
            }
        }
        if let pending = plan.pendingError {
            throw GAISError.malformedData(file: file.path, line: pending.line, message: pending.message)
        }
        let chunkResults = results.map { $0! }

        // Merge label dictionaries in chunk order; class names sorted (numerically when all are numbers).
        let labelMaps = chunkResults.map { $0.labelNames }
        let (classNames, labelRemap) = DelimitedParser.mergeDictionaries(labelMaps, declared: labelDeclared())
        remap(&labels, firstRow: firstRow, remaps: labelRemap)

        // Columns that hold text: declared text, or inferred columns where some value is not a number.
        var textColumns = [Bool](repeating: false, count: featureCount)
        var missing = [Int](repeating: 0, count: featureCount)
        for r in chunkResults {
            for j in 0..<featureCount {
                if r.sawText[j] { textColumns[j] = true }
                missing[j] += r.missing[j]
            }
        }
        var kinds = [ColumnKind](repeating: .numeric, count: featureCount)
        for j in 0..<featureCount {
            switch featureSpecs[j] {
            case .nominal(let declared):
                kinds[j] = .categorical(categories: declared)
            case .text:
                let maps = chunkResults.map { $0.textNames[j] ?? [] }
                let (names, remaps) = DelimitedParser.mergeDictionaries(maps, declared: nil)
                remapColumn(&values, column: j, featureCount: featureCount, firstRow: firstRow, remaps: remaps)
                kinds[j] = .categorical(categories: names)
            case .number:
                break
            case .inferred:
                if textColumns[j] {
                    // Pass 3: read this column again as text.
                    let (names, missingCount) = try reinterpretAsText(column: j, plan: plan, firstRow: firstRow,
                                                                     chunkLine: chunkLine, values: &values,
                                                                     featureCount: featureCount)
                    kinds[j] = .categorical(categories: names)
                    missing[j] = missingCount
                }
            }
        }

        let featureNames = (0..<columnCount).filter { $0 != layout.labelPosition }.map { layout.names[$0] }
        let columns = (0..<featureCount).map {
            ColumnInfo(name: featureNames[$0], kind: kinds[$0], missingCount: missing[$0])
        }
        return Table(file: file, format: format, headerRange: 0..<dataStart, rowStarts: rowStarts, rowEnds: rowEnds,
                     rowLines: rowLines, columns: columns, labelName: layout.names[layout.labelPosition],
                     labelPosition: layout.labelPosition, values: values, labels: labels, classNames: classNames)
    }

    private func labelDeclared() -> [String]? {
        if case .nominal(let declared) = layout.specs[layout.labelPosition] { return declared }
        return nil
    }

    // MARK: - Chunk planning

    private func isBlankOrComment(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end && (p[i] == 32 || p[i] == 9 || p[i] == 13) { i += 1 }
        if i >= end || p[i] == 10 { return true }
        return layout.commentByte != 0 && p[i] == layout.commentByte
    }

    private func planChunks(end: Int) throws -> ChunkPlan {
        guard let base = file.bytes.baseAddress, dataStart < end else {
            return ChunkPlan(starts: [dataStart, dataStart], records: [0], newlines: [0])
        }
        let size = end - dataStart
        let chunkCount = max(1, min(4096, size / DelimitedParser.targetChunkBytes))
        // One parallel pass over even chunks (cut at the first newline after each split point)
        // looks for a quote byte and, in a chunk without one, counts its records. Records never
        // span lines when no chunk holds a quote, and then that pass is the whole plan.
        let chunkStarts = file.newlineCuts(count: chunkCount, from: dataStart, to: end)
        var counts = [Int](repeating: 0, count: chunkCount)
        var lineCounts = [Int](repeating: 0, count: chunkCount)
        var quoted = [Bool](repeating: false, count: chunkCount)
        let quoteA = layout.quoteA, quoteB = layout.quoteB
        counts.withUnsafeMutableBufferPointer { rec in
        lineCounts.withUnsafeMutableBufferPointer { nl in
        quoted.withUnsafeMutableBufferPointer { q in
            let recBox = UnsafeMutableSendableBuffer(rec), nlBox = UnsafeMutableSendableBuffer(nl)
            let quotedBox = UnsafeMutableSendableBuffer(q)
            Parallel.forEach(count: chunkCount) { c in
                let stop = chunkStarts[c + 1]
                defer { file.releasePages(chunkStarts[c] ..< stop) }
                if quoteA != 0 && DelimitedParser.holdsQuote(base, from: chunkStarts[c], to: stop, quoteA, quoteB) {
                    quotedBox.base[c] = true
                    return
                }
                var i = chunkStarts[c]
                var count = 0, lines = 0
                while i < stop {
                    let j = DelimitedParser.lineEnd(base, i, stop)
                    if !isBlankOrComment(base, i, j) { count += 1 }
                    if j < stop { lines += 1 }
                    i = j + 1
                }
                recBox.base[c] = count
                nlBox.base[c] = lines
            }
        }}}
        if !quoted.contains(true) {
            return ChunkPlan(starts: chunkStarts, records: counts, newlines: lineCounts, hasQuotes: false)
        }
        // Quoted fields may hold newlines: one sequential scan splits every record with the same
        // splitter pass 2 uses (a quote opens a quoted field only at the start of a field; inside
        // an unquoted field it is an ordinary byte, RFC 4180), so both passes agree on where each
        // record ends. A record the splitter refuses ends the plan; its error is reported unless
        // an earlier record has one.
        let splitter = FieldSplitter(delimiter: layout.delimiter, quoteA: layout.quoteA, quoteB: layout.quoteB)
        let fields = FieldBuffer()
        var starts = [dataStart]
        var records: [Int] = []
        var newlines: [Int] = []
        var pendingError: (line: Int, message: String)? = nil
        var i = dataStart
        var count = 0, lines = 0
        var line = firstLine
        let target = DelimitedParser.targetChunkBytes
        while i < end {
            let lineStop = lineEnd(base, i, end)
            if isBlankOrComment(base, i, lineStop) {
                if lineStop < end { lines += 1; line += 1 }
                i = lineStop + 1
                continue
            }
            var recordLines = 0
            let next: Int
            do {
                next = try splitter.split(base, start: i, limit: end, into: fields, newlines: &recordLines)
            } catch {
                pendingError = (line, error.message)
                break
            }
            count += 1
            lines += recordLines
            line += recordLines
            i = next
            if i - starts.last! >= target && i < end {
                file.releasePages(starts.last! ..< i)
                starts.append(i)
                records.append(count)
                newlines.append(lines)
                count = 0
                lines = 0
            }
        }
        starts.append(pendingError == nil ? max(end, starts.last!) : max(i, starts.last!))
        records.append(count)
        newlines.append(lines)
        return ChunkPlan(starts: starts, records: records, newlines: newlines, hasQuotes: true,
                         pendingError: pendingError)
    }

    @inline(__always)
    private func lineEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        DelimitedParser.lineEnd(p, start, end)
    }

    /// Offset of the next `\n` at or after `start`, or `end` (memchr is vectorised by libc).
    @inline(__always)
    static func lineEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        guard start < end, let hit = memchr(p + start, 10, end - start) else { return end }
        return p.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether `from..<to` holds either quote byte (memchr is vectorised by libc).
    static func holdsQuote(_ p: UnsafePointer<UInt8>, from: Int, to: Int, _ a: UInt8, _ b: UInt8) -> Bool {
        guard from < to else { return false }
        if memchr(p + from, Int32(a), to - from) != nil { return true }
        return b != a && memchr(p + from, Int32(b), to - from) != nil
    }

    // MARK: - Chunk parsing

    /// Output buffers shared by all chunks; each chunk writes only its own rows.
    struct ChunkOutputs: @unchecked Sendable {
        let values: UnsafeMutableSendableBuffer<Float>
        let labels: UnsafeMutableSendableBuffer<Int32>
        let starts: UnsafeMutableSendableBuffer<Int>
        let ends: UnsafeMutableSendableBuffer<Int>
        let lines: UnsafeMutableSendableBuffer<Int32>
    }

    struct ChunkResult {
        var labelNames: [String] = []
        var textNames: [[String]?]
        var sawText: [Bool]
        var missing: [Int]
        var error: ChunkError?
    }

    /// Parses the records of `start..<stop` into rows `rows` (the planner's count). Every write
    /// goes to a row inside `rows`: a record beyond them, or fewer records, is an error, never
    /// a write past the buffers, whatever the input.
    private func parseChunk(from start: Int, to stop: Int, quoted: Bool, rows: Range<Int>, firstLine: Int,
                            featureSpecs: [ColumnSpec], nominalLookup: [[String: Int]?],
                            out: ChunkOutputs) -> ChunkResult {
        let featureCount = featureSpecs.count
        let columnCount = featureCount + 1
        let labelPosition = layout.labelPosition
        var result = ChunkResult(textNames: [[String]?](repeating: nil, count: featureCount),
                                 sawText: [Bool](repeating: false, count: featureCount),
                                 missing: [Int](repeating: 0, count: featureCount))
        var labelLookup: Set<String>? = nil
        if let declared = labelDeclared() { labelLookup = Set(declared) }
        var textIndex = [[String: Int32]](repeating: [:], count: featureCount)
        let splitter = FieldSplitter(delimiter: layout.delimiter, quoteA: layout.quoteA, quoteB: layout.quoteB)
        let fields = FieldBuffer(capacity: columnCount + 1)
        guard let p = file.bytes.baseAddress else { return result }
        var i = start
        var line = 0          // lines since the chunk's first line
        var row = rows.lowerBound
        let rowLimit = rows.upperBound
        let values = out.values.base
        // Fast path for the common case (numbers only, no quotes, no declared label values):
        // one pass per record that finds and parses each field at once. Any record it cannot
        // take whole (text, missing values, quotes, wrong field count) goes the general way.
        let fast = labelLookup == nil && featureSpecs.allSatisfy {
            if case .number = $0 { return true }
            if case .inferred = $0 { return true }
            return false
        } && (!quoted || !DelimitedParser.holdsQuote(p, from: start, to: stop, layout.quoteA, layout.quoteB))   // per chunk only when the file has quotes
        var labelCache = LabelCache()
        while i < stop {
            if fast && row < rowLimit, let next = fastRecord(p, start: i, stop: stop, columnCount: columnCount,
                                          values: values.baseAddress! + row * featureCount, labelCache: &labelCache,
                                          result: &result) {
                out.starts.base[row] = i
                out.ends.base[row] = next
                out.lines.base[row] = Int32(truncatingIfNeeded: firstLine + line)
                out.labels.base[row] = labelCache.lastCode
                line += 1
                row += 1
                i = next
                continue
            }
            let lineStop = lineEnd(p, i, stop)
            if isBlankOrComment(p, i, lineStop) {
                if lineStop < stop { line += 1 }
                i = lineStop + 1
                continue
            }
            let recordLine = line
            var consumed = 0
            let next: Int
            do {
                next = try splitter.split(p, start: i, limit: stop, into: fields, newlines: &consumed)
            } catch {
                result.error = ChunkError(localLine: recordLine, message: error.message)
                return result
            }
            if fields.count != columnCount {
                result.error = ChunkError(localLine: recordLine,
                                          message: "expected \(columnCount) fields, found \(fields.count)")
                return result
            }
            guard row < rowLimit else {
                result.error = ChunkError(localLine: recordLine, message: "more records than the chunk plan counted (internal error)")
                return result
            }
            out.starts.base[row] = i
            out.ends.base[row] = next
            out.lines.base[row] = Int32(truncatingIfNeeded: firstLine + recordLine)
            // Label.
            let labelField = fields[labelPosition]
            if labelField.end == labelField.start || NumberParser.isMissing(p + labelField.start, labelField.end - labelField.start) && !labelField.quoted {
                result.error = ChunkError(localLine: recordLine, message: "missing class label")
                return result
            }
            let labelText = splitter.text(p, labelField)
            if let declared = labelLookup, !declared.contains(labelText) {
                result.error = ChunkError(localLine: recordLine,
                    message: "class \(labelText.quotedForMessage) is not declared in the header")
                return result
            }
            let code = labelCache.code(for: labelText, bytes: UnsafeBufferPointer(start: p + labelField.start,
                                                                                  count: labelField.end - labelField.start),
                                       escaped: labelField.escaped, names: &result.labelNames)
            out.labels.base[row] = code
            // Features.
            var j = 0
            let rowBase = row * featureCount
            for position in 0..<columnCount where position != labelPosition {
                let field = fields[position]
                let fp = p + field.start
                let length = field.end - field.start
                switch featureSpecs[j] {
                case .number, .inferred:
                    switch NumberParser.parse(fp, length) {
                    case .value(let v):
                        values[rowBase + j] = v
                    case .missing:
                        values[rowBase + j] = .nan
                        result.missing[j] += 1
                    case .notANumber:
                        if case .number = featureSpecs[j] {
                            result.error = ChunkError(localLine: recordLine,
                                message: "column \(layout.names[position].quotedForMessage) is numeric, found \(splitter.text(p, field).quotedForMessage)")
                            return result
                        }
                        result.sawText[j] = true
                        values[rowBase + j] = .nan
                    case .outOfRange:
                        result.error = ChunkError(localLine: recordLine,
                            message: "column \(layout.names[position].quotedForMessage): \(splitter.text(p, field).quotedForMessage) is infinite or out of range")
                        return result
                    }
                case .nominal:
                    if !field.quoted && NumberParser.isMissing(fp, length) {
                        values[rowBase + j] = .nan
                        result.missing[j] += 1
                    } else {
                        let text = splitter.text(p, field)
                        guard let k = nominalLookup[j]?[text] else {
                            result.error = ChunkError(localLine: recordLine,
                                message: "value \(text.quotedForMessage) of column \(layout.names[position].quotedForMessage) is not declared in the header")
                            return result
                        }
                        values[rowBase + j] = Float(k)
                    }
                case .text:
                    if !field.quoted && NumberParser.isMissing(fp, length) {
                        values[rowBase + j] = .nan
                        result.missing[j] += 1
                    } else {
                        let text = splitter.text(p, field)
                        let k: Int32
                        if let known = textIndex[j][text] { k = known } else {
                            k = Int32(textIndex[j].count)
                            textIndex[j][text] = k
                            if result.textNames[j] == nil { result.textNames[j] = [] }
                            result.textNames[j]!.append(text)
                        }
                        values[rowBase + j] = Float(k)
                    }
                }
                j += 1
            }
            line += consumed
            row += 1
            i = next
        }
        if row != rowLimit {
            result.error = ChunkError(localLine: line, message: "fewer records than the chunk plan counted (internal error)")
        }
        return result
    }

    /// Parses one record of numbers and a label in a single pass. Returns the offset after
    /// the record, or nil (and writes nothing that matters) when the record needs the general
    /// path: an empty or non-numeric field, a quote, a blank line, a wrong field count.
    @inline(__always)
    private func fastRecord(_ p: UnsafePointer<UInt8>, start: Int, stop: Int, columnCount: Int,
                            values: UnsafeMutablePointer<Float>, labelCache: inout LabelCache,
                            result: inout ChunkResult) -> Int? {
        let delimiter = layout.delimiter
        let labelPosition = layout.labelPosition
        var i = start
        var j = 0
        // Blank and comment lines go the general way, which skips them as the planner does
        // (the same test as `isBlankOrComment`: a label field could otherwise take "%…" as a value).
        var k = start
        while k < stop && (p[k] == 32 || p[k] == 9 || p[k] == 13) { k += 1 }
        if k >= stop || p[k] == 10 || (layout.commentByte != 0 && p[k] == layout.commentByte) { return nil }
        // Spaces and tabs around fields are padding, except the delimiter itself (tab-separated files).
        let pad1: UInt8 = delimiter == 32 ? 9 : 32, pad2: UInt8 = delimiter == 9 ? 32 : 9
        for position in 0..<columnCount {
            while i < stop && (p[i] == pad1 || p[i] == pad2) { i += 1 }
            if position == labelPosition {
                let fieldStart = i
                while i < stop && p[i] != delimiter && p[i] != 10 { i += 1 }
                var fieldEnd = i
                while fieldEnd > fieldStart && (p[fieldEnd - 1] == pad1 || p[fieldEnd - 1] == pad2 || p[fieldEnd - 1] == 13) {
                    fieldEnd -= 1
                }
                let length = fieldEnd - fieldStart
                if length == 0 || NumberParser.isMissing(p + fieldStart, length) { return nil }
                guard labelCache.lookup(UnsafeBufferPointer(start: p + fieldStart, count: length),
                                        names: &result.labelNames) else { return nil }
            } else {
                guard let v = NumberParser.scan(p, &i, stop) else { return nil }
                values[j] = v
                j += 1
                while i < stop && (p[i] == pad1 || p[i] == pad2) { i += 1 }
            }
            if position + 1 < columnCount {
                guard i < stop && p[i] == delimiter else { return nil }
                i += 1
            } else {
                if i < stop && p[i] == 13 { i += 1 }
                if i == stop { return stop }
                guard p[i] == 10 else { return nil }
                return i + 1
            }
        }
        return nil
    }

    /// Class labels seen in a chunk: a short list compared byte for byte before the dictionary,
    /// since tables have few classes and building a String per row is the costly part.
    struct LabelCache {
        var recent: [([UInt8], Int32)] = []
        var index: [String: Int32] = [:]
        var lastCode: Int32 = 0

        /// Finds or adds the label with these bytes; false when it needs unescaping (never here).
        @inline(__always)
        mutating func lookup(_ bytes: UnsafeBufferPointer<UInt8>, names: inout [String]) -> Bool {
            for (known, code) in recent where known.count == bytes.count {
                if known.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                    lastCode = code
                    return true
                }
            }
            lastCode = code(for: String(decoding: bytes, as: UTF8.self), bytes: bytes, escaped: false, names: &names)
            return true
        }

        mutating func code(for text: String, bytes: UnsafeBufferPointer<UInt8>, escaped: Bool,
                           names: inout [String]) -> Int32 {
            let code: Int32
            if let known = index[text] {
                code = known
            } else {
                code = Int32(names.count)
                index[text] = code
                names.append(text)
            }
            if !escaped && recent.count < 32 && !recent.contains(where: { $0.1 == code }) {
                recent.append((Array(bytes), code))
            }
            lastCode = code
            return code
        }
    }

    /// Pass 3: reads an inferred column again, as categories.
    private func reinterpretAsText(column j: Int, plan: ChunkPlan, firstRow: [Int], chunkLine: [Int],
                                   values: inout [Float], featureCount: Int) throws -> ([String], Int) {
        let chunkCount = plan.records.count
        let position = j < layout.labelPosition ? j : j + 1
        let splitter = FieldSplitter(delimiter: layout.delimiter, quoteA: layout.quoteA, quoteB: layout.quoteB)
        var perChunk = [([String], Int)](repeating: ([], 0), count: chunkCount)
        values.withUnsafeMutableBufferPointer { valuesOut in
        perChunk.withUnsafeMutableBufferPointer { chunkOut in
            let out = UnsafeMutableSendableBuffer(valuesOut), res = UnsafeMutableSendableBuffer(chunkOut)
            Parallel.forEach(count: chunkCount) { c in
                guard let p = file.bytes.baseAddress else { return }
                var names: [String] = []
                var index = [String: Int32]()
                var missingCount = 0
                let fields = FieldBuffer()
                var i = plan.starts[c]
                let stop = plan.starts[c + 1]
                var row = firstRow[c]
                while i < stop {
                    let lineStop = lineEnd(p, i, stop)
                    if isBlankOrComment(p, i, lineStop) { i = lineStop + 1; continue }
                    var consumed = 0
                    // Pass 2 read these very records, so neither guard fails; they keep every
                    // write inside this chunk's rows whatever happens.
                    guard row < firstRow[c + 1],
                          let next = try? splitter.split(p, start: i, limit: stop, into: fields, newlines: &consumed),
                          fields.count > position else { return }
                    let field = fields[position]
                    if !field.quoted && NumberParser.isMissing(p + field.start, field.end - field.start) {
                        out.base[row * featureCount + j] = .nan
                        missingCount += 1
                    } else {
                        let text = splitter.text(p, field)
                        let k: Int32
                        if let known = index[text] { k = known } else {
                            k = Int32(names.count)
                            index[text] = k
                            names.append(text)
                        }
                        out.base[row * featureCount + j] = Float(k)
                    }
                    row += 1
                    i = next
                }
                res.base[c] = (names, missingCount)
                file.releasePages(plan.starts[c] ..< stop)
            }
        }}
        let (names, remaps) = DelimitedParser.mergeDictionaries(perChunk.map { $0.0 }, declared: nil)
        remapColumn(&values, column: j, featureCount: featureCount, firstRow: firstRow, remaps: remaps)
        return (names, perChunk.reduce(0) { $0 + $1.1 })
    }

    // MARK: - Dictionaries

    /// Merges per-chunk name lists into one sorted list (declared order when declared) and
    /// returns, per chunk, the map from local code to global code.
    static func mergeDictionaries(_ chunks: [[String]], declared: [String]?) -> ([String], [[Int32]]) {
        var names: [String]
        if let declared {
            names = declared
            var seen = Set(declared)
            for chunk in chunks { for n in chunk where !seen.contains(n) { seen.insert(n); names.append(n) } }
        } else {
            var seen = Set<String>()
            names = []
            for chunk in chunks { for n in chunk where !seen.contains(n) { seen.insert(n); names.append(n) } }
            names = sortedNames(names)
        }
        var index = [String: Int32]()
        for (k, n) in names.enumerated() { index[n] = Int32(k) }
        let remaps = chunks.map { chunk in chunk.map { index[$0]! } }
        return (names, remaps)
    }

    /// Sorts numerically when every name is a number, else lexicographically.
    static func sortedNames(_ names: [String]) -> [String] {
        let numbers = names.map { Double($0) }
        if numbers.allSatisfy({ $0 != nil }) {
            return zip(names, numbers).sorted { ($0.1!, $0.0) < ($1.1!, $1.0) }.map { $0.0 }
        }
        return names.sorted()
    }

    private func remap(_ labels: inout [Int32], firstRow: [Int], remaps: [[Int32]]) {
        for c in 0..<remaps.count {
            let map = remaps[c]
            for r in firstRow[c]..<firstRow[c + 1] { labels[r] = map[Int(labels[r])] }
        }
    }

    private func remapColumn(_ values: inout [Float], column j: Int, featureCount: Int, firstRow: [Int], remaps: [[Int32]]) {
        for c in 0..<remaps.count {
            let map = remaps[c]
            for r in firstRow[c]..<firstRow[c + 1] {
                let v = values[r * featureCount + j]
                if !v.isNaN { values[r * featureCount + j] = Float(map[Int(v)]) }
            }
        }
    }
}
