/// Errors raised by the library. Every message is one line, fit to print after `error: `.
public enum GAISError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A parameter outside its valid range.
    case invalidParameter(name: String, owner: String, rule: String, value: String)
    /// Input that cannot be worked on (no rows, a single class, …).
    case invalidInput(String)
    /// Malformed data in a file: path, 1-based line (0 when unknown), what is wrong.
    case malformedData(file: String, line: Int, message: String)
    /// A file that cannot be read or written.
    case io(file: String, message: String)

    /// The message on one line: control characters escaped, each part cut to 1,000 characters
    /// (values quoted from a file are cut shorter where they are quoted, see `quotedForMessage`).
    public var description: String {
        let e = { (text: String) in GAISError.oneLine(text, limit: 1000) }
        switch self {
        case let .invalidParameter(name, owner, rule, value):
            return "parameter '\(e(name))' of \(e(owner)) must be \(e(rule)), got \(e(value))"
        case let .invalidInput(message):
            return e(message)
        case let .malformedData(file, line, message):
            return line > 0 ? "\(e(file)):\(line): \(e(message))" : "\(e(file)): \(e(message))"
        case let .io(file, message):
            return "\(e(file)): \(e(message))"
        }
    }

    /// `text` on one line: line breaks, tabs and other control characters escaped (`\n`,
    /// `\t`, `\u{1B}`), cut after `limit` characters with a note of the full length.
    public static func oneLine(_ text: String, limit: Int) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                out += "… (\(text.unicodeScalars.count) characters)"
                break
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }
}

extension GAISError {
    /// Throws `invalidParameter` unless `condition` holds.
    public static func require(_ condition: Bool, _ name: String, of owner: String,
                               _ rule: String, got value: some CustomStringConvertible) throws {
        if !condition {
            throw GAISError.invalidParameter(name: name, owner: owner, rule: rule, value: value.description)
        }
    }
}

extension StringProtocol {
    /// The text in single quotes for an error message: on one line, cut after 60 characters.
    public var quotedForMessage: String { "'" + GAISError.oneLine(String(self), limit: 60) + "'" }
}
