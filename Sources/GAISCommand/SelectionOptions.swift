import ArgumentParser
import GAIS

/// Options that choose and configure a selector: the method, its parameters (`--set`, and the
/// per-parameter options `MethodArguments` rewrites into it), the seed and the threads.
struct SelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Selection method: \(Methods.names.joined(separator: ", ")).", valueName: "name"))
    var method: String = GAISSelector.methodName

    @Option(name: .customLong("set"), help: ArgumentHelp("A method parameter as key=value (see below); repeatable.", valueName: "key=value"))
    var settings: [String] = []

    @Option(help: "Random seed: the same seed gives the same selection, whatever the number of threads.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Worker threads (default: all cores). Results do not depend on it.", valueName: "n"))
    var threads: Int?

    /// The configured selector; every usage mistake (unknown method, parameter of another
    /// method, value out of range) as a `ValidationError` (exit 64) with the registry's message.
    func makeSelector() throws -> any InstanceSelector {
        do {
            return try Methods.selector(method, settings: try MethodArguments.settings(settings))
        } catch let error as GAISError {
            throw ValidationError(error.description)
        }
    }

    var context: ExecutionContext { ExecutionContext(threads: threads ?? ProcessInfoCores.count) }

    func validate() throws {
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1, got \(t)") }
        _ = try makeSelector()
    }
}
