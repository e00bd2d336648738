import GAISCore

/// A selector driven by a neighbourhood size k (ENN, RENN, All-kNN, ICF, DROP3): they share
/// the `neighbors` parameter, its report entry and its validation.
public protocol NeighborhoodSelector: InstanceSelector {
    /// Neighbours k, ≥ 1.
    var neighbors: Int { get }
}

extension NeighborhoodSelector {
    public var parameters: [(name: String, value: String)] { [("neighbors", String(neighbors))] }

    public func validate() throws {
        try GAISError.require(neighbors >= 1, "neighbors", of: Self.methodName, "at least 1", got: neighbors)
    }
}
