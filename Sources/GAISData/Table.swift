import GAISCore

/// The kind of a feature column.
public enum ColumnKind: Sendable, Equatable {
    /// Numbers; missing values are NaN in `Table.values`.
    case numeric
    /// Text values; `Table.values` holds each row's category index as a Float (NaN = missing),
    /// indexing `categories`.
    case categorical(categories: [String])

    public var isNumeric: Bool { if case .numeric = self { return true } else { return false } }
}

/// A feature column's description.
public struct ColumnInfo: Sendable, Equatable {
    public var name: String
    public var kind: ColumnKind
    /// Missing values in this column.
    public var missingCount: Int
}

/// A parsed table: raw feature values, class labels, and where each row lies in the file, so
/// kept rows can be written back verbatim.
public struct Table: Sendable {
    /// The mapped input file.
    public let file: MappedFile
    /// The format it was read as.
    public let format: TableFormat
    /// Bytes of the header (CSV header line, KEEL/ARFF header block through `@data`; for a CSV
    /// file without header and for LIBSVM, whatever precedes the first row: blank or comment
    /// lines, a byte-order mark), written before kept rows; often empty.
    public let headerRange: Range<Int>
    /// Byte offset where each data row starts.
    public let rowStarts: [Int]
    /// Byte offset just past each data row's line terminator (or the end of the file).
    public let rowEnds: [Int]
    /// 1-based line number of each data row in the file.
    public let rowLines: [Int32]
    /// Feature columns (the label column excluded), in file order.
    public let columns: [ColumnInfo]
    /// Name of the label column.
    public let labelName: String
    /// Position of the label column among all the file's columns.
    public let labelPosition: Int
    /// Raw feature values, row-major `rowCount × columns.count` (see `ColumnKind`).
    public var values: [Float]
    /// Class index of each row.
    public let labels: [Int32]
    /// The text of each class.
    public let classNames: [String]

    public var rowCount: Int { labels.count }

    /// Rows per class.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for l in labels { counts[Int(l)] += 1 }
        return counts
    }

    /// The line terminator used by the file (for rows whose last line has none).
    public var lineTerminator: [UInt8] {
        let bytes = file.bytes
        if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")), newline > 0, bytes[newline - 1] == UInt8(ascii: "\r") {
            return [13, 10]
        }
        return [10]
    }
}
