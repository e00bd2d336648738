import GAISCore
import GAISGraph

/// The batches training steps and evaluations run on: the whole graph, or one per group.
///
/// The evaluation groups' batches are always kept, and training batches too while they fit in
/// `budget` stored values; past that a group's batch is gathered again at each visit (in the
/// background, beside the steps), so memory stays bounded whatever n.
final class TrainingBatches: @unchecked Sendable {
    /// Number of stored values (features, edges, per-node arrays) up to which training batches
    /// are kept between visits: 16 Mi values, about 64 MB.
    static let defaultBudget = 1 << 24

    private let groups: [[Int32]]
    /// The graph's index of each of `groups` (the non-empty ones).
    private let groupIndices: [Int]
    private let graph: any GroupedGraph
    private let features: [Float]
    private let featureCount: Int
    private let scaling: InputScaling?
    private let labels: [Int32]
    private let classWeights: [Float]
    private let heldOut: [Bool]
    private let budget: Int
    // Touched only by the training thread (never by the background gatherers, which call
    // `make` alone).
    private var kept: [NodeBatch?]
    private var cachedValues = 0

    /// Whether the graph trains full-batch (one group or none).
    let fullBatch: Bool
    /// Number of batches (groups, or 1).
    let count: Int

    init(graph: any GroupedGraph, features: [Float], featureCount: Int, scaling: InputScaling?, labels: [Int32],
         classWeights: [Float], heldOut: [Bool], budget: Int = TrainingBatches.defaultBudget) {
        let all = graph.groups
        self.groupIndices = all.indices.filter { !all[$0].isEmpty }
        self.groups = groupIndices.map { all[$0] }
        self.graph = graph
        self.features = features
        self.featureCount = featureCount
        self.scaling = scaling
        self.labels = labels
        self.classWeights = classWeights
        self.heldOut = heldOut
        self.budget = budget
        fullBatch = groups.count <= 1
        count = max(groups.count, 1)
        kept = [NodeBatch?](repeating: nil, count: count)
    }

    /// Gathers batch `g` afresh (safe from any thread).
    func make(_ g: Int) -> NodeBatch {
        let nodes = groups.isEmpty ? nil : NodeBatch.normalised(groups[g], nodeCount: graph.nodeCount)
        // No group at all: the whole graph, full-batch.
        let subgraph = groups.isEmpty ? graph.sparseGraph() : graph.groupSubgraph(groupIndices[g])
        return NodeBatch(nodes: nodes, subgraph: subgraph, features: features, featureCount: featureCount,
                         scaling: scaling, labels: labels, classWeights: classWeights, heldOut: heldOut)
    }

    /// Whether batch `g` is kept.
    func isKept(_ g: Int) -> Bool { kept[g] != nil }

    /// Keeps `made` as batch `g` if the budget allows (or always, with `force`).
    func keep(_ made: NodeBatch, as g: Int, force: Bool = false) {
        if kept[g] == nil && (force || cachedValues + made.storedValues <= budget) {
            kept[g] = made
            cachedValues += made.storedValues
        }
    }

    /// Batch `g`, kept or gathered now.
    func batch(_ g: Int) -> NodeBatch {
        if let ready = kept[g] { return ready }
        let made = make(g)
        keep(made, as: g)
        return made
    }

    /// The evaluation groups: all of a full-batch graph, else a fixed seeded sample of
    /// `sampleSize` groups, ascending. Their batches are kept whatever the budget.
    func evaluationBatches(sampleSize: Int, seed: Seed) -> [NodeBatch] {
        let chosen: [Int]
        if fullBatch {
            chosen = [0]
        } else {
            var order = Array(groups.indices)
            var generator = seed.generator
            generator.shuffle(&order)
            chosen = order.prefix(sampleSize).sorted()
        }
        let batches = chosen.map { batch($0) }
        for (g, made) in zip(chosen, batches) { keep(made, as: g, force: true) }
        return batches
    }
}
