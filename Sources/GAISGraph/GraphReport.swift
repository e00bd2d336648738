import GAISCore

/// What building a graph produced and cost, for reports.
public struct GraphReport: Sendable, Equatable {
    /// The builder used.
    public var method: GraphMethod
    /// Number of nodes (rows).
    public var nodes: Int
    /// Undirected edges, self-loops excluded.
    public var edges: Int
    /// Number of groups (batches, buckets, windows) the edges were built in.
    public var groups: Int
    /// Smallest and largest group size.
    public var smallestGroup: Int
    public var largestGroup: Int
    /// Degrees, self-loops excluded.
    public var minDegree: Int
    public var meanDegree: Double
    public var maxDegree: Int
    /// Nodes that ended up without a neighbour and were joined to their nearest row overall
    /// (only in degenerate settings, e.g. a window or batch of one row).
    public var repairedNodes: Int
    /// Wall-clock seconds spent building.
    public var seconds: Double

    /// The report as a JSON object, for the selection report's details.
    public var json: JSONValue {
        .object([("graph", .string(method.rawValue)), ("edges", .int(edges)), ("groups", .int(groups)),
                 ("smallest_group", .int(smallestGroup)), ("largest_group", .int(largestGroup)),
                 ("min_degree", .int(minDegree)), ("mean_degree", .number((meanDegree * 100).rounded() / 100)),
                 ("max_degree", .int(maxDegree)), ("repaired_nodes", .int(repairedNodes)),
                 ("seconds", .number(seconds))])
    }
}
