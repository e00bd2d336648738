import ArgumentParser
import GAIS

struct NeighborsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neighbors",
        abstract: "Exact k nearest neighbours of every row among the other rows, on the encoded features.",
        discussion: "Squared Euclidean distance on the encoded features (min-max scaled, one-hot). Ties go to the smaller row index. Output: one line per row, its neighbours' 0-based indices nearest first, comma-separated; with --distances, each as index:squared-distance.")

    @Argument(help: "The table.")
    var input: String

    @OptionGroup(title: "Input")
    var inputOptions: InputOptions

    @Option(name: [.customShort("k"), .customLong("neighbors")], help: "Neighbours per row.")
    var k: Int = 10

    @Flag(help: "Write each neighbour as index:squared-distance.")
    var distances = false

    @Option(help: ArgumentHelp("Output file.", valueName: "file"))
    var output: String

    @Option(help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var threads: Int?

    func validate() throws {
        if k < 1 { throw ValidationError("-k must be at least 1, got \(k)") }
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1, got \(t)") }
        try inputOptions.check(inputs: [input])
        try checkOutputsAreNotInputs([("--output", output)], inputs: [input])
    }

    func run() throws {
        try checkOutputs([("--output", output)], inputs: [input])
        do {
            var table = try TableReader.read(path: input, options: inputOptions.readOptions)
            let data = TableEncoder.fit(table).encode(&table)
            try requireFeatures(data, of: input)
            let lists = NearestNeighbors.searchWithin(data.features, dimension: max(1, data.featureCount), k: k,
                                                      context: ExecutionContext(threads: threads ?? ProcessInfoCores.count))
            let file = try AtomicFile(path: output)
            var line = ""
            for q in 0..<lists.queryCount {
                line.removeAll(keepingCapacity: true)
                for r in 0..<lists.k {
                    if r > 0 { line += "," }
                    line += String(lists.indices[q * lists.k + r])
                    if distances { line += ":" + String(lists.distances[q * lists.k + r]) }
                }
                line += "\n"
                try file.write(line)
            }
            try file.commit()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error)
        }
    }
}
