import ArgumentParser
import GAIS

/// Options that configure a selector: size, seed, neighbours, and the GAIS settings.
struct SelectionOptions: ParsableArguments {
    @Option(name: .customLong("keep-ratio"), help: ArgumentHelp("Keep max(1, round(R·n_c)) rows of each class c; R in (0, 1]. Default 0.04.", valueName: "R"))
    var keepRatio: Double?

    @Option(help: ArgumentHelp("Target reduction rate in [0, 1): the same as --keep-ratio 1-r.", valueName: "r"))
    var reduction: Double?

    @Option(help: ArgumentHelp("Keep N rows in total (at least one per class), shared by class size.", valueName: "N"))
    var keep: Int?

    @Option(help: "Random seed: the same seed gives the same selection, whatever the number of threads.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Neighbours k for enn, renn, allknn, icf, drop3 (default 3).", valueName: "k"))
    var neighbors: Int?

    @Option(help: ArgumentHelp("Worker threads (default: all cores). Results do not depend on it.", valueName: "n"))
    var threads: Int?

    @OptionGroup(title: "GAIS")
    var gais: GAISOptions

    var size: SubsetSize {
        if let keepRatio { return .keepRatio(keepRatio) }
        if let reduction { return .reduction(reduction) }
        if let keep { return .count(keep) }
        return .default
    }

    /// Usage checks (exit 64): ranges, and options that do not apply to the method.
    func check(method: SelectionMethod) throws {
        let given = [keepRatio != nil, reduction != nil, keep != nil].filter { $0 }.count
        if given > 1 { throw ValidationError("give only one of --keep-ratio, --reduction and --keep") }
        if let r = keepRatio, !(r > 0 && r <= 1) { throw ValidationError("--keep-ratio must be in (0, 1], got \(r)") }
        if let r = reduction, !(r >= 0 && r < 1) { throw ValidationError("--reduction must be in [0, 1), got \(r)") }
        if let n = keep, n < 1 { throw ValidationError("--keep must be at least 1, got \(n)") }
        if given > 0 && !method.takesSize {
            throw ValidationError("--method \(method.rawValue) chooses its own size; --keep-ratio, --reduction and --keep apply to random and the gais methods")
        }
        if let k = neighbors {
            if k < 1 { throw ValidationError("--neighbors must be at least 1, got \(k)") }
            if !method.takesNeighbors {
                throw ValidationError("--neighbors applies to enn, renn, allknn, icf and drop3, not to \(method.rawValue)")
            }
        }
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1, got \(t)") }
        try gais.check(method: method)
    }

    func applyThreads() {
        if let threads { Parallel.maxThreads = threads }
    }

    func makeSelector(method: SelectionMethod) throws -> any InstanceSelector {
        let selector = method.makeSelector(size: size, neighbors: neighbors, gais: try gais.selector())
        try selector.validate()
        return selector
    }
}
