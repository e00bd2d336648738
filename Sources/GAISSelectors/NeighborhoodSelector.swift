import GAISCore

/// A selector driven by a neighbourhood size k (ENN, RENN, All-kNN, ICF, DROP3): they share
/// the `neighbors` parameter, its report entry and its validation.
public protocol NeighborhoodSelector: InstanceSelector {
    /// Neighbours k, ≥ 1.
    var neighbors: Int { get set }
}

extension NeighborhoodSelector {
    public static var parameterTable: ParameterTable<Self> {
        ParameterTable([.integer("neighbors", \.neighbors, min: 1, valueName: "k",
                                 help: "Neighbours k of each row's vote (default 3).")])
    }
}
