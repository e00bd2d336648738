import GAISGraph
import GAISNeighbors

/// One group of nodes prepared for the network: its induced subgraph, its rows of features,
/// labels and loss weights, all in local numbering (local node t is global node `nodes[t]`).
struct NodeBatch: Sendable {
    /// Global node ids, or `nil` when the batch is the whole graph in its own order.
    let nodes: [Int32]?
    let graph: AttentionGraph
    let features: [Float]
    let labels: [Int32]
    /// Class weight of each training node, 0 for held-out nodes.
    let trainingWeights: [Float]
    /// Class weight of each held-out node, 0 for training nodes.
    let validationWeights: [Float]

    var nodeCount: Int { graph.nodeCount }

    /// Approximate number of stored scalars and indices, for cache budgeting.
    var storedValues: Int { features.count + 4 * nodeCount + 3 * graph.edgeCount + (nodes?.count ?? 0) }

    /// - Parameters:
    ///   - nodes: the group's nodes, or `nil` for the whole graph.
    ///   - classWeights: weight per class for the loss.
    ///   - heldOut: `true` for nodes reserved for early stopping (global numbering).
    /// - Complexity: O(group size · feature count + Σ degree of the group).
    ///   - subgraph: the subgraph induced by `nodes` in local numbering (the whole graph when
    ///     `nodes` is nil).
    init(nodes: [Int32]?, subgraph: SparseGraph, features: [Float], featureCount: Int, scaling: InputScaling?,
         labels: [Int32], classWeights: [Float], heldOut: [Bool]) {
        self.nodes = nodes
        let local = NodeBatch.localProblem(nodes: nodes, subgraph: subgraph, features: features,
                                           featureCount: featureCount, scaling: scaling)
        self.graph = local.graph
        self.features = local.features
        let ids: [Int] = nodes.map { $0.map { Int($0) } } ?? Array(0 ..< subgraph.nodeCount)
        self.labels = ids.map { labels[$0] }
        self.trainingWeights = ids.map { heldOut[$0] ? 0 : classWeights[Int(labels[$0])] }
        self.validationWeights = ids.map { heldOut[$0] ? classWeights[Int(labels[$0])] : 0 }
    }

    /// The attention layout of `subgraph` (induced by `nodes`) and the feature rows of `nodes`
    /// (every row when `nil`), scaled by `scaling` when given.
    static func localProblem(nodes: [Int32]?, subgraph: SparseGraph, features: [Float], featureCount: Int,
                             scaling: InputScaling?) -> (graph: AttentionGraph, features: [Float]) {
        guard let nodes else { return (AttentionGraph(subgraph), scaling?.applied(to: features) ?? features) }
        var rows = features.withUnsafeBufferPointer {
            NearestNeighbors.gather(rows: nodes, of: $0, dimension: featureCount)
        }
        if let scaling {
            // Scaled in place, row by row (each value is read before it is written).
            rows.withUnsafeMutableBufferPointer { local in
                guard let base = local.baseAddress else { return }
                for t in 0 ..< nodes.count {
                    scaling.applyRow(base + t * featureCount, to: base + t * featureCount)
                }
            }
        }
        return (AttentionGraph(subgraph), rows)
    }

    /// `nil` when `nodes` is exactly `0..<nodeCount` in order (so the graph can be used as is).
    static func normalised(_ nodes: [Int32], nodeCount: Int) -> [Int32]? {
        if nodes.count == nodeCount && nodes.enumerated().allSatisfy({ Int($0.element) == $0.offset }) {
            return nil
        }
        return nodes
    }
}
