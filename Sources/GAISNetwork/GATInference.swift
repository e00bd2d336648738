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
    /// method.md §4 attention received: the mean of the two layers' values below.
    public let attentionReceived: [Float]
    /// Layer 1's attention received by each node j: the head-mean of Σ_{i≠j, j∈N(i)} α_ij
    /// divided by Σ_{i≠j, j∈N(i)} 1/|N(i)| (its value under uniform attention), both sums taken
    /// over every group containing the edge. 1 = as much as under uniform attention; a node
    /// no other node attends to gets 1 (no evidence either way).
    public let attentionReceivedLayer1: [Float]
    /// The same for layer 2 (one head).
    public let attentionReceivedLayer2: [Float]
}

extension GATModel {
    /// Runs the network over every group of `graph` (each group's induced subgraph), groups
    /// concurrently, and pools the results per node: probabilities and hidden features are
    /// averaged over the groups containing the node, attention sums are added before dividing.
    /// Nodes in no group are run together as one extra group. The result does not depend on the
    /// number of threads.
    /// - Parameters:
    ///   - features: row-major `graph.nodeCount × inputDimension` values (scaled by the model's
    ///     `inputScaling`, if any, as they are gathered).
    ///   - graph: CSR graph with self-loops whose edges lie inside its groups.
    ///   - keepHidden: whether to return layer 1's outputs (`n × hiddenWidth` values; 128 MB at
    ///     a million rows of the default network), which only the hidden cover space needs.
    /// - Precondition: `features.count == graph.nodeCount * inputDimension`.
    /// - Complexity: O(Σ over groups of B·d·H·F + E_B·H·F), linear in n for bounded groups.
    public func infer(features: [Float], graph: SparseGraph, keepHidden: Bool = true) -> GATInference {
        let n = graph.nodeCount, classes = classCount, width = shape.width
        precondition(features.count == n * inputDimension, "features must hold nodeCount × inputDimension values")
        var groups = graph.groups.filter { !$0.isEmpty }
        var visits = [Float](repeating: 0, count: n)
        for group in groups { for v in group { visits[Int(v)] += 1 } }
        let uncovered = (0 ..< n).filter { visits[$0] == 0 }.map { Int32($0) }
        if !uncovered.isEmpty {
            groups.append(uncovered)
            for v in uncovered { visits[Int(v)] = 1 }
        }
        // When no node is in two groups (mini-batches, hash buckets) every node's sums have one
        // term, so groups can be pooled in parallel; otherwise in group order.
        let disjoint = !visits.contains { $0 > 1 }

        var probabilities = [Float](repeating: 0, count: n * classes)
        var hidden = [Float](repeating: 0, count: keepHidden ? n * width : 0)
        var received1 = [Float](repeating: 0, count: n)
        var received2 = [Float](repeating: 0, count: n)
        var uniform = [Float](repeating: 0, count: n)

        /// Adds one group's outputs into the pooled sums (local node t is global `nodes[t]`).
        func pool(_ output: GroupOutput, probabilities: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>?,
                  received1: UnsafeMutablePointer<Float>, received2: UnsafeMutablePointer<Float>,
                  uniform: UnsafeMutablePointer<Float>) {
            for t in 0 ..< output.count {
                let v = output.nodes.map { Int($0[t]) } ?? t
                for c in 0 ..< classes { probabilities[v * classes + c] += output.probabilities[t * classes + c] }
                if let hidden { for c in 0 ..< width { hidden[v * width + c] += output.hidden[t * width + c] } }
                received1[v] += output.received1[t]
                received2[v] += output.received2[t]
                uniform[v] += output.uniform[t]
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
            let sums = UncheckedSendable((p.baseAddress!, keepHidden ? h.baseAddress : nil, r1.baseAddress!,
                                          r2.baseAddress!, u.baseAddress!))
            while start < groups.count {
                let end = min(groups.count, start + slice)
                let parallelInside = end - start == 1
                let first = start
                let outputs = Parallel.map(count: end - first) { k in
                    let output = runGroup(NodeBatch.normalised(groups[first + k], nodeCount: n), graph: graph,
                                          features: features, keepHidden: keepHidden, parallel: parallelInside)
                    if disjoint {
                        let (p, h, r1, r2, u) = sums.value
                        pool(output, probabilities: p, hidden: h, received1: r1, received2: r2, uniform: u)
                    }
                    return disjoint ? nil : output
                }
                if !disjoint {
                    let (p, h, r1, r2, u) = sums.value
                    for case let output? in outputs {
                        pool(output, probabilities: p, hidden: h, received1: r1, received2: r2, uniform: u)
                    }
                }
                start = end
            }
        }}}}}
        for v in 0 ..< n where visits[v] > 1 {
            let scale = 1 / visits[v]
            for c in 0 ..< classes { probabilities[v * classes + c] *= scale }
            if keepHidden { for c in 0 ..< width { hidden[v * width + c] *= scale } }
        }
        var layer1 = [Float](repeating: 1, count: n)
        var layer2 = [Float](repeating: 1, count: n)
        var combined = [Float](repeating: 1, count: n)
        for v in 0 ..< n where uniform[v] > 0 {
            layer1[v] = received1[v] / uniform[v]
            layer2[v] = received2[v] / uniform[v]
            combined[v] = (layer1[v] + layer2[v]) / 2
        }
        return GATInference(classCount: classes, hiddenWidth: width, probabilities: probabilities, hidden: hidden,
                            attentionReceived: combined, attentionReceivedLayer1: layer1,
                            attentionReceivedLayer2: layer2)
    }

    /// One group's forward pass and per-node attention sums (local numbering).
    private func runGroup(_ nodes: [Int32]?, graph: SparseGraph, features: [Float], keepHidden: Bool,
                          parallel: Bool) -> GroupOutput {
        let local = NodeBatch.localProblem(nodes: nodes, graph: graph, features: features, featureCount: inputDimension,
                                           scaling: inputScaling)
        let g = local.graph
        let pass = GATNetwork.forward(parameters: parameters, graph: g, features: local.features, masks: .none,
                                      parallel: parallel)
        let received = AttentionReceived.accumulate(graph: g, layer1: pass.layer1.attention, heads: shape.heads,
                                                    layer2: pass.layer2.attention)
        return GroupOutput(nodes: nodes, count: g.nodeCount, probabilities: pass.probabilities,
                           hidden: keepHidden ? pass.hidden : [],
                           received1: received.layer1, received2: received.layer2, uniform: received.uniform)
    }
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
}
