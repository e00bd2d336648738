import GAISCore
import GAISGraph
import Testing
@testable import GAISNetwork

struct MiniBatchTests {
    @Test func severalGroupsTrainAndInfer() throws {
        let seed: UInt64 = 77
        // 4 groups of 60 nodes, each overlapping the next by 10 nodes.
        let blobs = BlobProblem(seed: seed, nodes: 240, groupCount: 4, overlap: 10)
        #expect(blobs.graph.groups.count == 4)
        let configuration = GATConfiguration(epochs: 80, stepsPerEpoch: 3, validationGroups: 2)
        let (model, report) = try GATTrainer.train(features: blobs.features, featureCount: blobs.dimension,
                                                   labels: blobs.labels, classCount: 2, graph: blobs.graph,
                                                   configuration: configuration, seed: Seed(seed))
        #expect(report.steps == 3 * report.epochs)
        #expect(report.trainingAccuracy >= 0.9, "seed \(seed): \(report)")
        let inference = model.infer(features: blobs.features, graph: blobs.graph, outputs: [.hidden, .attention])
        #expect(inference.probabilities.count == 240 * 2)
        #expect(inference.hidden.count == 240 * 32)
        #expect(inference.attentionReceived.count == 240)
        for i in 0 ..< 240 {
            #expect(abs(inference.probabilities[2 * i] + inference.probabilities[2 * i + 1] - 1) < 1e-5)
        }
        #expect(inference.attentionReceived.allSatisfy { $0.isFinite && $0 >= 0 })
        let predicted = argmaxRows(inference.probabilities, columns: 2)
        let accuracy = Double(zip(predicted, blobs.labels).filter { $0 == Int($1) }.count) / 240
        #expect(accuracy >= 0.9, "seed \(seed)")
    }

    /// Without the hidden layer's outputs, inference returns the same probabilities and
    /// attention, for disjoint groups (pooled in parallel) and overlapping ones (in order).
    @Test(arguments: [0, 10])
    func hiddenOutputsAreOptional(overlap: Int) throws {
        let blobs = BlobProblem(seed: 5, nodes: 300, groupCount: 5, overlap: overlap)
        let (model, _) = try GATTrainer.train(features: blobs.features, featureCount: blobs.dimension,
                                              labels: blobs.labels, classCount: 2, graph: blobs.graph,
                                              configuration: GATConfiguration(epochs: 5), seed: Seed(5))
        let full = model.infer(features: blobs.features, graph: blobs.graph, outputs: [.hidden, .attention])
        let lean = model.infer(features: blobs.features, graph: blobs.graph, outputs: [.attention])
        #expect(full.hidden.count == 300 * 32 && lean.hidden.isEmpty)
        #expect(lean.probabilities.map(\.bitPattern) == full.probabilities.map(\.bitPattern))
        #expect(lean.attentionReceived.map(\.bitPattern) == full.attentionReceived.map(\.bitPattern))
        let serial = model.infer(features: blobs.features, graph: blobs.graph, outputs: [.attention], context: .serial)
        #expect(serial.probabilities.map(\.bitPattern) == full.probabilities.map(\.bitPattern))
        // Without `.attention` the probabilities are the same and no attention is summed.
        let bare = model.infer(features: blobs.features, graph: blobs.graph, outputs: [])
        #expect(bare.probabilities.map(\.bitPattern) == full.probabilities.map(\.bitPattern))
        #expect(bare.attentionReceived.allSatisfy { $0 == 1 })
    }

    /// Scaling rows as they are gathered trains and infers exactly as scaling the matrix first,
    /// in one batch and in several groups.
    @Test(arguments: [1, 4])
    func inputScalingEqualsAScaledCopy(groups: Int) throws {
        let blobs = BlobProblem(seed: 8, nodes: 200, groupCount: groups)
        let d = blobs.dimension
        let scaling = InputScaling(center: (0 ..< d).map { 0.1 * Double($0) - 0.2 },
                                   scale: (0 ..< d).map { 1 / (0.5 + Double($0)) })
        let configuration = GATConfiguration(epochs: 12, patience: 5, stepsPerEpoch: 2, validationGroups: 2)
        let (onTheFly, a) = try GATTrainer.train(features: blobs.features, featureCount: d, labels: blobs.labels,
                                                 classCount: 2, graph: blobs.graph, configuration: configuration,
                                                 seed: Seed(8), inputScaling: scaling)
        let scaled = scaling.applied(to: blobs.features)
        let (copied, b) = try GATTrainer.train(features: scaled, featureCount: d, labels: blobs.labels, classCount: 2,
                                               graph: blobs.graph, configuration: configuration, seed: Seed(8))
        #expect(a.validationLoss.map(\.bitPattern) == b.validationLoss.map(\.bitPattern))
        #expect(onTheFly.parameters.values.map(\.bitPattern) == copied.parameters.values.map(\.bitPattern))
        #expect(onTheFly.inputScaling == scaling && copied.inputScaling == nil)
        let x = onTheFly.infer(features: blobs.features, graph: blobs.graph)
        let y = copied.infer(features: scaled, graph: blobs.graph)
        #expect(x.probabilities.map(\.bitPattern) == y.probabilities.map(\.bitPattern))
        #expect(scaling.apply(blobs.features[d + 1], column: 1) == scaled[d + 1])
        #expect(throws: GAISError.self) {
            _ = try GATTrainer.train(features: blobs.features, featureCount: d, labels: blobs.labels, classCount: 2,
                                     graph: blobs.graph, configuration: configuration, seed: Seed(8),
                                     inputScaling: InputScaling(center: [0], scale: [1]))
        }
    }

    /// Zero attention vectors make every α uniform, so every node receives exactly what §4's
    /// normaliser expects: attention received = 1, whatever the degrees, group overlaps or
    /// isolated nodes.
    @Test func uniformAttentionGivesOneEverywhere() {
        // Groups {0,1,2,3} and {3,4,5}; node 3 is in both; node 6 is in no group (isolated).
        let edges: [(Int32, Int32)] = [(0, 1), (0, 2), (0, 3), (1, 2), (3, 4), (3, 5)]
        let graph = SparseGraph(nodeCount: 7, edges: edges, groups: [[0, 1, 2, 3], [3, 4, 5]])
        let shape = GATShape(inputDimension: 2, heads: 2, hidden: 2, classCount: 2)
        var generator = SeededGenerator(seed: 8)
        var parameters = GATParameters<Float>.glorot(shape: shape, generator: &generator)
        for range in [shape.attentionSource1, shape.attentionTarget1, shape.attentionSource2, shape.attentionTarget2] {
            for k in range { parameters.values[k] = 0 }
        }
        let model = GATModel(configuration: GATConfiguration(hidden: 2, heads: 2), parameters: parameters)
        let features: [Float] = (0 ..< 14).map { Float($0) / 7 }
        let inference = model.infer(features: features, graph: graph)
        // The node in no group is still scored (run as a group of its own).
        #expect(abs(inference.probabilities[12] + inference.probabilities[13] - 1) < 1e-6)
        for v in 0 ..< 7 {
            #expect(abs(inference.attentionReceived[v] - 1) < 1e-6)
            #expect(abs(inference.attentionReceivedLayer1[v] - 1) < 1e-6)
            #expect(abs(inference.attentionReceivedLayer2[v] - 1) < 1e-6)
        }
    }

    /// Hand-computed attention received on a star with one leaf favoured: the centre 0 has
    /// neighbours {0, 1, 2} and gives α = (¼, ½, ¼); each leaf i has neighbours {0, i}.
    @Test func attentionReceivedOnAHandCheckedStar() {
        let graph = SparseGraph(nodeCount: 3, edges: [(0, 1), (0, 2)])
        let attention = AttentionGraph(graph)
        // Uniform share a leaf gets from the centre: 1/3; the centre gets 1/2 from each leaf.
        var alpha = [Float](repeating: 0, count: attention.edgeCount)
        for p in 0 ..< attention.edgeCount {
            let i = Int(attention.target[p]), j = Int(attention.source[p])
            alpha[p] = i == 0 ? (j == 1 ? 0.5 : 0.25) : (j == 0 ? 0.7 : 0.3)
        }
        let received = AttentionReceived.accumulate(graph: attention, layer1: alpha, heads: 1, layer2: alpha)
        // Leaf 1: 0.5 / (1/3) = 1.5; leaf 2: 0.25 / (1/3) = 0.75; centre: (0.7 + 0.7) / (1/2 + 1/2) = 1.4.
        #expect(abs(received.layer1[1] / received.uniform[1] - 1.5) < 1e-6)
        #expect(abs(received.layer1[2] / received.uniform[2] - 0.75) < 1e-6)
        #expect(abs(received.layer1[0] / received.uniform[0] - 1.4) < 1e-6)
    }

    /// A node in two groups gets the mean of its two groups' probabilities and the pooled ratio
    /// of their attention sums.
    @Test func overlappingGroupsArePooled() throws {
        let blobs = BlobProblem(seed: 13, nodes: 80, groupCount: 2, overlap: 8)
        let (model, _) = try GATTrainer.train(features: blobs.features, featureCount: blobs.dimension,
                                              labels: blobs.labels, classCount: 2, graph: blobs.graph,
                                              configuration: GATConfiguration(epochs: 5), seed: Seed(13))
        let both = model.infer(features: blobs.features, graph: blobs.graph)
        let groups = blobs.graph.groups
        let separate = groups.map { group in
            model.infer(features: blobs.features, graph: SparseGraph(nodeCount: 80, rowStart: blobs.graph.rowStart,
                                                                     neighbors: blobs.graph.neighbors, groups: [group]))
        }
        let shared = Set(groups[0]).intersection(groups[1])
        #expect(shared.count == 8)
        for v in shared.map({ Int($0) }) {
            for c in 0 ..< 2 {
                let mean = (separate[0].probabilities[2 * v + c] + separate[1].probabilities[2 * v + c]) / 2
                #expect(abs(both.probabilities[2 * v + c] - mean) < 1e-6)
            }
            #expect(both.attentionReceived[v] != separate[0].attentionReceived[v])
        }
        for v in Set(groups[0]).subtracting(shared).map({ Int($0) }) {
            #expect(both.probabilities[2 * v] == separate[0].probabilities[2 * v])
            #expect(both.attentionReceivedLayer1[v] == separate[0].attentionReceivedLayer1[v])
        }
    }

    @Test func sameSeedSameResultWhateverTheThreadCount() throws {
        let blobs = BlobProblem(seed: 99, nodes: 300, groupCount: 3, overlap: 20)
        let full = BlobProblem(seed: 98, nodes: 200, dimension: 20)   // several chunks of rows and of W's rows
        var results: [([Float], GATInference, [Float], GATInference)] = []
        for threads in [1, 2, 4] {
            let context = ExecutionContext(threads: threads)
            let configuration = GATConfiguration(epochs: 12, stepsPerEpoch: 2, validationGroups: 2)
            let (model, _) = try GATTrainer.train(features: blobs.features, featureCount: blobs.dimension,
                                                  labels: blobs.labels, classCount: 2, graph: blobs.graph,
                                                  configuration: configuration, seed: Seed(5), context: context)
            let (fullModel, _) = try GATTrainer.train(features: full.features, featureCount: full.dimension,
                                                      labels: full.labels, classCount: 2, graph: full.graph,
                                                      configuration: GATConfiguration(epochs: 10), seed: Seed(6),
                                                      context: context)
            let outputs: InferenceOutputs = [.hidden, .attention]
            results.append((model.parameters.values,
                            model.infer(features: blobs.features, graph: blobs.graph, outputs: outputs, context: context),
                            fullModel.parameters.values,
                            fullModel.infer(features: full.features, graph: full.graph, outputs: outputs, context: context)))
        }
        for other in results.dropFirst() {
            #expect(other.0 == results[0].0)
            #expect(other.2 == results[0].2)
            for (a, b) in [(other.1, results[0].1), (other.3, results[0].3)] {
                #expect(a.probabilities == b.probabilities)
                #expect(a.hidden == b.hidden)
                #expect(a.attentionReceived == b.attentionReceived)
                #expect(a.attentionReceivedLayer1 == b.attentionReceivedLayer1)
                #expect(a.attentionReceivedLayer2 == b.attentionReceivedLayer2)
            }
        }
    }
}
