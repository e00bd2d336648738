import GAISCore

/// A declared attribute of a KEEL or ARFF header.
struct DeclaredAttribute {
    var name: String
    var spec: ColumnSpec
}

/// What a KEEL/ARFF header declares.
struct DeclaredHeader {
    var attributes: [DeclaredAttribute] = []
    /// KEEL `@outputs` names.
    var outputs: [String] = []
    /// Offset of the first byte after the `@data` line.
    var dataStart = 0
    /// 1-based line number of the line after `@data`.
    var dataLine = 1
}

/// Parses the `@`-directive header of KEEL `.dat` and ARFF files (keywords case-insensitive,
/// `%` comments, quoted names and nominal values).
enum HeaderParsing {
    static func parse(_ file: MappedFile, format: TableFormat) throws -> DeclaredHeader {
        let bytes = file.bytes
        var header = DeclaredHeader()
        var i = file.byteOrderMarkLength
        var line = 1
        var inputs: (names: [String], line: Int)? = nil
        var outputsLine = 0
        while i < bytes.count {
            var j = i
            while j < bytes.count && bytes[j] != 10 { j += 1 }
            let text = file.string(i..<j).trimmingSpaces()
            let next = min(bytes.count, j + 1)
            defer { i = next; line += 1 }
            if text.isEmpty || text.hasPrefix("%") { continue }
            guard text.hasPrefix("@") else {
                throw GAISError.malformedData(file: file.path, line: line,
                    message: "expected an @ directive before @data, found \(text.quotedForMessage)")
            }
            let (keyword, rest) = splitKeyword(text)
            switch keyword {
            case "@relation":
                continue
            case "@attribute":
                let declared = try attribute(rest, file: file, line: line, format: format)
                if header.attributes.contains(where: { $0.name == declared.name }) {
                    throw GAISError.malformedData(file: file.path, line: line,
                        message: "attribute \(declared.name.quotedForMessage) is declared twice")
                }
                header.attributes.append(declared)
            case "@inputs", "@input":
                inputs = (rest.split(separator: ",").map { unquote(String($0).trimmingSpaces()) }, line)
            case "@outputs", "@output":
                header.outputs = rest.split(separator: ",").map { unquote(String($0).trimmingSpaces()) }
                outputsLine = line
            case "@data":
                header.dataStart = next
                header.dataLine = line + 1
                guard !header.attributes.isEmpty else {
                    throw GAISError.malformedData(file: file.path, line: line, message: "@data before any @attribute")
                }
                guard rest.isEmpty || rest.hasPrefix("%") else {
                    throw GAISError.malformedData(file: file.path, line: line,
                        message: "data on the @data line (\(rest.quotedForMessage)); rows go on the lines after it")
                }
                let names = Set(header.attributes.map(\.name))
                for (list, listLine, directive) in [(inputs?.names ?? [], inputs?.line ?? 0, "@inputs"),
                                                    (header.outputs, outputsLine, "@outputs")] {
                    if let unknown = list.first(where: { !names.contains($0) }) {
                        throw GAISError.malformedData(file: file.path, line: listLine,
                            message: "\(directive) names \(unknown.quotedForMessage), which is not an attribute")
                    }
                }
                return header
            default:
                throw GAISError.malformedData(file: file.path, line: line, message: "unknown directive \(keyword.quotedForMessage)")
            }
        }
        throw GAISError.malformedData(file: file.path, line: max(1, line - 1), message: "no @data line")
    }

    static func splitKeyword(_ text: String) -> (String, String) {
        guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (text.lowercased(), "") }
        return (text[..<space].lowercased(), String(text[space...]).trimmingSpaces())
    }

    static func attribute(_ rest: String, file: MappedFile, line: Int, format: TableFormat) throws -> DeclaredAttribute {
        var s = Substring(rest)
        let name: String
        if let q = s.first, q == "'" || q == "\"" {
            s = s.dropFirst()
            guard let close = s.firstIndex(of: q) else {
                throw GAISError.malformedData(file: file.path, line: line, message: "unterminated quoted attribute name")
            }
            name = String(s[..<close])
            s = s[s.index(after: close)...]
        } else {
            let stop = s.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "{" }) ?? s.endIndex
            name = String(s[..<stop])
            s = s[stop...]
        }
        let type = String(s).trimmingSpaces()
        guard !name.isEmpty, !type.isEmpty else {
            throw GAISError.malformedData(file: file.path, line: line, message: "malformed @attribute line")
        }
        if type.hasPrefix("{") {
            guard let close = type.lastIndex(of: "}") else {
                throw GAISError.malformedData(file: file.path, line: line, message: "unterminated {…} in @attribute \(name.quotedForMessage)")
            }
            let inner = type[type.index(after: type.startIndex)..<close]
            let values = splitNominal(String(inner))
            var seen = Set<String>()
            if let twice = values.first(where: { !seen.insert($0).inserted }) {
                throw GAISError.malformedData(file: file.path, line: line,
                    message: "value \(twice.quotedForMessage) is declared twice in @attribute \(name.quotedForMessage)")
            }
            return DeclaredAttribute(name: name, spec: .nominal(values))
        }
        let lower = type.lowercased()
        if lower.hasPrefix("real") || lower.hasPrefix("integer") || lower.hasPrefix("numeric") {
            return DeclaredAttribute(name: name, spec: .number)
        }
        if lower.hasPrefix("string") || lower.hasPrefix("date") {
            return DeclaredAttribute(name: name, spec: .text)
        }
        throw GAISError.malformedData(file: file.path, line: line,
                                      message: "unsupported type \(type.quotedForMessage) of attribute \(name.quotedForMessage)")
    }

    /// Splits `a, 'b c', d` into values, honouring quotes.
    static func splitNominal(_ text: String) -> [String] {
        var values: [String] = []
        var current = ""
        var quote: Character? = nil
        for ch in text {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
            } else if ch == "'" || ch == "\"" {
                quote = ch
            } else if ch == "," {
                values.append(current.trimmingSpaces())
                current = ""
            } else {
                current.append(ch)
            }
        }
        let last = current.trimmingSpaces()
        if !last.isEmpty || !values.isEmpty { values.append(last) }
        return values.filter { !$0.isEmpty }
    }

    static func unquote(_ s: String) -> String {
        if s.count >= 2, let f = s.first, f == "'" || f == "\"", s.last == f { return String(s.dropFirst().dropLast()) }
        return s
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and carriage returns.
    public func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
