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
