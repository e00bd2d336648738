import GAISCore
import GAISGraph
import Testing
@testable import GAISNetwork

/// The C kernels that training and inference run for `Float` repeat the generic Swift
/// reference operation for operation, so every output must agree bit for bit, with and
/// without dropout masks, with and without parallel chunks, and for any layer shape.
@Suite struct KernelAgreementTests {
    static func floats(_ values: [Double]) -> [Float] { values.map { Float($0) } }

    /// Bit patterns, so a NaN or a signed zero that differs is caught too.
    static func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    func check(_ problem: RandomProblem, dropout: Float, parallel: Bool) {
        let parameters = problem.parameters.converted(to: Float.self)
        // Every fifth input exactly zero: the weight gradient skips zero inputs.
        let features = Self.floats(problem.features).enumerated().map { $0.offset % 5 == 0 ? 0 : $0.element }
        let weights = Self.floats(problem.nodeWeights)
        let masks = DropoutMasks<Float>.random(probability: dropout, nodes: problem.graph.nodeCount,
                                               edges: problem.attentionGraph.edgeCount, shape: problem.shape,
                                               seed: problem.seed, parallel: false)
        let fast = GATNetwork.forward(parameters: parameters, graph: problem.attentionGraph, features: features,
                                      masks: masks, parallel: parallel)
        let slow = GATNetwork.forward(parameters: parameters, graph: problem.attentionGraph, features: features,
                                      masks: masks, parallel: false, reference: true)
        for (a, b) in [(fast.layer1, slow.layer1), (fast.layer2, slow.layer2)] {
            #expect(Self.bits(a.projected) == Self.bits(b.projected))
            #expect(Self.bits(a.logits) == Self.bits(b.logits))
            #expect(Self.bits(a.attention) == Self.bits(b.attention))
            #expect(Self.bits(a.droppedAttention) == Self.bits(b.droppedAttention))
            #expect(Self.bits(a.output) == Self.bits(b.output))
        }
        #expect(Self.bits(fast.probabilities) == Self.bits(slow.probabilities))
        let kernel = GATNetwork.lossAndGradient(parameters: parameters, graph: problem.attentionGraph,
                                                features: features, labels: problem.labels, nodeWeights: weights,
                                                masks: masks, needsInputGradient: true, parallel: parallel)
        let reference = GATNetwork.lossAndGradient(parameters: parameters, graph: problem.attentionGraph,
                                                   features: features, labels: problem.labels, nodeWeights: weights,
                                                   masks: masks, needsInputGradient: true, parallel: false,
                                                   reference: true)
        #expect(kernel.loss.bitPattern == reference.loss.bitPattern)
        #expect(Self.bits(kernel.gradient) == Self.bits(reference.gradient))
        #expect(Self.bits(kernel.inputGradient) == Self.bits(reference.inputGradient))

    }

    @Test(arguments: [UInt64(31), 32, 33])
    func smallGraphs(seed: UInt64) {
        check(RandomProblem(seed: seed), dropout: 0, parallel: false)
        check(RandomProblem(seed: seed), dropout: 0.4, parallel: false)
    }

    /// Enough nodes for several parallel chunks, the default layer shape, zero inputs (which the
    /// weight gradient skips) and large parameters (saturated softmaxes, negative ELU inputs).
    @Test(arguments: [UInt64(41), 42])
    func largerGraphsInParallelChunks(seed: UInt64) {
        let problem = RandomProblem(seed: seed, nodes: 300, inputs: 7, heads: 4, hidden: 8, classes: 5,
                                    edgeProbability: 0.04, parameterScale: 3)
        check(problem, dropout: 0, parallel: true)
        check(problem, dropout: 0.3, parallel: true)
    }

    @Test func oddShapes() {
        check(RandomProblem(seed: 51, nodes: 9, inputs: 1, heads: 1, hidden: 1, classes: 2), dropout: 0, parallel: false)
        check(RandomProblem(seed: 52, nodes: 70, inputs: 13, heads: 3, hidden: 5, classes: 3, edgeProbability: 0.1),
              dropout: 0.5, parallel: true)
    }
}
