import GAISCore
#if canImport(Glibc)
import Glibc
#endif

/// Reads CSV, KEEL `.dat`, ARFF and LIBSVM files into a `Table`.
///
/// Every problem with the data throws `GAISError.malformedData` naming the file and line.
///
/// **CSV header rule (`--header auto`).** The first record is a header when either
/// (a) in some column its field is text while that column's next 100 records hold only numbers
/// or missing values (at least one number), or (b) all its fields are text and none of them
/// appears again in its column within the next 100 records. Otherwise it is data. Use
/// `--header yes` / `--no-header` to decide explicitly.
public enum TableReader {
    /// Reads `path` with `options`.
    /// Throws `GAISError.io` saying the input changed when the file is modified or truncated
    /// while it is read.
    public static func read(path: String, options: ReadOptions = ReadOptions()) throws -> Table {
        try read(file: MappedFile(path: path), options: options)
    }

    /// Reads an already mapped (or in-memory) file.
    public static func read(file: MappedFile, options: ReadOptions = ReadOptions()) throws -> Table {
        do {
            let table = try readUnchecked(file: file, options: options)
            try file.checkUnchanged()
            // Parsed: the mapping's pages are not needed until kept rows are copied out.
            file.releasePages(0 ..< file.bytes.count)
            return table
        } catch {
            // Whatever went wrong, a file that changed underneath is the cause to report.
            if file.changed { throw MappedFile.changedError(file.path) }
            throw error
        }
    }

    static func readUnchecked(file: MappedFile, options: ReadOptions) throws -> Table {
        if file.bytes.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) {
            throw GAISError.malformedData(file: file.path, line: 1, message: "the file is empty")
        }
        try ContentCheck.validate(file)
        try refuseCROnlyLineEnds(file)
        let format = options.format ?? TableFormat.guess(path: file.path)
        switch format {
        case .csv: return try readCSV(file, options: options)
        case .keel, .arff: return try readDeclared(file, format: format, options: options)
        case .libsvm: return try LIBSVMReader.read(file, options: options)
        }
    }

    /// Classic Mac OS files end lines with CR alone; read as LF files they would be one long
    /// line. Refused with a message: a file without any LF whose CRs are not all at its end.
    /// (In a file with LF line ends a lone CR is an ordinary byte, as in any LF file.)
    static func refuseCROnlyLineEnds(_ file: MappedFile) throws {
        guard let p = file.bytes.baseAddress else { return }
        let count = file.bytes.count
        guard DelimitedParser.lineEnd(p, 0, count) == count, let hit = memchr(p, 13, count) else { return }
        var k = p.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        while k < count && p[k] == 13 { k += 1 }
        if k == count { return }   // trailing CRs of a one-line file
        throw GAISError.malformedData(file: file.path, line: 1,
            message: "line ends are CR only (classic Mac OS); convert them to LF or CRLF")
    }

    // MARK: CSV

    static func readCSV(_ file: MappedFile, options: ReadOptions) throws -> Table {
        let delimiter = options.delimiter ?? (file.path.lowercased().hasSuffix(".tsv") ? 9 : 44)
        let splitter = FieldSplitter(delimiter: delimiter, quoteA: 34, quoteB: 34)
        let sample = try sampleRecords(file, splitter: splitter, limit: 101)
        guard let first = sample.first else {
            throw GAISError.malformedData(file: file.path, line: 1, message: "the file is empty")
        }
        let hasHeader: Bool
        switch options.header {
        case .yes: hasHeader = true
        case .no: hasHeader = false
        case .auto: hasHeader = looksLikeHeader(first.fields, rest: sample.dropFirst().map { $0.fields })
        }
        let columnCount = first.fields.count
        let names = hasHeader ? first.fields : (0..<columnCount).map { String($0) }
        guard columnCount >= 2 else {
            throw GAISError.malformedData(file: file.path, line: first.line,
                message: "found \(columnCount) column; need at least one feature column and a label column (is --delimiter right?)")
        }
        if hasHeader && sample.count == 1, let failure = first.failureAfter { throw failure }
        if hasHeader && sample.count == 1 {
            throw GAISError.malformedData(file: file.path, line: first.line, message: "a header with no data rows")
        }
        let labelPosition = try resolveLabel(options.label, names: names, outputs: [], hasNames: hasHeader,
                                             file: file, line: first.line)
        let layout = DelimitedLayout(names: names, specs: [ColumnSpec](repeating: .inferred, count: columnCount),
                                     labelPosition: labelPosition, delimiter: delimiter, quoteA: 34, quoteB: 34,
                                     commentByte: 0)
        let dataStart = hasHeader ? first.end : first.start
        let dataLine = hasHeader ? first.line + first.lineCount : first.line
        let parser = DelimitedParser(file: file, layout: layout, dataStart: dataStart, firstLine: dataLine)
        let table = try parser.parse(format: .csv)
        // Without a header, what precedes the first row (blank lines, a byte-order mark) is
        // still written before kept rows, so the output reads exactly like the input.
        return hasHeader ? table : table.withHeaderRange(0..<first.start)
    }

    struct SampledRecord {
        var fields: [String]
        var start: Int
        var end: Int
        var line: Int
        var lineCount: Int
        /// The error of the record after this one, when sampling stopped there.
        var failureAfter: GAISError? = nil
    }

    /// The first `limit` non-blank records, split into text fields.
    static func sampleRecords(_ file: MappedFile, splitter: FieldSplitter, limit: Int) throws -> [SampledRecord] {
        guard let p = file.bytes.baseAddress else { return [] }
        let count = file.bytes.count
        var records: [SampledRecord] = []
        let fields = FieldBuffer()
        var i = file.byteOrderMarkLength   // a UTF-8 byte-order mark belongs to no field
        var line = 1
        while i < count && records.count < limit {
            var j = i
            while j < count && (p[j] == 32 || p[j] == 9 || p[j] == 13) { j += 1 }
            if j < count && p[j] == 10 { i = j + 1; line += 1; continue }
            if j >= count { break }
            var newlines = 0
            let next: Int
            do {
                next = try splitter.split(p, start: i, limit: count, into: fields, newlines: &newlines)
            } catch {
                // Past the first record, the parser reports it (after any earlier error), unless
                // the first record is all there is to report on.
                let failure = GAISError.malformedData(file: file.path, line: line, message: error.message)
                if records.count == 1 { records[0].failureAfter = failure }
                if !records.isEmpty { break }
                throw failure
            }
            records.append(SampledRecord(fields: fields.spans.map { splitter.text(p, $0) }, start: i, end: next,
                                         line: line, lineCount: max(1, newlines)))
            line += newlines
            i = next
        }
        return records
    }

    static func isNumberOrMissing(_ text: String) -> (number: Bool, missing: Bool) {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { b -> (Bool, Bool) in
            guard let base = b.baseAddress else { return (false, true) }
            switch NumberParser.parse(base, b.count) {
            case .value: return (true, false)
            case .missing: return (false, true)
            case .outOfRange: return (true, false)
            case .notANumber: return (false, false)
            }
        }
    }

    static func looksLikeHeader(_ first: [String], rest: [[String]]) -> Bool {
        let rows = rest.filter { $0.count == first.count }
        guard !rows.isEmpty else {
            // A single line: a header only if it is all text (it then has no rows: an error later).
            return first.allSatisfy { !isNumberOrMissing($0).number && !isNumberOrMissing($0).missing }
        }
        var allText = true
        for (j, field) in first.enumerated() {
            let kind = isNumberOrMissing(field)
            if kind.number || kind.missing { allText = false; continue }
            var numbers = 0, texts = 0
            for row in rows {
                let k = isNumberOrMissing(row[j])
                if k.number { numbers += 1 } else if !k.missing { texts += 1 }
            }
            if numbers > 0 && texts == 0 { return true }
        }
        guard allText else { return false }
        for (j, field) in first.enumerated() where rows.contains(where: { $0[j] == field }) {
            return false
        }
        return true
    }

    static func resolveLabel(_ label: LabelColumn, names: [String], outputs: [String], hasNames: Bool,
                             file: MappedFile, line: Int) throws -> Int {
        switch label {
        case .automatic:
            if let output = outputs.first {
                guard let position = names.firstIndex(of: output) else {
                    throw GAISError.malformedData(file: file.path, line: line, message: "@outputs names \(output.quotedForMessage), which is not an attribute")
                }
                return position
            }
            return names.count - 1
        case .index(let i):
            let position = i < 0 ? names.count + i : i
            guard position >= 0 && position < names.count else {
                throw GAISError.malformedData(file: file.path, line: line,
                    message: "no label column \(i): the file has \(names.count) columns (0 to \(names.count - 1))")
            }
            return position
        case .name(let name):
            if let position = names.firstIndex(of: name) ?? names.firstIndex(where: { $0.lowercased() == name.lowercased() }) {
                return position
            }
            let known = names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", …" : "")
            let hint = hasNames ? "columns: \(known)" : "the file has no header; give the label as a 0-based column number"
            throw GAISError.malformedData(file: file.path, line: line, message: "no label column named \(name.quotedForMessage) (\(hint))")
        }
    }

    // MARK: KEEL and ARFF

    static func readDeclared(_ file: MappedFile, format: TableFormat, options: ReadOptions) throws -> Table {
        let header = try HeaderParsing.parse(file, format: format)
        let names = header.attributes.map(\.name)
        guard names.count >= 2 else {
            throw GAISError.malformedData(file: file.path, line: header.dataLine - 1,
                                          message: "need at least one feature attribute and a label attribute")
        }
        let labelPosition = try resolveLabel(options.label, names: names,
                                             outputs: format == .keel ? header.outputs : [],
                                             hasNames: true, file: file, line: header.dataLine - 1)
        var specs = header.attributes.map(\.spec)
        // The label is read as text whatever its declared type.
        if case .number = specs[labelPosition] { specs[labelPosition] = .text }
        let quote: UInt8 = format == .arff ? 34 : 0
        let layout = DelimitedLayout(names: names, specs: specs, labelPosition: labelPosition,
                                     delimiter: options.delimiter ?? 44, quoteA: quote,
                                     quoteB: format == .arff ? 39 : 0, commentByte: 37)
        // Sparse ARFF (`{index value, …}`): told as such at the first data row, after any
        // blank or comment lines.
        if let p = file.bytes.baseAddress {
            var i = header.dataStart, line = header.dataLine
            let count = file.bytes.count
            while i < count {
                var j = i
                while j < count && (p[j] == 32 || p[j] == 9 || p[j] == 13) { j += 1 }
                if j < count && p[j] == 123 {
                    throw GAISError.malformedData(file: file.path, line: line, message: "sparse ARFF data is not supported")
                }
                guard j >= count || p[j] == 10 || p[j] == 37 else { break }
                i = DelimitedParser.lineEnd(p, j, count) + 1
                line += 1
            }
        }
        let parser = DelimitedParser(file: file, layout: layout, dataStart: header.dataStart, firstLine: header.dataLine)
        return try parser.parse(format: format)
    }
}

extension Table {
    /// The same table with another header range (CSV without header: what precedes the first
    /// row, i.e. blank lines and a byte-order mark).
    func withHeaderRange(_ range: Range<Int>) -> Table {
        Table(file: file, format: format, headerRange: range, rowStarts: rowStarts, rowEnds: rowEnds,
              rowLines: rowLines, columns: columns, labelName: labelName, labelPosition: labelPosition,
              values: values, labels: labels, classNames: classNames)
    }
}
