import ArgumentParser
import GAIS

extension TableFormat: ExpressibleByArgument {}
extension HeaderMode: ExpressibleByArgument {}

/// Options that say how to read an input table; shared by every subcommand.
struct InputOptions: ParsableArguments {
    @Option(help: "Input format (default: from the extension; .dat = keel, .arff, .libsvm/.svm, else csv).")
    var format: TableFormat?

    @Option(help: ArgumentHelp("CSV header line: auto, yes or no. auto: the first line is a header when one of its fields is text in a column whose next 100 values are numbers, or when all its fields are text and none recurs below it.", valueName: "mode"))
    var header: HeaderMode = .auto

    @Flag(name: .customLong("no-header"), help: "Same as --header no.")
    var noHeader = false

    @Option(help: ArgumentHelp("CSV field delimiter: one character, or 'tab'.", valueName: "char"))
    var delimiter: String?

    @Option(help: ArgumentHelp("Label column: a name, or a 0-based index (negative counts from the end). Default: KEEL's @outputs, else the last column.", valueName: "name|index"))
    var label: String?

    func validate() throws {
        if let d = delimiter {
            guard d == "tab" || d == "\\t" || (d.utf8.count == 1 && d.utf8.first! < 128 && d != "\"" && d != "\n") else {
                throw ValidationError("--delimiter must be one ASCII character (or 'tab'), got \(d.quotedForMessage)")
            }
        }
        if noHeader && header == .yes {
            throw ValidationError("--no-header contradicts --header yes")
        }
    }

    var readOptions: ReadOptions {
        var delimiterByte: UInt8? = nil
        if let d = delimiter { delimiterByte = (d == "tab" || d == "\\t") ? 9 : d.utf8.first }
        return ReadOptions(format: format, header: noHeader ? .no : header, delimiter: delimiterByte,
                           label: label.map(LabelColumn.init(argument:)) ?? .automatic)
    }
}

extension InputOptions {
    /// Usage checks that need the input paths (exit 64 before anything is read): `--label`
    /// does not apply to LIBSVM files, whose label is the first field of each line.
    func check(inputs: [String]) throws {
        guard label != nil else { return }
        for path in inputs where (format ?? TableFormat.guess(path: path)) == .libsvm {
            throw ValidationError("--label does not apply to LIBSVM files (\(path)): the label is the first field of each line")
        }
    }
}

/// The message every command gives when encoding left no feature (exit 1).
func requireFeatures(_ data: Dataset, of path: String) throws {
    if data.featureCount == 0 {
        throw GAISError.invalidInput("\(path): every feature column is constant; nothing to select on")
    }
}
