import Foundation
import GAISCore
import GAISGraph
import Testing
@testable import GAISNetwork

struct TrainingTests {
    @Test func learnsTwoSeparableBlobs() throws {
        let seed: UInt64 = 2024
        let blobs = BlobProblem(seed: seed, nodes: 200)
        let (model, report) = try GATTrainer.train(features: blobs.features, featureCount: blobs.dimension,
                                                   labels: blobs.labels, classCount: 2, graph: blobs.graph,
                                                   configuration: GATConfiguration(), seed: Seed(seed))
        #expect(report.trainingAccuracy >= 0.95, "seed \(seed): \(report)")
        #expect(report.bestEpoch >= 1 && report.bestEpoch <= report.epochs)
        #expect(report.trainingLoss.count == report.epochs && report.validationLoss.count == report.epochs)
        #expect(report.trainingLoss.last! < report.trainingLoss.first!)
        let inference = model.infer(features: blobs.features, graph: blobs.graph)
        let predicted = argmaxRows(inference.probabilities, columns: 2)
        let accuracy = Double(zip(predicted, blobs.labels).filter { $0 == Int($1) }.count) / 200
        #expect(accuracy >= 0.95, "seed \(seed)")
    }

    @Test func earlyStoppingKeepsTheBestEpoch() throws {
        let blobs = BlobProblem(seed: 5, nodes: 120)
        let configuration = GATConfiguration(epochs: 60, patience: 3, learningRate: 0.05)
        let (_, report) = try GATTrainer.train(features: blobs.features, featureCount: blobs.dimension,
                                               labels: blobs.labels, classCount: 2, graph: blobs.graph,
                                               configuration: configuration, seed: Seed(5))
        let best = report.validationLoss[report.bestEpoch - 1]
        #expect(report.validationLoss.allSatisfy { $0 >= best })
        if report.epochs < 60 { #expect(report.epochs - report.bestEpoch == 3) }
    }

    @Test func rejectsBadParametersAndShapes() {
        let blobs = BlobProblem(seed: 1, nodes: 20)
        func train(_ configuration: GATConfiguration = GATConfiguration(), features: [Float]? = nil,
                   labels: [Int32]? = nil, classCount: Int = 2) throws {
            _ = try GATTrainer.train(features: features ?? blobs.features, featureCount: blobs.dimension,
                                     labels: labels ?? blobs.labels, classCount: classCount, graph: blobs.graph,
                                     configuration: configuration, seed: Seed(1))
        }
        #expect(throws: GAISError.invalidParameter(name: "dropout", owner: "GAT", rule: "a number in [0, 1)", value: "1.0")) {
            try train(GATConfiguration(dropout: 1))
        }
        #expect(throws: GAISError.self) { try train(GATConfiguration(heads: 0)) }
        #expect(throws: GAISError.self) { try train(GATConfiguration(learningRate: 0)) }
        #expect(throws: GAISError.self) { try train(GATConfiguration(validationFraction: 0.9)) }
        #expect(throws: GAISError.self) { try train(GATConfiguration(stepsPerEpoch: 0)) }
        #expect(throws: GAISError.self) { try train(features: [1, 2, 3]) }
        #expect(throws: GAISError.self) { try train(labels: [0, 1]) }
        #expect(throws: GAISError.self) { try train(classCount: 1) }
    }

    @Test func stratifiedHoldoutTakesTenPercentOfEachClass() {
        var labels = [Int32](repeating: 0, count: 300)
        for i in 200 ..< 300 { labels[i] = 1 }
        labels[299] = 2   // a class of one node is never held out
        var generator = SeededGenerator(seed: 3)
        let heldOut = GATTrainer.stratifiedHoldout(labels: labels, classCount: 3, fraction: 0.1, generator: &generator)
        #expect(heldOut[0 ..< 200].filter { $0 }.count == 20)
        #expect(heldOut[200 ..< 299].filter { $0 }.count == 10)
        #expect(!heldOut[299])
        let weights = GATTrainer.balancedClassWeights(labels: labels, classCount: 3, excluded: heldOut)
        // 270 training nodes: 180, 89, 1.
        #expect(abs(weights[0] - 270 / (3 * 180)) < 1e-6)
        #expect(abs(weights[1] - 270 / (3 * 89.0)) < 1e-5)
        #expect(abs(weights[2] - 90) < 1e-4)
    }

    @Test func adamMatchesPyTorchOnAScalar() {
        // torch.optim.Adam([x], lr=0.1, weight_decay=0.5), x = 1, loss = x², three steps:
        // g = 2x + 0.5x; values below follow the PyTorch update rule by hand.
        var optimizer = AdamOptimizer(parameterCount: 1, learningRate: 0.1, weightDecay: 0.5)
        var x: [Float] = [1]
        var expected = 1.0, m = 0.0, v = 0.0
        for t in 1 ... 3 {
            let g = 2 * expected + 0.5 * expected
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            let mHat = m / (1 - pow(0.9, Double(t))), vHat = v / (1 - pow(0.999, Double(t)))
            expected -= 0.1 * mHat / (vHat.squareRoot() + 1e-8)
            optimizer.update(&x, gradient: [2 * x[0]])
            #expect(abs(Double(x[0]) - expected) < 1e-5)
            // Adam's first step moves by the learning rate whatever the gradient's scale.
            if t == 1 { #expect(abs(x[0] - 0.9) < 1e-5) }
        }
    }
}
