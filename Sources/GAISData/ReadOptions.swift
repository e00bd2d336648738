/// A table file format.
public enum TableFormat: String, CaseIterable, Sendable {
    case csv, keel, arff, libsvm

    /// The format implied by a file name's extension: `.dat` → KEEL, `.arff` → ARFF,
    /// `.libsvm`/`.svm`/`.svmlight` → LIBSVM, anything else → CSV.
    public static func guess(path: String) -> TableFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".dat") { return .keel }
        if lower.hasSuffix(".arff") { return .arff }
        if lower.hasSuffix(".libsvm") || lower.hasSuffix(".svm") || lower.hasSuffix(".svmlight") { return .libsvm }
        return .csv
    }
}

/// Whether a CSV file's first line is a header.
public enum HeaderMode: String, CaseIterable, Sendable {
    /// Decide from the content (see `TableReader` for the rule).
    case auto
    case yes
    case no
}

/// Which column holds the class label.
public enum LabelColumn: Sendable, Equatable {
    /// KEEL's `@outputs` attribute; otherwise the last column.
    case automatic
    /// A column by its header or attribute name.
    case name(String)
    /// A column by 0-based position (negative counts from the end: -1 is the last column).
    case index(Int)

    /// Parses `--label`: an integer is a 0-based index, anything else a name.
    public init(argument: String) {
        if let i = Int(argument) { self = .index(i) } else { self = .name(argument) }
    }
}

/// How to read a table file.
public struct ReadOptions: Sendable {
    /// The format; `nil` guesses from the file extension.
    public var format: TableFormat?
    /// CSV header handling.
    public var header: HeaderMode
    /// CSV field delimiter (one ASCII byte); `nil` means `,` (or whitespace-free `;`/tab when
    /// the extension is `.tsv`).
    public var delimiter: UInt8?
    /// The label column.
    public var label: LabelColumn
    /// Most bytes LIBSVM rows may take once made dense; `nil`: a quarter of physical memory.
    public var denseByteLimit: Int?

    public init(format: TableFormat? = nil, header: HeaderMode = .auto, delimiter: UInt8? = nil,
                label: LabelColumn = .automatic, denseByteLimit: Int? = nil) {
        self.format = format
        self.header = header
        self.delimiter = delimiter
        self.label = label
        self.denseByteLimit = denseByteLimit
    }
}
