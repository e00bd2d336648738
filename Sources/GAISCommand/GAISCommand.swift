import ArgumentParser
import GAIS
import GAISKernels

#if canImport(Glibc)
import Glibc
#endif

#if !GAIS_FUZZING   // the fuzz build (FuzzTesting/) has libFuzzer's main instead
@main
#endif
struct GAISCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gais",
        abstract: "Instance selection: keep the few rows of a labelled table that still train good classifiers.",
        discussion: """
        Methods: \(Methods.names.joined(separator: ", ")).
        Formats: csv, keel (.dat), arff, libsvm (chosen by extension or --format).
        Exit status: 0 success, 1 bad data or file (nothing written), 64 usage error, \
        129/130/143 hangup/interrupt (Ctrl-C)/terminate signal (temporary files removed).
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
        // First of all, so an interrupt at any later moment removes the temporaries.
        installInterruptHandler()
        tuneAllocator()
        // `ParsableCommand.main()` itself, spelled out so the steps above run first.
        do {
            var command = try parseAsRoot(Self.prepared(normalizedArguments(Array(CommandLine.arguments.dropFirst()))))
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// The arguments with `--option -1` rewritten as `--option=-1`, so negative numbers can be
/// given as values the way the help documents them (`--label -1`, `--reduction -0`); the
/// argument parser would otherwise take `-1` for an option. Everything after `--` is kept.
func normalizedArguments(_ arguments: [String]) -> [String] {
    var out: [String] = []
    var i = 0
    while i < arguments.count {
        let a = arguments[i]
        if a == "--" { out.append(contentsOf: arguments[i...]); break }
        if a.hasPrefix("--"), a.count > 2, !a.contains("="), i + 1 < arguments.count,
           isNegativeNumber(arguments[i + 1]) {
            out.append(a + "=" + arguments[i + 1])
            i += 2
            continue
        }
        out.append(a)
        i += 1
    }
    return out
}

func isNegativeNumber(_ text: String) -> Bool {
    text.count >= 2 && text.hasPrefix("-") && text.dropFirst().first.map { $0.isNumber || $0 == "." } == true
        && Double(text) != nil
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

/// Prints `error: message` on stderr (one line) and fails with status 1.
func fail(_ error: Error) -> ExitCode {
    let message: String
    if let e = error as? GAISError { message = e.description } else { message = GAISError.oneLine("\(error)", limit: 1000) }
    printError("error: " + message)
    return ExitCode.failure
}

/// Usage check of the outputs (call from `validate()`, so the usage line is the subcommand's):
/// an output that is an input (same device and inode, whatever the name) or another output is a
/// usage mistake, exit 64.
func checkOutputsAreNotInputs(_ outputs: [(option: String, path: String?)], inputs: [String]) throws {
    let given = outputs.compactMap { o in o.path.map { (option: o.option, path: $0) } }
    if case .sameFile(let message)? = OutputCheck.check(outputs: given, inputs: inputs) {
        throw ValidationError(message + "; refusing to overwrite it")
    }
}

/// Checks every output location before any work (call first in `run()`): a location that
/// cannot be written is a file error, exit 1 with nothing written.
func checkOutputs(_ outputs: [(option: String, path: String?)], inputs: [String]) throws {
    let given = outputs.compactMap { o in o.path.map { (option: o.option, path: $0) } }
    switch OutputCheck.check(outputs: given, inputs: inputs) {
    case .sameFile(let message)?: throw ValidationError(message + "; refusing to overwrite it")
    case .unwritable(let error)?: throw fail(error)
    case nil: break
    }
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

/// Removes temporary output files when the user interrupts (SIGINT, SIGTERM, SIGHUP), so
/// Ctrl-C leaves nothing behind; exits 130, 143 or 129. The handler is C (`GAISSignals.h`):
/// it walks a fixed array of paths registered before each temporary is created.
func installInterruptHandler() {
    gais_install_interrupt_handler()
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
