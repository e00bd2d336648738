import GAISCore
import Testing
@testable import GAISNetwork

/// Hand-written gradients against central finite differences, in Double.
///
/// Tolerance: |analytic − numeric| ≤ 1e-7 + 1e-5·|numeric|. Double central differences with
/// ε = 1e-6 are accurate to about 1e-9 here, so a factor-2 error, a wrong sign or a missing
/// term (all ≥ 1e-3 relative on these sizes) fails by orders of magnitude.
struct GradientCheckTests {
    static let epsilon = 1e-6

    func check(_ problem: RandomProblem, masks: DropoutMasks<Double>, everyTensorActive: Bool = false) {
        let result = GATNetwork.lossAndGradient(parameters: problem.parameters, graph: problem.attentionGraph,
                                                features: problem.features, labels: problem.labels,
                                                nodeWeights: problem.nodeWeights, masks: masks,
                                                needsInputGradient: true, context: .serial)
        #expect(abs(result.loss - problem.loss(problem.parameters, features: problem.features, masks: masks)) < 1e-12)
        for (name, range) in problem.shape.tensors {
            var largest = 0.0
            for k in range {
                var plus = problem.parameters, minus = problem.parameters
                plus.values[k] += Self.epsilon
                minus.values[k] -= Self.epsilon
                let numeric = (problem.loss(plus, features: problem.features, masks: masks)
                    - problem.loss(minus, features: problem.features, masks: masks)) / (2 * Self.epsilon)
                let analytic = result.gradient[k]
                largest = max(largest, abs(numeric))
                #expect(abs(analytic - numeric) <= 1e-7 + 1e-5 * abs(numeric),
                        "seed \(problem.seed) \(name)[\(k - range.lowerBound)]: analytic \(analytic) numeric \(numeric)")
            }
            // A tensor whose gradient is identically zero would make the check vacuous. With one
            // head, a_dst2 adds the same term to every logit of a row, so it only acts through
            // LeakyReLU's kink and can be exactly 0; the cases marked `everyTensorActive` have it.
            if everyTensorActive || name != "a_dst2" {
                #expect(largest > 1e-4, "seed \(problem.seed): gradient of \(name) is all ~0")
            }
        }
        var largest = 0.0
        for k in problem.features.indices {
            var plus = problem.features, minus = problem.features
            plus[k] += Self.epsilon
            minus[k] -= Self.epsilon
            let numeric = (problem.loss(problem.parameters, features: plus, masks: masks)
                - problem.loss(problem.parameters, features: minus, masks: masks)) / (2 * Self.epsilon)
            largest = max(largest, abs(numeric))
            #expect(abs(result.inputGradient[k] - numeric) <= 1e-7 + 1e-5 * abs(numeric),
                    "seed \(problem.seed) x[\(k)]: analytic \(result.inputGradient[k]) numeric \(numeric)")
        }
        #expect(largest > 1e-4)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func everyTensorWithoutDropout(seed: UInt64) {
        check(RandomProblem(seed: seed), masks: .none, everyTensorActive: seed == 1)
    }

    @Test func moreClassesAndHeads() {
        check(RandomProblem(seed: 11, nodes: 7, inputs: 4, heads: 3, hidden: 2, classes: 3, edgeProbability: 0.6),
              masks: .none, everyTensorActive: true)
    }

    @Test(arguments: [UInt64(4), 5])
    func everyTensorWithFixedDropoutMasks(seed: UInt64) {
        let problem = RandomProblem(seed: seed)
        let masks = DropoutMasks<Double>.random(probability: 0.3, nodes: problem.graph.nodeCount,
                                                edges: problem.graph.entryCount, shape: problem.shape,
                                                seed: seed &* 77, context: .serial)
        #expect(masks.input1.contains(0) && masks.attention1.contains(0))
        #expect(masks.input1.allSatisfy { $0 == 0 || abs($0 - 1 / 0.7) < 1e-6 })
        check(problem, masks: masks)
    }

    /// The Float kernels (what training runs) agree with the Double ones.
    @Test func floatGradientMatchesDouble() {
        let problem = RandomProblem(seed: 9)
        let exact = GATNetwork.lossAndGradient(parameters: problem.parameters, graph: problem.attentionGraph,
                                               features: problem.features, labels: problem.labels,
                                               nodeWeights: problem.nodeWeights, masks: .none, context: .serial)
        let single = GATNetwork.lossAndGradient(parameters: problem.parameters.converted(to: Float.self),
                                                graph: problem.attentionGraph,
                                                features: problem.features.map { Float($0) }, labels: problem.labels,
                                                nodeWeights: problem.nodeWeights.map { Float($0) }, masks: .none,
                                                context: .serial)
        #expect(abs(Double(single.loss) - exact.loss) < 1e-5)
        for k in exact.gradient.indices {
            #expect(abs(Double(single.gradient[k]) - exact.gradient[k]) <= 1e-4 + 1e-3 * abs(exact.gradient[k]))
        }
    }
}
