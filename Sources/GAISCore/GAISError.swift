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
    /// A setting whose key the method does not have; `known` lists the keys it has.
    case unknownParameter(name: String, method: String, known: [String])
    /// A setting given to a method (or under a condition) it does not apply to; `appliesTo`
    /// says where it does (methods, or a condition such as `rule=top`).
    case inapplicableParameter(name: String, method: String, appliesTo: String)
    /// A setting given while another setting makes it meaningless (e.g. `spread` without
    /// `rule=top`).
    case conditionalParameter(name: String, method: String, condition: String)
    /// Two settings of a group of which at most one may be given.
    case conflictingParameters(names: [String], method: String)
    /// A method name that no selector has.
    case unknownMethod(name: String, known: [String])
    /// A selector broke the selection contract (a bug, reported instead of crashing).
    case contractViolation(method: String, message: String)

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
        case let .unknownParameter(name, method, known):
            let list = known.isEmpty ? "it has none" : "its parameters: \(known.joined(separator: ", "))"
            return "unknown parameter '\(Self.quoted(name))' of \(method); \(list)"
        case let .inapplicableParameter(name, method, appliesTo):
            return "parameter '\(name)' does not apply to \(method); it applies to \(appliesTo)"
        case let .conditionalParameter(name, method, condition):
            return "parameter '\(name)' of \(method) applies only with \(condition)"
        case let .conflictingParameters(names, method):
            return "give only one of \(names.joined(separator: ", ")) to \(method)"
        case let .unknownMethod(name, known):
            return "unknown method '\(Self.quoted(name))'; methods: \(known.joined(separator: ", "))"
        case let .contractViolation(method, message):
            return "internal error: \(method) \(e(message))"
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

extension GAISError {
    /// `text` fit to quote inside a one-line message: control characters escaped (a newline
    /// becomes `\n`), cut after `limit` characters (`oneLine`).
    public static func quoted(_ text: String, limit: Int = 60) -> String { oneLine(text, limit: limit) }
}

extension StringProtocol {
    /// The text in single quotes for an error message: on one line, cut after 60 characters.
    public var quotedForMessage: String { "'" + GAISError.oneLine(String(self), limit: 60) + "'" }
}
