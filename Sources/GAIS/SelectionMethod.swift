/// The version of the library and the `gais` tool.
public enum GAISVersion {
    public static let string = "0.1.0"
}

/// Every selector `gais select --method` knows.
public enum SelectionMethod: String, CaseIterable, Sendable {
    case gais
    case gaisLSH = "gais-lsh"
    case gaisLSHMultilevel = "gais-lsh-multilevel"
    case gaisLSHMultiview = "gais-lsh-multiview"
    case gaisChunk = "gais-chunk"
    case random
    case cnn, enn, renn, allknn, icf, drop3, lssm, lsbo

    /// One line for help texts.
    public var summary: String {
        switch self {
        case .gais: return "GAIS, mini-batch graph (default)"
        case .gaisLSH: return "GAIS, single-level hashing graph"
        case .gaisLSHMultilevel: return "GAIS, multi-level hashing graph"
        case .gaisLSHMultiview: return "GAIS, multi-view hashing graph, for high dimensions"
        case .gaisChunk: return "GAIS, 2024 chunked graph"
        case .random: return "stratified random subset"
        case .cnn: return "Condensed Nearest Neighbour, Hart 1968"
        case .enn: return "Edited Nearest Neighbour, Wilson 1972"
        case .renn: return "Repeated ENN, Tomek 1976"
        case .allknn: return "All-kNN, Tomek 1976"
        case .icf: return "Iterative Case Filtering, Brighton & Mellish 2002"
        case .drop3: return "DROP3, Wilson & Martinez 2000"
        case .lssm: return "Local Set-based Smoother, Leyva et al. 2015"
        case .lsbo: return "Local Set Border selector, Leyva et al. 2015"
        }
    }

    /// Whether the method keeps a size the user chooses (`--keep-ratio`, `--reduction`,
    /// `--keep`); the others decide their own size.
    public var takesSize: Bool {
        switch self {
        case .gais, .gaisLSH, .gaisLSHMultilevel, .gaisLSHMultiview, .gaisChunk, .random: return true
        default: return false
        }
    }

    /// Whether the method takes `--neighbors`.
    public var takesNeighbors: Bool {
        switch self {
        case .enn, .renn, .allknn, .icf, .drop3: return true
        default: return false
        }
    }

    /// The graph builder of a GAIS variant.
    public var graphMethod: GraphMethod? {
        switch self {
        case .gais: return .minibatch
        case .gaisLSH: return .lsh
        case .gaisLSHMultilevel: return .lshMultilevel
        case .gaisLSHMultiview: return .lshMultiview
        case .gaisChunk: return .chunk
        default: return nil
        }
    }

    /// A selector for this method. `size` applies to methods that take one, `neighbors` to
    /// those that take k (nil = the method's default), `gais` configures the GAIS variants
    /// (its graph method is set from this case).
    public func makeSelector(size: SubsetSize = .default, neighbors: Int? = nil,
                             gais: GAISSelector = GAISSelector()) -> any InstanceSelector {
        switch self {
        case .gais, .gaisLSH, .gaisLSHMultilevel, .gaisLSHMultiview, .gaisChunk:
            var selector = gais
            selector.graphMethod = graphMethod!
            selector.size = size
            return selector
        case .random: return RandomSelector(size: size)
        case .cnn: return CondensedNearestNeighborSelector()
        case .enn: return EditedNearestNeighborsSelector(neighbors: neighbors ?? 3)
        case .renn: return RepeatedEditedNearestNeighborsSelector(neighbors: neighbors ?? 3)
        case .allknn: return AllKNearestNeighborsSelector(neighbors: neighbors ?? 3)
        case .icf: return IterativeCaseFilteringSelector(neighbors: neighbors ?? 3)
        case .drop3: return DecrementalReductionOptimizationSelector(neighbors: neighbors ?? 3)
        case .lssm: return LocalSetSmootherSelector()
        case .lsbo: return LocalSetBorderSelector()
        }
    }
}
