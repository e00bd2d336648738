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
                                               seed: problem.seed, context: .serial)
        let fast = GATNetwork.forward(parameters: parameters, graph: problem.attentionGraph, features: features,
                                      masks: masks, context: parallel ? .allCores : .serial)
        let slow = GATNetwork.forward(parameters: parameters, graph: problem.attentionGraph, features: features,
                                      masks: masks, context: .serial, reference: true)
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
                                                masks: masks, needsInputGradient: true, context: parallel ? .allCores : .serial)
        let reference = GATNetwork.lossAndGradient(parameters: parameters, graph: problem.attentionGraph,
                                                   features: features, labels: problem.labels, nodeWeights: weights,
                                                   masks: masks, needsInputGradient: true, context: .serial,
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

#if canImport(Glibc)
import Glibc

/// The network's e^x (`Float.exponential`, the C function `gais_expf` the kernels inline) is
/// glibc's expf algorithm written out with explicit fused multiply-adds. On this C library it
/// must match `expf` bit for bit: special values, the overflow and underflow edges, and a
/// million random bit patterns. (scripts/check_expf.c runs all 2^32 inputs.)
@Suite struct NetworkExponentialTests {
    static func same(_ a: Float, _ b: Float) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    @Test func specialValuesAndEdges() {
        var inputs: [Float] = [0, -0, 1, -1, .infinity, -.infinity, .nan, .greatestFiniteMagnitude,
                               -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                               88, 88.5, 88.72283, 88.72284, 89, -87, -88, -103, -103.27, -103.28, -103.29,
                               -103.97, -103.98, -104, -150, 1e-8, -1e-8]
        for bits: UInt32 in [0x42b1_7217, 0xc2cf_f1b4, 0xc2ce_8ecf] {
            for delta: Int32 in -3 ... 3 { inputs.append(Float(bitPattern: UInt32(bitPattern: Int32(bitPattern: bits) &+ delta))) }
        }
        for x in inputs { #expect(Self.same(Float.exponential(x), expf(x)), "e^\(x)") }
    }

    @Test func randomBitPatterns() {
        var generator = SeededGenerator(seed: 77)
        var mismatches = 0
        for _ in 0 ..< 1_000_000 {
            let x = Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()))
            if !Self.same(Float.exponential(x), expf(x)) { mismatches += 1 }
        }
        #expect(mismatches == 0)
        // The range the softmax and ELU actually see, densely.
        for _ in 0 ..< 1_000_000 {
            let x = Float(generator.nextDouble() * 120 - 110)
            if !Self.same(Float.exponential(x), expf(x)) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
#endif
