/// The sums behind method.md §4's "attention received" for one graph.
struct AttentionReceived: Sendable {
    /// Σ_{i≠j, j∈N(i)} (head-mean of layer 1's α_ij), per node j.
    var layer1: [Float]
    /// Σ_{i≠j, j∈N(i)} α_ij of layer 2, per node j.
    var layer2: [Float]
    /// Σ_{i≠j, j∈N(i)} 1/|N(i)|: what the sums above would be under uniform attention.
    var uniform: [Float]

    /// Accumulates over the edges in edge order (deterministic).
    /// - Parameters:
    ///   - layer1: `edges × heads` attention of layer 1.
    ///   - layer2: `edges` attention of layer 2.
    /// - Complexity: O(edges · heads).
    static func accumulate(graph: AttentionGraph, layer1: [Float], heads: Int, layer2: [Float]) -> AttentionReceived {
        let n = graph.nodeCount
        precondition(layer1.count == graph.edgeCount * heads && layer2.count == graph.edgeCount)
        var result = AttentionReceived(layer1: [Float](repeating: 0, count: n), layer2: [Float](repeating: 0, count: n),
                                       uniform: [Float](repeating: 0, count: n))
        let headScale = 1 / Float(heads)
        for i in 0 ..< n {
            let lo = graph.rowStart[i], hi = graph.rowStart[i + 1]
            let share = 1 / Float(hi - lo)
            for p in lo ..< hi {
                let j = Int(graph.source[p])
                if j == i { continue }
                var sum: Float = 0
                for h in 0 ..< heads { sum += layer1[p * heads + h] }
                result.layer1[j] += sum * headScale
                result.layer2[j] += layer2[p]
                result.uniform[j] += share
            }
        }
        return result
    }
}
