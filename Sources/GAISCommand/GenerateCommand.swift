import ArgumentParser
import GAIS

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write synthetic classification data (like scikit-learn's make_classification) as CSV.",
        discussion: "Gaussian clusters on hypercube vertices in the informative features, redundant features as linear combinations of them, the rest noise. Streams its output: memory does not grow with --rows.")

    @Option(help: "Rows to generate.") var rows: Int
    @Option(help: "Features per row.") var features: Int
    @Option(help: "Number of classes.") var classes: Int = 2
    @Option(help: "Informative features (default: half the features, at least 2).") var informative: Int?
    @Option(help: "Redundant features (default: a quarter of the features).") var redundant: Int?
    @Option(name: .customLong("clusters-per-class"), help: "Gaussian clusters per class.") var clustersPerClass: Int = 2
    @Option(name: .customLong("class-weights"), help: ArgumentHelp("Relative class sizes, comma-separated (default: equal).", valueName: "w1,w2,…"))
    var classWeights: String?
    @Option(name: .customLong("label-noise"), help: "Fraction of labels replaced by a random class.") var labelNoise: Double = 0.01
    @Option(name: .customLong("class-separation"), help: "Half the side of the hypercube; larger is easier.") var classSeparation: Double = 1.0
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Option(help: ArgumentHelp("Output CSV file.", valueName: "file")) var output: String

    func makeGenerator() throws -> SyntheticGenerator {
        var weights: [Double]? = nil
        if let classWeights {
            let parts = classWeights.split(separator: ",").map { Double($0.trimmingSpaces()) }
            guard parts.allSatisfy({ $0 != nil }) else {
                throw ValidationError("--class-weights must be numbers separated by commas, got \(classWeights.quotedForMessage)")
            }
            weights = parts.map { $0! }
        }
        let generator = SyntheticGenerator(rows: rows, features: features, classes: classes, informative: informative,
                                           redundant: redundant, clustersPerClass: clustersPerClass,
                                           classWeights: weights, labelNoise: labelNoise,
                                           classSeparation: classSeparation, seed: seed)
        do { try generator.validate() } catch let e as GAISError { throw ValidationError(e.description) }
        return generator
    }

    func validate() throws {
        _ = try makeGenerator()
        try checkOutputsAreNotInputs([("--output", output)], inputs: [])
    }

    func run() throws {
        try checkOutputs([("--output", output)], inputs: [])
        do {
            let generator = try makeGenerator()
            let file = try AtomicFile(path: output)
            try file.write(generator.headerLine)
            let progress = Progress()
            var written = 0
            try generator.generateCSV { block in
                try block.withUnsafeBufferPointer { try file.write($0) }
                written += SyntheticGenerator.blockRows
                progress.update("generated \(min(written, rows)) of \(rows) rows")
            }
            try file.commit()
            progress.finish()
        } catch {
            throw fail(error)
        }
    }
}
