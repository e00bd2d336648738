import ArgumentParser
import GAIS

/// Parses and validates `bytes` as a `gais` command line, split at NUL bytes and newlines into
/// at most 64 arguments (never runs a command). Parsing may fail, never crash; every failure
/// has a message. The body of FuzzTesting's FuzzArguments target (which compiles this
/// directory as a library with GAIS_FUZZING defined, without `@main`); the command-line tests
/// replay its kept inputs through it.
func parseFuzzedArguments(_ bytes: [UInt8]) {
    let arguments = bytes.split(omittingEmptySubsequences: false, whereSeparator: { $0 == 0 || $0 == 10 })
        .prefix(64).map { String(decoding: $0, as: UTF8.self) }
    let normalized = normalizedArguments(arguments)
    precondition(normalizedArguments(normalized) == normalized, "normalizedArguments is not idempotent")
    do {
        _ = try GAISCommand.parseAsRoot(GAISCommand.prepared(normalized))
    } catch {
        let message = GAISCommand.fullMessage(for: error)
        let code = GAISCommand.exitCode(for: error)
        precondition(code.rawValue == 0 || !message.isEmpty || error is ExitCode, "a failure without a message")
    }
}

#if GAIS_FUZZING
public func fuzzArguments(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    parseFuzzedArguments(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#endif
