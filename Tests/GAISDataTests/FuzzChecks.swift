// The checks every fuzz target runs, shared by the libFuzzer targets in FuzzTesting/ (which
// link this very file) and by the ordinary test suite, which replays the kept corpus through
// them on every CI run. Only the public API is used.
import GAISCore
import GAISData

/// What a fuzz input is read as.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// CSV; the first byte chooses the header mode, delimiter and label option.
    case csv
    case keel
    case arff
    case libsvm
    /// CSV with default options, then the encoder.
    case encoder
}

/// A broken invariant (a bug even when nothing crashed).
public struct InvariantViolation: Error, CustomStringConvertible {
    public let description: String
}

public enum FuzzChecks {
    /// The read options a CSV input's first byte selects (and the rest of the bytes).
    public static func csvOptions(_ bytes: [UInt8]) -> (ReadOptions, [UInt8]) {
        guard let b = bytes.first else { return (ReadOptions(format: .csv), []) }
        let header: [HeaderMode] = [.auto, .yes, .no]
        let delimiters: [UInt8?] = [nil, 59, 9, 32]
        let labels: [LabelColumn] = [.automatic, .index(0), .index(-1), .name("class")]
        let options = ReadOptions(format: .csv, header: header[Int(b) % 3], delimiter: delimiters[(Int(b) / 3) % 4],
                                  label: labels[(Int(b) / 12) % 4])
        return (options, Array(bytes.dropFirst()))
    }

    /// Reads `bytes` as `target` and checks the invariants; a read that fails with a
    /// `GAISError` is fine (hostile input), anything else is not.
    public static func run(_ target: FuzzTarget, _ bytes: [UInt8]) throws(InvariantViolation) {
        let options: ReadOptions
        let content: [UInt8]
        let name: String
        switch target {
        case .csv: (options, content) = csvOptions(bytes); name = "fuzz.csv"
        case .keel: (options, content, name) = (ReadOptions(format: .keel), bytes, "fuzz.dat")
        case .arff: (options, content, name) = (ReadOptions(format: .arff), bytes, "fuzz.arff")
        // Inputs are at most a few kilobytes: 1 MB of dense rows exercises the size check
        // without spending the run on allocating and zeroing.
        case .libsvm: (options, content, name) = (ReadOptions(format: .libsvm, denseByteLimit: 1 << 20), bytes, "fuzz.libsvm")
        case .encoder: (options, content, name) = (ReadOptions(format: .csv), bytes, "fuzz.csv")
        }
        let table: Table
        do {
            table = try TableReader.read(file: MappedFile(bytes: content, path: name), options: options)
        } catch let error as GAISError {
            try checkMessage(error)
            return
        } catch {
            throw InvariantViolation(description: "a read threw a non-GAISError: \(error)")
        }
        try checkTable(table, bytes: content.count)
        try checkReread(table, options: options, name: name)
        if target == .encoder { try checkEncoding(table) }
        // KEEL and ARFF again with the label in the first column (a numeric label column takes
        // the parser's fast path, which must skip comment lines as the planner does).
        if (target == .keel || target == .arff) && options.label == .automatic {
            var first = options
            first.label = .index(0)
            do {
                let again = try TableReader.read(file: MappedFile(bytes: content, path: name), options: first)
                try checkTable(again, bytes: content.count)
                try checkReread(again, options: first, name: name)
            } catch let error as GAISError {
                try checkMessage(error)
            } catch let error as InvariantViolation {
                throw error
            } catch {
                throw fail("a read threw a non-GAISError: \(error)")
            }
        }
    }

    static func fail(_ text: String) -> InvariantViolation { InvariantViolation(description: text) }

    /// Messages are one line and short.
    static func checkMessage(_ error: GAISError) throws(InvariantViolation) {
        let text = error.description
        if text.contains("\n") || text.contains("\r") { throw fail("a message spans lines: \(text.prefix(200))") }
        if text.unicodeScalars.count > 6000 { throw fail("a message of \(text.unicodeScalars.count) characters") }
    }

    /// The table's parts agree with each other and with the file.
    static func checkTable(_ t: Table, bytes: Int) throws(InvariantViolation) {
        let n = t.rowCount
        guard n > 0 else { throw fail("a successful read with no rows") }
        guard t.rowStarts.count == n, t.rowEnds.count == n, t.rowLines.count == n else {
            throw fail("row bookkeeping: \(n) labels, \(t.rowStarts.count) starts, \(t.rowEnds.count) ends, \(t.rowLines.count) lines")
        }
        guard t.values.count == n * t.columns.count else {
            throw fail("\(t.values.count) values for \(n) rows × \(t.columns.count) columns")
        }
        guard t.headerRange.lowerBound >= 0, t.headerRange.upperBound <= t.rowStarts[0] else {
            throw fail("header \(t.headerRange) overlaps the first row at \(t.rowStarts[0])")
        }
        var previousEnd = t.headerRange.upperBound
        var previousLine: Int32 = 0
        for r in 0..<n {
            guard t.rowStarts[r] >= previousEnd, t.rowEnds[r] > t.rowStarts[r], t.rowEnds[r] <= bytes else {
                throw fail("row \(r) spans \(t.rowStarts[r])..<\(t.rowEnds[r]) after \(previousEnd) in \(bytes) bytes")
            }
            guard t.rowLines[r] > previousLine else { throw fail("row \(r) on line \(t.rowLines[r]) after \(previousLine)") }
            previousEnd = t.rowEnds[r]
            previousLine = t.rowLines[r]
            guard t.labels[r] >= 0 && Int(t.labels[r]) < t.classNames.count else {
                throw fail("row \(r) has class \(t.labels[r]) of \(t.classNames.count)")
            }
        }
        guard Set(t.classNames).count == t.classNames.count else { throw fail("a class name twice: \(t.classNames)") }
        for (j, column) in t.columns.enumerated() {
            var missing = 0
            for r in 0..<n {
                let v = t.values[r * t.columns.count + j]
                if v.isNaN { missing += 1; continue }
                if case .categorical(let categories) = column.kind {
                    guard v >= 0, v == v.rounded(), Int(v) < categories.count else {
                        throw fail("row \(r) column \(j): code \(v) of \(categories.count) categories")
                    }
                } else if !v.isFinite {
                    throw fail("row \(r) column \(j): \(v)")
                }
            }
            guard missing == column.missingCount else {
                throw fail("column \(j): \(missing) missing values, \(column.missingCount) reported")
            }
        }
    }

    /// Writing every row verbatim (as `gais select --output` does) and reading that again gives
    /// the same table.
    static func checkReread(_ t: Table, options: ReadOptions, name: String) throws(InvariantViolation) {
        var written: [UInt8] = []
        do {
            try RowWriter.writeRows(of: t, indices: Array(0..<t.rowCount)) { written.append(contentsOf: $0) }
        } catch {
            throw fail("writing rows threw \(error)")
        }
        let again: Table
        do {
            again = try TableReader.read(file: MappedFile(bytes: written, path: name), options: options)
        } catch {
            throw fail("the rows written verbatim do not read again: \(error)")
        }
        guard again.rowCount == t.rowCount else { throw fail("re-read: \(again.rowCount) rows, not \(t.rowCount)") }
        guard again.columns == t.columns else { throw fail("re-read: columns \(again.columns) instead of \(t.columns)") }
        guard again.classNames == t.classNames, again.labels == t.labels else { throw fail("re-read: other classes") }
        guard again.labelName == t.labelName, again.labelPosition == t.labelPosition else { throw fail("re-read: other label column") }
        for k in 0..<t.values.count where !(t.values[k] == again.values[k] || (t.values[k].isNaN && again.values[k].isNaN)) {
            throw fail("re-read: value \(k) is \(again.values[k]), was \(t.values[k])")
        }
    }

    /// Encoded features are finite, in [0, 1], and as many as the encoder says.
    static func checkEncoding(_ t: Table) throws(InvariantViolation) {
        var table = t
        let encoder = TableEncoder.fit(table)
        let data = encoder.encode(&table)
        guard data.featureCount == encoder.outputWidth, data.features.count == data.rowCount * data.featureCount,
              data.rowCount == t.rowCount else {
            throw fail("encoded \(data.features.count) values, \(data.rowCount) rows × \(data.featureCount) features")
        }
        for (k, v) in data.features.enumerated() where !(v >= 0 && v <= 1) {
            throw fail("encoded value \(k) is \(v)")
        }
        let other: Dataset
        do { other = try encoder.encode(other: t, classNames: data.classNames) } catch {
            throw fail("encoding the table as 'other' failed: \(error)")
        }
        guard other.features == data.features else { throw fail("encode(other:) differs from encode") }
    }
}
