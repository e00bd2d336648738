import GAISCore
import GAISGraph

/// Trains a `GATModel` (method.md §3): class-weighted cross-entropy, Adam, early stopping on a
/// stratified held-out set, and mini-batch steps over the graph's groups.
public enum GATTrainer {
    /// Number of stored values (features, edges, per-node arrays) up to which training batches
    /// are kept between visits: 16 Mi values, about 64 MB.
    static let batchCacheBudget = 1 << 24

    /// Trains a network on a labelled graph.
    ///
    /// A graph with one group trains full-batch (one step per epoch). With several groups each
    /// optimiser step runs on one group's induced subgraph, groups visited in a seeded shuffled
    /// order, `stepsPerEpoch` steps per epoch, and the monitored loss is measured on a fixed
    /// seeded sample of `validationGroups` groups, so the cost of training does not grow with n.
    /// The weights of the epoch with the lowest monitored loss are returned.
    /// - Parameters:
    ///   - features: row-major `graph.nodeCount × featureCount` values.
    ///   - featureCount: ≥ 1.
    ///   - labels: one class in `0..<classCount` per node.
    ///   - classCount: ≥ 1.
    ///   - graph: CSR graph with self-loops; every edge inside one of its groups.
    ///   - seed: fixes the initial weights, the split, the group order and the dropout masks.
    ///   - inputScaling: applied to the features as groups are gathered (the model keeps it
    ///     and applies it in `infer` too), so no scaled copy of the matrix is made.
    ///   - onEpoch: called after each epoch's evaluation with the number of epochs evaluated and
    ///     the best epoch so far (for progress displays; it cannot change the result).
    /// - Returns: the model with the best weights and a report.
    /// - Throws: `GAISError.invalidParameter` for a bad configuration, `.invalidInput` for
    ///   mismatched shapes.
    /// - Complexity: O(epochs · steps · (B·d·H·F + E_B·H·F)) for groups of B nodes and E_B edges,
    ///   plus O(n) for the split.
    public static func train(features: [Float], featureCount: Int, labels: [Int32], classCount: Int,
                             graph: SparseGraph, configuration: GATConfiguration,
                             seed: UInt64, inputScaling: InputScaling? = nil,
                             onEpoch: ((_ epochs: Int, _ bestEpoch: Int) -> Void)? = nil) throws
        -> (GATModel, GATTrainingReport) {
        try configuration.validate()
        let n = graph.nodeCount
        guard n >= 1 else { throw GAISError.invalidInput("GAT: the graph has no nodes") }
        guard featureCount >= 1 else { throw GAISError.invalidInput("GAT: at least one feature is needed") }
        guard classCount >= 1 else { throw GAISError.invalidInput("GAT: at least one class is needed") }
        guard features.count == n * featureCount else {
            throw GAISError.invalidInput("GAT: \(features.count) feature values for \(n) nodes × \(featureCount) features")
        }
        if let inputScaling, inputScaling.columnCount != featureCount {
            throw GAISError.invalidInput("GAT: input scaling for \(inputScaling.columnCount) columns, \(featureCount) features")
        }
        guard labels.count == n else {
            throw GAISError.invalidInput("GAT: \(labels.count) labels for \(n) nodes")
        }
        guard labels.allSatisfy({ $0 >= 0 && Int($0) < classCount }) else {
            throw GAISError.invalidInput("GAT: a label is outside 0..<\(classCount)")
        }

        let shape = GATShape(inputDimension: featureCount, heads: configuration.heads,
                             hidden: configuration.hidden, classCount: classCount)
        var initGenerator = SeededGenerator(seed: seed, stream: 1)
        var parameters = GATParameters<Float>.glorot(shape: shape, generator: &initGenerator)

        var splitGenerator = SeededGenerator(seed: seed, stream: 2)
        let heldOut = stratifiedHoldout(labels: labels, classCount: classCount,
                                        fraction: configuration.validationFraction, generator: &splitGenerator)
        let classWeights = balancedClassWeights(labels: labels, classCount: classCount, excluded: heldOut)

        // Batches: the whole graph, or one per group. The evaluation groups' batches are kept, and
        // training batches too while they fit in `batchCacheBudget` values; past that a group's
        // batch is gathered again at each visit (in the background, beside the steps), so memory
        // stays bounded whatever n.
        let groups = graph.groups.filter { !$0.isEmpty }
        let fullBatch = groups.count <= 1
        let batchCount = max(groups.count, 1)
        var kept = [NodeBatch?](repeating: nil, count: batchCount)
        var cachedValues = 0
        @Sendable func build(_ g: Int) -> NodeBatch {
            let nodes = groups.isEmpty ? nil : NodeBatch.normalised(groups[g], nodeCount: n)
            return NodeBatch(nodes: nodes, graph: graph, features: features, featureCount: featureCount,
                             scaling: inputScaling, labels: labels, classWeights: classWeights, heldOut: heldOut)
        }
        func keep(_ made: NodeBatch, as g: Int) {
            if kept[g] == nil && cachedValues + made.storedValues <= batchCacheBudget {
                kept[g] = made
                cachedValues += made.storedValues
            }
        }
        func batch(_ g: Int) -> NodeBatch {
            if let ready = kept[g] { return ready }
            let made = build(g)
            keep(made, as: g)
            return made
        }
        let evaluationGroups: [Int]
        if fullBatch {
            evaluationGroups = [0]
        } else {
            var order = Array(groups.indices)
            var sampleGenerator = SeededGenerator(seed: seed, stream: 3)
            sampleGenerator.shuffle(&order)
            evaluationGroups = order.prefix(configuration.validationGroups).sorted()
        }
        let evaluationBatches = evaluationGroups.map { batch($0) }
        for (g, made) in zip(evaluationGroups, evaluationBatches) where kept[g] == nil {
            kept[g] = made
            cachedValues += made.storedValues
        }
        let monitorsHeldOut = evaluationBatches.contains { $0.validationWeights.contains { $0 > 0 } }
        let stepsPerEpoch = fullBatch ? 1 : (configuration.stepsPerEpoch ?? min(groups.count, 8))

        var optimizer = AdamOptimizer(parameterCount: shape.count, learningRate: configuration.learningRate,
                                      weightDecay: configuration.weightDecay)
        var orderGenerator = SeededGenerator(seed: seed, stream: 4)
        var visitOrder: [Int] = []
        var trainingLoss: [Float] = [], validationLoss: [Float] = []
        var best = Float.infinity, bestEpoch = 0, bestValues = parameters.values
        var epochsWithoutImprovement = 0
        var steps = 0, recordedSteps = 0

        // One background task per epoch runs beside its steps: it evaluates the previous
        // epoch's weights and gathers the batches of the next epoch (whose groups are drawn an
        // epoch ahead from the same generator, so the order is unchanged). The evaluation's
        // outcome is applied after the epoch's steps; when it stops training, that epoch is
        // discarded, so losses, weights and the report are exactly those of evaluating each
        // epoch right after it. With two cores the task runs its work in order on one thread,
        // beside the steps on the other; with more, it spreads it.
        struct EpochEnd: Sendable {
            let snapshot: GATParameters<Float>
            let trainingLoss: Float
            let steps: Int
        }
        /// Records one finished epoch; returns `true` when early stopping ends training.
        func record(_ end: EpochEnd, monitored: Float) -> Bool {
            trainingLoss.append(end.trainingLoss)
            validationLoss.append(monitored)
            recordedSteps = end.steps
            defer { onEpoch?(trainingLoss.count, bestEpoch) }
            if monitored < best {
                best = monitored
                bestEpoch = trainingLoss.count
                bestValues = end.snapshot.values
                epochsWithoutImprovement = 0
            } else {
                epochsWithoutImprovement += 1
                if epochsWithoutImprovement >= configuration.patience { return true }
            }
            return false
        }
        func nextGroup() -> Int {
            if visitOrder.isEmpty {
                visitOrder = Array(0 ..< batchCount)
                orderGenerator.shuffle(&visitOrder)
            }
            return visitOrder.removeLast()
        }
        func drawEpoch() -> [Int] { (0 ..< stepsPerEpoch).map { _ in nextGroup() } }
        let spread = Parallel.maxThreads > 2
        @Sendable func monitoredLoss(_ weights: GATParameters<Float>) -> Float {
            let outcome = evaluate(parameters: weights, batches: evaluationBatches, concurrently: spread)
            return monitorsHeldOut ? outcome.validationLoss : outcome.trainingLoss
        }

        var currentBatches = drawEpoch().map { batch($0) }
        var pending: EpochEnd?
        var stopped = false
        for _ in 1 ... configuration.epochs {
            let nextGroups = drawEpoch()
            let missing = nextGroups.map { kept[$0] == nil }
            let toEvaluate = pending?.snapshot
            let background = BackgroundTask { () -> (Float?, [NodeBatch?]) in
                let monitored = toEvaluate.map(monitoredLoss)
                let gather = { (k: Int) -> NodeBatch? in missing[k] ? build(nextGroups[k]) : nil }
                let gathered = spread ? Parallel.map(count: nextGroups.count, gather) : nextGroups.indices.map(gather)
                return (monitored, gathered)
            }
            var lossSum: Float = 0, lossCount = 0
            for current in currentBatches {
                guard current.trainingWeights.contains(where: { $0 > 0 }) else { continue }
                let loss = trainingStep(parameters: &parameters, optimizer: &optimizer, batch: current,
                                        dropout: configuration.dropout, seed: seed, step: steps)
                steps += 1
                lossSum += loss
                lossCount += 1
            }
            let (monitored, gathered) = background.wait()
            if let previous = pending, let monitored {
                pending = nil
                if record(previous, monitored: monitored) {
                    parameters = previous.snapshot   // drop the epoch stepped meanwhile
                    stopped = true
                    break
                }
            }
            pending = EpochEnd(snapshot: parameters, trainingLoss: lossCount > 0 ? lossSum / Float(lossCount) : .nan,
                               steps: steps)
            currentBatches = zip(nextGroups, gathered).map { g, made in
                guard let made else { return batch(g) }
                keep(made, as: g)
                return made
            }
        }
        if !stopped, let last = pending { _ = record(last, monitored: monitoredLoss(last.snapshot)) }
        steps = recordedSteps
        if bestEpoch == 0 { bestEpoch = trainingLoss.count }   // every loss was NaN: keep the last
        else { parameters.values = bestValues }
        let final = evaluate(parameters: parameters, batches: evaluationBatches)
        let model = GATModel(configuration: configuration, parameters: parameters, inputScaling: inputScaling)
        let report = GATTrainingReport(epochs: trainingLoss.count, bestEpoch: bestEpoch, trainingLoss: trainingLoss,
                                       validationLoss: validationLoss, trainingAccuracy: final.trainingAccuracy,
                                       validationAccuracy: final.validationAccuracy, steps: steps)
        return (model, report)
    }

    /// One optimiser step on one batch, with fresh dropout masks drawn for (`seed`, `step`).
    /// Returns the batch's training loss (with dropout) before the update.
    ///
    /// The step's row loops are split across cores only when there are more than two: with
    /// two, the other core is already busy with the previous epoch's evaluation and the next
    /// batch, and splitting a 1,024-node step costs more in waiting than it saves (10k and 100k
    /// rows: 5-8 % slower, 1M: even). Results are the same either way.
    static func trainingStep(parameters: inout GATParameters<Float>, optimizer: inout AdamOptimizer,
                             batch: NodeBatch, dropout: Float, seed: UInt64, step: Int) -> Float {
        var maskGenerator = SeededGenerator(seed: seed, stream: 0x5EED_0000 &+ UInt64(step))
        let masks = DropoutMasks<Float>.random(probability: dropout, nodes: batch.nodeCount,
                                               edges: batch.graph.edgeCount, shape: parameters.shape,
                                               seed: maskGenerator.next(), parallel: true)
        let result = GATNetwork.lossAndGradient(parameters: parameters, graph: batch.graph, features: batch.features,
                                                labels: batch.labels, nodeWeights: batch.trainingWeights,
                                                masks: masks, parallel: Parallel.maxThreads > 2)
        optimizer.update(&parameters.values, gradient: result.gradient)
        return result.loss
    }

    /// Losses and accuracies without dropout, pooled over `batches` (run concurrently unless
    /// told otherwise, combined in batch order).
    static func evaluate(parameters: GATParameters<Float>, batches: [NodeBatch], concurrently: Bool = true)
        -> (trainingLoss: Float, validationLoss: Float, trainingAccuracy: Double, validationAccuracy: Double) {
        let parallelInside = concurrently && batches.count == 1
        func part(_ b: Int) -> (Float, Float, Float, Float, Int, Int, Int, Int) {
            let batch = batches[b]
            let pass = GATNetwork.forward(parameters: parameters, graph: batch.graph, features: batch.features,
                                          masks: .none, parallel: parallelInside)
            let classes = parameters.shape.classCount
            let train = GATNetwork.weightedLoss(logits: pass.layer2.output, classCount: classes,
                                                labels: batch.labels, nodeWeights: batch.trainingWeights)
            let held = GATNetwork.weightedLoss(logits: pass.layer2.output, classCount: classes,
                                               labels: batch.labels, nodeWeights: batch.validationWeights)
            var trainCorrect = 0, trainTotal = 0, heldCorrect = 0, heldTotal = 0
            for i in 0 ..< batch.nodeCount {
                var predicted = 0
                for c in 1 ..< max(classes, 1) where pass.probabilities[i * classes + c] > pass.probabilities[i * classes + predicted] {
                    predicted = c
                }
                let correct = predicted == Int(batch.labels[i]) ? 1 : 0
                if batch.validationWeights[i] > 0 {
                    heldCorrect += correct; heldTotal += 1
                } else {
                    trainCorrect += correct; trainTotal += 1
                }
            }
            return (train.sum, train.weight, held.sum, held.weight, trainCorrect, trainTotal, heldCorrect, heldTotal)
        }
        let parts = concurrently ? Parallel.map(count: batches.count, part) : batches.indices.map(part)
        var sums: (Float, Float, Float, Float) = (0, 0, 0, 0)
        var counts = (0, 0, 0, 0)
        for p in parts {
            sums.0 += p.0; sums.1 += p.1; sums.2 += p.2; sums.3 += p.3
            counts.0 += p.4; counts.1 += p.5; counts.2 += p.6; counts.3 += p.7
        }
        return (sums.1 > 0 ? sums.0 / sums.1 : .nan, sums.3 > 0 ? sums.2 / sums.3 : .nan,
                counts.1 > 0 ? Double(counts.0) / Double(counts.1) : 0,
                counts.3 > 0 ? Double(counts.2) / Double(counts.3) : 0)
    }

    /// Marks `round(fraction · n_c)` random nodes of each class as held out (none for a class
    /// of fewer than 2 nodes, and never the whole class).
    static func stratifiedHoldout(labels: [Int32], classCount: Int, fraction: Double,
                                  generator: inout SeededGenerator) -> [Bool] {
        var heldOut = [Bool](repeating: false, count: labels.count)
        guard fraction > 0 else { return heldOut }
        var byClass = [[Int]](repeating: [], count: classCount)
        for (i, label) in labels.enumerated() { byClass[Int(label)].append(i) }
        for var members in byClass where members.count >= 2 {
            generator.shuffle(&members)
            let take = min(members.count - 1, max(1, Int((fraction * Double(members.count)).rounded())))
            for i in members.prefix(take) { heldOut[i] = true }
        }
        return heldOut
    }

    /// Weights n/(C·n_c) over the training nodes (scikit-learn's "balanced"); 0 for a class
    /// with no training node.
    static func balancedClassWeights(labels: [Int32], classCount: Int, excluded: [Bool]) -> [Float] {
        var counts = [Int](repeating: 0, count: classCount)
        var total = 0
        for (i, label) in labels.enumerated() where !excluded[i] {
            counts[Int(label)] += 1
            total += 1
        }
        return counts.map { $0 > 0 ? Float(Double(total) / Double(classCount * $0)) : 0 }
    }
}
