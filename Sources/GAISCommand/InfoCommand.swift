import ArgumentParser
import GAIS

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a table: rows, columns with inferred types and missing values, classes.")

    @Argument(help: "The table to describe.")
    var input: String

    @OptionGroup var inputOptions: InputOptions

    func validate() throws {
        try inputOptions.check(inputs: [input])
    }

    func run() throws {
        let table: Table
        do {
            table = try TableReader.read(path: input, options: inputOptions.readOptions)
        } catch {
            throw fail(error)
        }
        var lines: [String] = []
        lines.append("\(input): \(table.format.rawValue), \(table.rowCount) rows, \(table.columns.count) feature columns, label '\(table.labelName)' (column \(table.labelPosition))")
        lines.append("")
        lines.append("columns:")
        let width = max(6, table.columns.map { $0.name.count }.max() ?? 0)
        for (j, column) in table.columns.enumerated() {
            let kind: String
            switch column.kind {
            case .numeric:
                kind = "numeric"
            case .categorical(let categories):
                let shown = categories.prefix(6).joined(separator: ", ")
                kind = "text, \(categories.count) values (\(shown)\(categories.count > 6 ? ", …" : ""))"
            }
            let name = column.name.rightPadded(width)
            let missing = column.missingCount > 0 ? ", \(column.missingCount) missing" : ""
            lines.append("  \(String(j).leftPadded(3))  \(name)  \(kind)\(missing)")
        }
        lines.append("")
        lines.append("classes (\(table.classNames.count)):")
        let counts = table.classCounts
        for (c, name) in table.classNames.enumerated() {
            let share = Double(counts[c]) / Double(table.rowCount) * 100
            lines.append("  \(name): \(counts[c]) (\(formatFixed(share, digits: 1)) %)")
        }
        print(lines.joined(separator: "\n"))
    }
}

extension String {
    func rightPadded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
