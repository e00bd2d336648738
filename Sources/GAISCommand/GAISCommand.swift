import ArgumentParser
import GAIS
import GAISKernels

#if canImport(Glibc)
import Glibc
#endif

@main
struct GAISCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gais",
        abstract: "Instance selection: keep the few rows of a labelled table that still train good classifiers.",
        discussion: """
        Methods: \(Methods.names.joined(separator: ", ")).
        Formats: csv, keel (.dat), arff, libsvm (chosen by extension or --format).
        Exit status: 0 success, 1 bad data or file, 64 usage error.
        """,
        version: GAISVersion.string,
        subcommands: [SelectCommand.self, InfoCommand.self, BenchCommand.self, EvaluateCommand.self, NeighborsCommand.self, GenerateCommand.self],
        defaultSubcommand: nil
    )

    /// The command line with `select`'s method-parameter options rewritten into `--set`
    /// (see `MethodArguments`).
    static func prepared(_ arguments: [String]) -> [String] {
        guard arguments.first == SelectCommand.configuration.commandName else { return arguments }
        return [arguments[0]] + MethodArguments.rewrite(Array(arguments.dropFirst()))
    }

    static func main() {
        tuneAllocator()
        // `ParsableCommand.main()` itself, spelled out so the tuning above runs first.
        do {
            var command = try parseAsRoot(Self.prepared(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// Keeps freed blocks of up to 64 MB in the heap instead of returning them to the kernel.
///
/// Training allocates and frees arrays of a few hundred kilobytes thousands of times (one set
/// per step and group). glibc serves blocks above 128 kB with fresh mmap'd pages, so each of
/// those costs page faults and zeroing in the kernel, a large share of the system time of a
/// small run (measured in BENCHMARKS.md). Only the command-line tool does
/// this; programs using the library keep their own allocator settings.
func tuneAllocator() {
    gais_keep_freed_blocks(64 << 20, 256 << 20)
}

/// Prints `error: message` on stderr and fails with status 1.
func fail(_ error: Error) -> ExitCode {
    let message: String
    if let e = error as? GAISError { message = e.description } else { message = "\(error)" }
    printError("error: " + message)
    return ExitCode.failure
}

func printError(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    writeStandardError(line)
}

/// Writes to file descriptor 2 directly (the C `stderr` global is not concurrency-safe).
func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = write(2, buffer.baseAddress! + offset, buffer.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
}

/// Removes temporary output files when the user interrupts, so Ctrl-C leaves nothing behind.
func installInterruptHandler() {
    signal(SIGINT) { _ in
        for path in AtomicFile.pendingPaths { unlink(path) }
        _exit(130)
    }
    signal(SIGTERM) { _ in
        for path in AtomicFile.pendingPaths { unlink(path) }
        _exit(143)
    }
}

/// A one-line progress display on stderr, shown only when stderr is a terminal.
struct Progress: Sendable {
    let enabled = isatty(2) != 0
    func update(_ text: String) {
        guard enabled else { return }
        writeStandardError("\r\u{1B}[2K" + text)
    }
    func finish() {
        guard enabled else { return }
        writeStandardError("\r\u{1B}[2K")
    }
}
