import GAISCore
import GAISGraph

/// The outputs of a trained network in inference mode (no dropout) over a whole graph.
public struct GATInference: Sendable {
    /// Number of classes (columns of `probabilities`).
    public let classCount: Int
    /// Width of layer 1's output, `heads × hidden` (columns of `hidden`).
    public let hiddenWidth: Int
    /// Softmax outputs, row-major `n × classCount`; averaged over groups for nodes in several.
    public let probabilities: [Float]
    /// Layer 1's outputs after ELU, row-major `n × hiddenWidth`; averaged like `probabilities`.
    /// Empty when `infer` was asked not to keep them.
    public let hidden: [Float]
    /// method.md §4 attention received: the mean of the two layers' values below (all 1 when
    /// `infer` was not asked for `.attention`).
    public let attentionReceived: [Float]
    /// Layer 1's attention received by each node j: the head-mean of Σ_{i≠j, j∈N(i)} α_ij
    /// divided by Σ_{i≠j, j∈N(i)} 1/|N(i)| (its value under uniform attention), both sums taken
    /// over every group containing the edge. 1 = as much as under uniform attention; a node
    /// no other node attends to gets 1 (no evidence either way).
    public let attentionReceivedLayer1: [Float]
    /// The same for layer 2 (one head).
    public let attentionReceivedLayer2: [Float]
    /// With `InferencePooling.maximumScore`: each node's highest score over its groups.
    public let scores: [Float]?
}

/// What an inference pass must produce beyond the class probabilities.
public struct InferenceOutputs: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Layer 1's outputs (`n × hiddenWidth` values; only the hidden cover space needs them).
    public static let hidden = InferenceOutputs(rawValue: 1)
    /// The attention-received sums (only attention-based scores need them).
    public static let attention = InferenceOutputs(rawValue: 2)
}

/// How the outputs of a node that lies in several groups are combined.
public enum InferencePooling: Sendable {
    /// Probabilities and hidden features averaged over the groups, attention sums added before
    /// dividing (mini-batch repeats; disjoint groups are the special case of one term).
    case mean
    /// Each group is scored on its own by `score` (its nodes, their classes' probabilities and
    /// attention received within the group, local numbering) and a node keeps its highest
    /// score: the 2024 paper's rule for overlapping windows (method.md §2).
    case maximumScore(@Sendable (_ nodes: [Int32], _ probabilities: [Float], _ attention: [Float]) -> [Float])
    /// `.mean`, then `score` (a function of each node's own values, called as for
    /// `maximumScore`) over the pooled values, its results in `scores`. When no node is in two
    /// groups each group is scored as it is run, which gives the same values without storing
    /// every node's probabilities: `probabilities` and the attention arrays then come back empty
    /// (at 10 million rows and 5 classes that is 320 MB less).
    case meanScore(@Sendable (_ nodes: [Int32], _ probabilities: [Float], _ attention: [Float]) -> [Float])
}

extension GATModel {
    /// Runs the network over every group of `graph` (each group's induced subgraph), groups
    /// concurrently, and pools the results per node (see `InferencePooling`). Nodes in no group
    /// are run together as one extra group. The result does not depend on the context.
    /// - Parameters:
    ///   - features: row-major `graph.nodeCount × inputDimension` values (scaled by the model's
    ///     `inputScaling`, if any, as they are gathered).
    ///   - graph: CSR graph with self-loops whose edges lie inside its groups.
    ///   - outputs: what to compute beyond the probabilities.
    ///   - pooling: `.mean`, or `.maximumScore`, whose scores come back in `scores` (and whose
    ///     pooled probabilities are still the mean).
    /// - Precondition: `features.count == graph.nodeCount * inputDimension`.
    /// - Complexity: O(Σ over groups of B·d·H·F + E_B·H·F), linear in n for bounded groups.
    public func infer(features: [Float], graph: any GroupedGraph, outputs: InferenceOutputs = [.attention],
                      pooling: InferencePooling = .mean, context: ExecutionContext = .allCores) -> GATInference {
        let n = graph.nodeCount, classes = classCount, width = shape.width
        precondition(features.count == n * inputDimension, "features must hold nodeCount × inputDimension values")
        let keepHidden = outputs.contains(.hidden)
        let maximumScore: (@Sendable ([Int32], [Float], [Float]) -> [Float])?
        if case .maximumScore(let score) = pooling { maximumScore = score } else { maximumScore = nil }
        let needsAttention = outputs.contains(.attention) || maximumScore != nil
        let all = graph.groups
        // The graph's index of each group run (nil: the nodes in no group, run together).
        var groupIndices: [Int?] = all.indices.filter { !all[$0].isEmpty }
        var groups = groupIndices.map { all[$0!] }
        var visits = [Float](repeating: 0, count: n)
        for group in groups { for v in group { visits[Int(v)] += 1 } }
        let uncovered = (0 ..< n).filter { visits[$0] == 0 }.map { Int32($0) }
        if !uncovered.isEmpty {
            groups.append(uncovered)
            groupIndices.append(nil)
            for v in uncovered { visits[Int(v)] = 1 }
        }
        /// The subgraph group `k` of `groups` induces.
        let runIndices = groupIndices, runGroups = groups
        let subgraph = { @Sendable (k: Int) -> SparseGraph in
            if let g = runIndices[k] { return graph.groupSubgraph(g) }
            return graph.sparseGraph().inducedSubgraph(runGroups[k])
        }
        // When no node is in two groups (mini-batches, hash buckets) every node's sums have one
        // term, so groups can be pooled in parallel; otherwise in group order.
        let disjoint = !visits.contains { $0 > 1 }
        var meanScore: (@Sendable ([Int32], [Float], [Float]) -> [Float])? = nil
        if case .meanScore(let score) = pooling { meanScore = score }
        // Disjoint groups scored as they run; `groupScore` is what `runGroup` applies.
        let scoredInGroups = meanScore != nil && disjoint
        let groupScore = maximumScore ?? (scoredInGroups ? meanScore : nil)

        var probabilities = [Float](repeating: 0, count: scoredInGroups ? 0 : n * classes)
        var hidden = [Float](repeating: 0, count: keepHidden ? n * width : 0)
        var received1 = [Float](repeating: 0, count: needsAttention ? n : 0)
        var received2 = [Float](repeating: 0, count: needsAttention ? n : 0)
        var uniform = [Float](repeating: 0, count: needsAttention ? n : 0)
        var best = [Float](repeating: -.infinity, count: groupScore == nil ? 0 : n)

        /// Adds one group's outputs into the pooled values (local node t is global `nodes[t]`).
        func pool(_ output: GroupOutput, _ sums: PooledSums) {
            for t in 0 ..< output.count {
                let v = output.nodes.map { Int($0[t]) } ?? t
                if let p = sums.probabilities {
                    for c in 0 ..< classes { p[v * classes + c] += output.probabilities[t * classes + c] }
                }
                if let hidden = sums.hidden { for c in 0 ..< width { hidden[v * width + c] += output.hidden[t * width + c] } }
                if let r1 = sums.received1, let r2 = sums.received2, let u = sums.uniform {
                    r1[v] += output.received1[t]
                    r2[v] += output.received2[t]
                    u[v] += output.uniform[t]
                }
                if let best = sums.best { best[v] = scoredInGroups ? output.scores[t] : max(best[v], output.scores[t]) }
            }
        }

        // Groups run in fixed slices (independent of the thread count); each slice's results are
        // added in group order, so pooling is deterministic and memory stays bounded.
        let slice = 64
        var start = 0
        probabilities.withUnsafeMutableBufferPointer { p in
        hidden.withUnsafeMutableBufferPointer { h in
        received1.withUnsafeMutableBufferPointer { r1 in
        received2.withUnsafeMutableBufferPointer { r2 in
        uniform.withUnsafeMutableBufferPointer { u in
        best.withUnsafeMutableBufferPointer { b in
            // (An empty array's buffer may still have a base address: the flags decide.)
            let pooledAttention = needsAttention && groupScore == nil
            let sums = PooledSums(probabilities: scoredInGroups ? nil : p.baseAddress, hidden: keepHidden ? h.baseAddress : nil,
                                  received1: pooledAttention ? r1.baseAddress : nil,
                                  received2: pooledAttention ? r2.baseAddress : nil,
                                  uniform: pooledAttention ? u.baseAddress : nil,
                                  best: groupScore == nil ? nil : b.baseAddress)
            while start < groups.count {
                let end = min(groups.count, start + slice)
                let parallelInside = end - start == 1
                let first = start
                let outputs = Parallel.map(count: end - first, context: context) { k in
                    let output = runGroup(NodeBatch.normalised(groups[first + k], nodeCount: n),
                                          subgraph: subgraph(first + k),
                                          features: features, keepHidden: keepHidden, attention: needsAttention,
                                          score: groupScore, context: parallelInside ? context : .serial)
                    if disjoint { pool(output, sums) }
                    return disjoint ? nil : output
                }
                if !disjoint { for case let output? in outputs { pool(output, sums) } }
                start = end
            }
        }}}}}}
        if scoredInGroups {
            return GATInference(classCount: classes, hiddenWidth: width, probabilities: [], hidden: hidden,
                                attentionReceived: [], attentionReceivedLayer1: [], attentionReceivedLayer2: [],
                                scores: best)
        }
        for v in 0 ..< n where visits[v] > 1 {
            let scale = 1 / visits[v]
            for c in 0 ..< classes { probabilities[v * classes + c] *= scale }
            if keepHidden { for c in 0 ..< width { hidden[v * width + c] *= scale } }
        }
        var layer1 = [Float](repeating: 1, count: n)
        var layer2 = [Float](repeating: 1, count: n)
        var combined = [Float](repeating: 1, count: n)
        if needsAttention && maximumScore == nil {
            for v in 0 ..< n where uniform[v] > 0 {
                layer1[v] = received1[v] / uniform[v]
                layer2[v] = received2[v] / uniform[v]
                combined[v] = (layer1[v] + layer2[v]) / 2
            }
        }
        let pooledScores = meanScore.map { $0((0 ..< Int32(n)).map { $0 }, probabilities, combined) }
        return GATInference(classCount: classes, hiddenWidth: width, probabilities: probabilities, hidden: hidden,
                            attentionReceived: combined, attentionReceivedLayer1: layer1,
                            attentionReceivedLayer2: layer2, scores: maximumScore == nil ? pooledScores : best)
    }

    /// One group's forward pass, per-node attention sums when needed, and its own scores when
    /// `score` is given (local numbering).
    private func runGroup(_ nodes: [Int32]?, subgraph: SparseGraph, features: [Float], keepHidden: Bool,
                          attention: Bool, score: (@Sendable ([Int32], [Float], [Float]) -> [Float])?,
                          context: ExecutionContext) -> GroupOutput {
        let local = NodeBatch.localProblem(nodes: nodes, subgraph: subgraph, features: features,
                                           featureCount: inputDimension, scaling: inputScaling)
        let g = local.graph
        let pass = GATNetwork.forward(parameters: parameters, graph: g, features: local.features, masks: .none,
                                      context: context)
        let received = attention
            ? AttentionReceived.accumulate(graph: g, layer1: pass.layer1.attention, heads: shape.heads,
                                           layer2: pass.layer2.attention)
            : AttentionReceived(layer1: [], layer2: [], uniform: [])
        var scores: [Float] = []
        if let score {
            let members = nodes ?? (0 ..< Int32(g.nodeCount)).map { $0 }
            var combined = [Float](repeating: 1, count: g.nodeCount)
            for t in 0 ..< (attention ? g.nodeCount : 0) where received.uniform[t] > 0 {
                combined[t] = (received.layer1[t] / received.uniform[t] + received.layer2[t] / received.uniform[t]) / 2
            }
            scores = score(members, pass.probabilities, combined)
        }
        return GroupOutput(nodes: nodes, count: g.nodeCount, probabilities: pass.probabilities,
                           hidden: keepHidden ? pass.hidden : [],
                           received1: received.layer1, received2: received.layer2, uniform: received.uniform,
                           scores: scores)
    }
}

/// Where `infer` pools group outputs (disjoint groups write disjoint nodes concurrently).
private struct PooledSums: @unchecked Sendable {
    let probabilities: UnsafeMutablePointer<Float>?
    let hidden: UnsafeMutablePointer<Float>?
    let received1: UnsafeMutablePointer<Float>?
    let received2: UnsafeMutablePointer<Float>?
    let uniform: UnsafeMutablePointer<Float>?
    let best: UnsafeMutablePointer<Float>?
}

/// One group's contribution to a `GATInference`, in local numbering.
private struct GroupOutput: Sendable {
    let nodes: [Int32]?
    let count: Int
    let probabilities: [Float]
    let hidden: [Float]
    let received1: [Float]
    let received2: [Float]
    let uniform: [Float]
    let scores: [Float]
}
