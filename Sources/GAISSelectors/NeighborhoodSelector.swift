import GAISCore

/// A selector driven by a neighbourhood size k (ENN, RENN, All-kNN, ICF, DROP3): they share
/// the `neighbors` parameter, its report entry and its validation.
public protocol NeighborhoodSelector: InstanceSelector {
    /// Neighbours k, ≥ 1 (default 3).
    var neighbors: Int { get set }
    /// The selector with k = 3.
    init()
}

extension NeighborhoodSelector {
    /// The selector with `neighbors` neighbours.
    public init(neighbors: Int) {
        self.init()
        self.neighbors = neighbors
    }

    public static var parameterTable: ParameterTable<Self> {
        ParameterTable([.integer("neighbors", \.neighbors, min: 1, valueName: "k",
                                 help: "Neighbours k of each row's vote (default 3).")])
    }
}
