import GAISCore
import GAISGraph
@testable import GAISNetwork

/// A small random problem: graph, features, labels, loss weights and parameters, from a seed.
struct RandomProblem {
    let seed: UInt64
    let graph: SparseGraph
    let attentionGraph: AttentionGraph
    let shape: GATShape
    let features: [Double]
    let labels: [Int32]
    let nodeWeights: [Double]
    let parameters: GATParameters<Double>

    init(seed: UInt64, nodes: Int = 6, inputs: Int = 3, heads: Int = 2, hidden: Int = 3, classes: Int = 2,
         edgeProbability: Double = 0.5, parameterScale: Double = 1) {
        self.seed = seed
        var generator = SeededGenerator(seed: seed)
        var edges: [(Int32, Int32)] = []
        for a in 0 ..< nodes {
            for b in a + 1 ..< nodes where generator.nextDouble() < edgeProbability {
                edges.append((Int32(a), Int32(b)))
            }
        }
        graph = SparseGraph(nodeCount: nodes, edges: edges)
        attentionGraph = AttentionGraph(graph)
        shape = GATShape(inputDimension: inputs, heads: heads, hidden: hidden, classCount: classes)
        features = (0 ..< nodes * inputs).map { _ in generator.nextGaussian() }
        labels = (0 ..< nodes).map { Int32($0 % classes) }
        // Class-like weights, with one node left out of the loss.
        nodeWeights = (0 ..< nodes).map { $0 == 1 ? 0 : 0.5 + generator.nextDouble() }
        var values = GATParameters<Double>.glorot(shape: shape, generator: &generator).values
        // Non-zero biases so their paths are exercised as well.
        for k in values.indices { values[k] = parameterScale * (values[k] + 0.1 * generator.nextGaussian()) }
        parameters = GATParameters(shape: shape, values: values)
    }

    func loss(_ parameters: GATParameters<Double>, features: [Double], masks: DropoutMasks<Double>) -> Double {
        let pass = GATNetwork.forward(parameters: parameters, graph: attentionGraph, features: features,
                                      masks: masks, context: .serial)
        let (sum, weight) = GATNetwork.weightedLoss(logits: pass.layer2.output, classCount: shape.classCount,
                                                    labels: labels, nodeWeights: nodeWeights)
        return sum / weight
    }
}

/// Nodes on two Gaussian blobs with a symmetrised kNN graph built inside each group.
struct BlobProblem {
    let features: [Float]
    let labels: [Int32]
    let graph: SparseGraph
    let dimension: Int

    init(seed: UInt64, nodes: Int, dimension: Int = 5, separation: Double = 1.5, k: Int = 5, groupCount: Int = 1,
         overlap: Int = 0) {
        var generator = SeededGenerator(seed: seed)
        var features: [Float] = []
        var labels: [Int32] = []
        for i in 0 ..< nodes {
            let label = Int32(i % 2)
            let centre = label == 0 ? -separation : separation
            for _ in 0 ..< dimension { features.append(Float(centre + generator.nextGaussian())) }
            labels.append(label)
        }
        // Groups: consecutive slices, each extended by `overlap` nodes of the next one.
        var groups: [[Int32]] = []
        let size = (nodes + groupCount - 1) / groupCount
        for g in 0 ..< groupCount {
            let lo = g * size, hi = min(nodes, (g + 1) * size + overlap)
            if lo < hi { groups.append((lo ..< hi).map { Int32($0) }) }
        }
        var edges: [(Int32, Int32)] = []
        for group in groups {
            for a in group {
                var distances: [(Float, Int32)] = []
                for b in group where b != a {
                    var d: Float = 0
                    for c in 0 ..< dimension {
                        let diff = features[Int(a) * dimension + c] - features[Int(b) * dimension + c]
                        d += diff * diff
                    }
                    distances.append((d, b))
                }
                distances.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                for (_, b) in distances.prefix(k) { edges.append((a, b)) }
            }
        }
        self.features = features
        self.labels = labels
        self.dimension = dimension
        self.graph = SparseGraph(nodeCount: nodes, edges: edges, groups: groups)
    }
}

/// Index of the largest value in each row.
func argmaxRows(_ values: [Float], columns: Int) -> [Int] {
    (0 ..< values.count / columns).map { i in
        var best = 0
        for c in 1 ..< columns where values[i * columns + c] > values[i * columns + best] { best = c }
        return best
    }
}
