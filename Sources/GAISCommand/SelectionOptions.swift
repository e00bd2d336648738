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

    @Option(help: ArgumentHelp("With --keep auto: accuracy the subset may give up against all rows, as a fraction (default 0.01 = one point).", valueName: "t"))
    var tolerance: Double?

    @Option(help: ArgumentHelp("With --keep auto: the classifier whose accuracy is compared: \(ClassifierName.validNames) (default knn1).", valueName: "name"))
    var classifier: String?

    /// The method's settings, without `keep=auto`.
    private func methodSettings() throws -> [(key: String, value: String)] {
        try MethodArguments.settings(settings).filter { !($0.key == "keep" && $0.value == "auto") }
    }

    /// Whether `--keep auto` was given.
    var keepAuto: Bool { settings.contains("keep=auto") }

    /// The configured selector; every usage mistake (unknown method, parameter of another
    /// method, value out of range) as a `ValidationError` (exit 64) with the registry's message.
    func makeSelector() throws -> any InstanceSelector {
        do {
            return try Methods.selector(method, settings: try methodSettings())
        } catch let error as GAISError {
            throw ValidationError(error.description)
        }
    }

    /// The size search of `--keep auto`, or nil without it.
    func keepSearch() throws -> KeepRatioSearch? {
        guard keepAuto else {
            if tolerance != nil || classifier != nil {
                throw ValidationError("--tolerance and --classifier apply only with --keep auto")
            }
            return nil
        }
        do {
            let search = KeepRatioSearch(tolerance: tolerance ?? 0.01,
                                         classifier: try ClassifierName(parsing: classifier ?? "knn1"), context: context)
            try search.validate()
            return search
        } catch let error as GAISError {
            throw ValidationError(error.description)
        }
    }

    var context: ExecutionContext { ExecutionContext(threads: threads ?? ProcessInfoCores.count) }

    func validate() throws {
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1, got \(t)") }
        let selector = try makeSelector()
        if try keepSearch() != nil {
            guard selector is any SizedSelector else {
                throw ValidationError("--keep auto needs a method that takes a size (\(Methods.all.filter(\.takesSize).map(\.name).joined(separator: ", "))), got \(method)")
            }
            let sizes = try MethodArguments.settings(settings).filter { SubsetSize.parameterNames.contains($0.key) }
            if sizes.count > 1 { throw ValidationError("--keep auto chooses the size; give no --keep-ratio or --reduction with it") }
        }
    }
}
