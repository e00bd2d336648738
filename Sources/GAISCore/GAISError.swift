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

    public var description: String {
        switch self {
        case let .invalidParameter(name, owner, rule, value):
            return "parameter '\(name)' of \(owner) must be \(rule), got \(value)"
        case let .invalidInput(message):
            return message
        case let .malformedData(file, line, message):
            return line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
        case let .io(file, message):
            return "\(file): \(message)"
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
            return "internal error: \(method) \(message)"
        }
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
    /// becomes `\\n`), and cut to `limit` characters with `…`.
    public static func quoted(_ text: String, limit: Int = 60) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit { out += "…"; break }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            count += 1
        }
        return out
    }
}
