import Foundation
import GAISCore
import GAISGraph
import Testing
@testable import GAISNetwork

struct AttentionLayerTests {
    /// A literal transcription of Veličković et al.: the concatenated vector aᵀ[W h_i ‖ W h_j]
    /// built per edge, a softmax without any stabilisation, explicit ELU. Independent of the
    /// kernels, so it catches a source/target mix-up that a gradient check cannot see.
    func referenceProbabilities(_ problem: RandomProblem) -> [Double] {
        let shape = problem.shape, graph = problem.graph, n = graph.nodeCount
        let p = problem.parameters.values
        func layer(_ x: [Double], inputs: Int, heads: Int, width: Int, w: Range<Int>, aSrc: Range<Int>,
                   aDst: Range<Int>, b: Range<Int>) -> [Double] {
            let total = heads * width
            var z = [[Double]](repeating: [Double](repeating: 0, count: total), count: n)
            for i in 0 ..< n {
                for c in 0 ..< total {
                    for k in 0 ..< inputs { z[i][c] += x[i * inputs + k] * p[w.lowerBound + k * total + c] }
                }
            }
            var out = [Double](repeating: 0, count: n * total)
            for i in 0 ..< n {
                for h in 0 ..< heads {
                    let a = Array(p[aDst].dropFirst(h * width).prefix(width)) + Array(p[aSrc].dropFirst(h * width).prefix(width))
                    var scores: [Double] = []
                    for j in graph.neighbors(of: i) {
                        let concatenated = Array(z[i][h * width ..< (h + 1) * width]) + Array(z[Int(j)][h * width ..< (h + 1) * width])
                        var e = 0.0
                        for (u, v) in zip(a, concatenated) { e += u * v }
                        scores.append(exp(e > 0 ? e : 0.2 * e))
                    }
                    let total = scores.reduce(0, +)
                    for (r, j) in graph.neighbors(of: i).enumerated() {
                        for f in 0 ..< width {
                            out[i * heads * width + h * width + f] += scores[r] / total * z[Int(j)][h * width + f]
                        }
                    }
                }
                for c in 0 ..< total { out[i * total + c] += p[b.lowerBound + c] }
            }
            return out
        }
        let hidden = layer(problem.features, inputs: shape.inputDimension, heads: shape.heads, width: shape.hidden,
                           w: shape.w1, aSrc: shape.attentionSource1, aDst: shape.attentionTarget1, b: shape.bias1)
            .map { $0 > 0 ? $0 : exp($0) - 1 }
        let logits = layer(hidden, inputs: shape.width, heads: 1, width: shape.classCount, w: shape.w2,
                           aSrc: shape.attentionSource2, aDst: shape.attentionTarget2, b: shape.bias2)
        var probabilities = logits
        let classes = shape.classCount
        for i in 0 ..< n {
            let total = (0 ..< classes).map { exp(logits[i * classes + $0]) }.reduce(0, +)
            for c in 0 ..< classes { probabilities[i * classes + c] = exp(logits[i * classes + c]) / total }
        }
        return probabilities
    }

    @Test(arguments: [UInt64(21), 22, 23])
    func forwardMatchesLiteralDefinition(seed: UInt64) {
        let problem = RandomProblem(seed: seed, nodes: 7, inputs: 3, heads: 2, hidden: 3, classes: 3)
        let pass = GATNetwork.forward(parameters: problem.parameters, graph: problem.attentionGraph,
                                      features: problem.features, masks: .none, context: .serial)
        let expected = referenceProbabilities(problem)
        #expect(pass.probabilities.count == expected.count)
        for (a, b) in zip(pass.probabilities, expected) { #expect(abs(a - b) < 1e-12, "seed \(seed)") }
    }

    @Test func shapesAndAttentionSumToOnePerNode() {
        let problem = RandomProblem(seed: 31, nodes: 9, inputs: 4, heads: 3, hidden: 2, classes: 4)
        let pass = GATNetwork.forward(parameters: problem.parameters, graph: problem.attentionGraph,
                                      features: problem.features, masks: .none, context: .serial)
        let n = 9, edges = problem.graph.entryCount
        #expect(edges == problem.graph.edgeCount * 2 + n)   // both directions plus one self-loop each
        #expect(pass.layer1.attention.count == edges * 3)
        #expect(pass.layer2.attention.count == edges)
        #expect(pass.hidden.count == n * 6)
        #expect(pass.probabilities.count == n * 4)
        for (attention, heads) in [(pass.layer1.attention, 3), (pass.layer2.attention, 1)] {
            #expect(attention.allSatisfy { $0 >= 0 && $0 <= 1 })
            for i in 0 ..< n {
                for h in 0 ..< heads {
                    let total = (problem.graph.rowStart[i] ..< problem.graph.rowStart[i + 1])
                        .map { attention[$0 * heads + h] }.reduce(0, +)
                    #expect(abs(total - 1) < 1e-12)
                }
            }
        }
        for i in 0 ..< n {
            #expect(abs((0 ..< 4).map { pass.probabilities[i * 4 + $0] }.reduce(0, +) - 1) < 1e-12)
        }
    }

    /// Logits in the thousands overflow a naive softmax; the segment maximum keeps it finite.
    @Test func segmentSoftmaxIsStableForLargeLogits() {
        let problem = RandomProblem(seed: 41, nodes: 8, parameterScale: 1)
        var parameters = problem.parameters.converted(to: Float.self)
        for range in [problem.shape.attentionSource1, problem.shape.attentionTarget1,
                      problem.shape.attentionSource2, problem.shape.attentionTarget2] {
            for k in range { parameters.values[k] *= 5000 }
        }
        let pass = GATNetwork.forward(parameters: parameters, graph: problem.attentionGraph,
                                      features: problem.features.map { Float($0) }, masks: .none, context: .serial)
        #expect(pass.layer1.logits.contains { abs($0) > 500 })
        for attention in [pass.layer1.attention, pass.layer2.attention] {
            #expect(attention.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
        }
        #expect(pass.probabilities.allSatisfy { $0.isFinite })
        for i in 0 ..< 8 {
            let total = (problem.graph.rowStart[i] ..< problem.graph.rowStart[i + 1])
                .map { pass.layer2.attention[$0] }.reduce(0, +)
            #expect(abs(total - 1) < 1e-5)
        }
    }

    @Test func outgoingEdgesListEveryEdgeOnceBySender() {
        let problem = RandomProblem(seed: 51, nodes: 10, edgeProbability: 0.3)
        let g = problem.attentionGraph
        var seen = [Int](repeating: 0, count: g.edgeCount)
        for j in 0 ..< g.nodeCount {
            var previous = -1
            for q in g.outgoingStart[j] ..< g.outgoingStart[j + 1] {
                let p = Int(g.outgoingEdge[q])
                #expect(Int(g.source[p]) == j && p > previous)
                previous = p
                seen[p] += 1
            }
        }
        #expect(seen.allSatisfy { $0 == 1 })
    }
}
