/// The graph builders of method.md §2.
///
/// - `minibatch`: stratified mini-batches of `batchSize` rows, edges inside each batch
///   (Rustamov, Zaitouny & Zaki, "Scalable Graph Attention-based Instance Selection via
///   Mini-Batch Sampling and Hierarchical Hashing", AI Open 2025).
/// - `lsh`: single-level random-hyperplane hashing (SimHash, Charikar 2002); edges inside buckets.
/// - `lshMultilevel`: several nested levels from prefixes of one code; edges of all levels unioned.
/// - `lshMultiview`: several hash tables on random feature subsets; edges unioned.
/// - `chunk`: the 2024 method (Rustamov et al., "GAIS", IEEE ICKG 2024): overlapping windows of
///   a shuffled order, a similarity threshold per window, random edge masking.
public enum GraphMethod: String, CaseIterable, Sendable {
    case minibatch
    case lsh
    case lshMultilevel = "lsh-multilevel"
    case lshMultiview = "lsh-multiview"
    case chunk
}

/// How edges are chosen among the rows of one group (batch or bucket).
public enum EdgeRule: String, CaseIterable, Sendable {
    /// Each row is joined to its `neighbors` nearest rows of the group (Euclidean), symmetrised.
    case nearest
    /// A pair is joined when its similarity `1/(1+d)` is at or above the group's
    /// `percentile`-th percentile of pair similarities; each row also keeps the edge to its
    /// nearest row so that no row is isolated.
    case threshold
}
