import GAISCore
import GAISGraph

/// Trains a `GATModel` (method.md §3): class-weighted cross-entropy, Adam, early stopping on a
/// stratified held-out set, and mini-batch steps over the graph's groups.
/// Trains a `GATModel` (method.md §3): class-weighted cross-entropy, Adam, early stopping on a
/// stratified held-out set, and mini-batch steps over the graph's groups.
///
/// Its parts: `TrainingBatches` (the batch cache), `EarlyStopping`, `GroupSchedule` (which
/// groups each epoch steps on), and the epoch pipeline in `train`.
public enum GATTrainer {
    /// Trains a network on a labelled graph.
    ///
    /// A graph with one group trains full-batch (one step per epoch). With several groups each
    /// optimiser step runs on one group's induced subgraph, groups visited in a seeded shuffled
    /// order, `stepsPerEpoch` steps per epoch, and the monitored loss is measured on a fixed
    /// seeded sample of `validationGroups` groups, so the cost of training does not grow with n.
    /// The weights of the epoch with the lowest monitored loss are returned.
    ///
    /// The epoch pipeline: one background task per epoch runs beside its steps; it evaluates
    /// the previous epoch's weights and gathers the batches of the next epoch (whose groups are
    /// drawn an epoch ahead from the same generator, so the order is unchanged). The
    /// evaluation's outcome is applied after the epoch's steps; when it stops training, that
    /// epoch is discarded, so losses, weights and the report are exactly those of evaluating
    /// each epoch right after it. With two threads the task runs its work in order beside the
    /// steps; with more, it spreads it; with one, everything runs in order on the caller's.
    /// - Parameters:
    ///   - features: row-major `graph.nodeCount × featureCount` values.
    ///   - featureCount: ≥ 1.
    ///   - labels: one class in `0..<classCount` per node.
    ///   - classCount: ≥ 1.
    ///   - graph: CSR graph with self-loops; every edge inside one of its groups.
    ///   - seed: its children `weights`, `holdout`, `evaluation-groups`, `order` and `dropout`
    ///     fix the initial weights, the split, the monitored groups, the group order and the
    ///     dropout masks.
    ///   - context: threads (the result does not depend on them).
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
                             graph: any GroupedGraph, configuration: GATConfiguration, seed: Seed,
                             context: ExecutionContext = .allCores, inputScaling: InputScaling? = nil,
                             onEpoch: ((_ epochs: Int, _ bestEpoch: Int) -> Void)? = nil) throws
        -> (GATModel, GATTrainingReport) {
        try configuration.validate()
        try checkShapes(features: features, featureCount: featureCount, labels: labels, classCount: classCount,
                        graph: graph, inputScaling: inputScaling)
        let shape = GATShape(inputDimension: featureCount, heads: configuration.heads,
                             hidden: configuration.hidden, classCount: classCount)
        var initGenerator = seed.child("weights").generator
        var parameters = GATParameters<Float>.glorot(shape: shape, generator: &initGenerator)
        var splitGenerator = seed.child("holdout").generator
        let heldOut = stratifiedHoldout(labels: labels, classCount: classCount,
                                        fraction: configuration.validationFraction, generator: &splitGenerator)
        let classWeights = balancedClassWeights(labels: labels, classCount: classCount, excluded: heldOut)

        let batches = TrainingBatches(graph: graph, features: features, featureCount: featureCount,
                                      scaling: inputScaling, labels: labels, classWeights: classWeights,
                                      heldOut: heldOut)
        let evaluationBatches = batches.evaluationBatches(sampleSize: configuration.validationGroups,
                                                          seed: seed.child("evaluation-groups"))
        let monitorsHeldOut = evaluationBatches.contains { $0.validationWeights.contains { $0 > 0 } }
        let stepsPerEpoch = batches.fullBatch ? 1 : (configuration.stepsPerEpoch ?? min(batches.count, 8))
        var schedule = GroupSchedule(groupCount: batches.count, stepsPerEpoch: stepsPerEpoch, seed: seed.child("order"))
        var optimizer = AdamOptimizer(parameterCount: shape.count, learningRate: configuration.learningRate,
                                      weightDecay: configuration.weightDecay)
        var stopping = EarlyStopping(patience: configuration.patience)
        let spread = context.threads > 2
        let dropoutSeed = seed.child("dropout")
        @Sendable func monitoredLoss(_ weights: GATParameters<Float>) -> Float {
            let outcome = evaluate(parameters: weights, batches: evaluationBatches, concurrently: spread, context: context)
            return monitorsHeldOut ? outcome.validationLoss : outcome.trainingLoss
        }
        /// An epoch whose steps are done and whose evaluation is pending.
        struct EpochEnd: Sendable {
            let snapshot: GATParameters<Float>
            let trainingLoss: Float
            let steps: Int
        }
        func record(_ end: EpochEnd, monitored: Float) -> Bool {
            defer { onEpoch?(stopping.epochs, stopping.bestEpoch) }
            return stopping.record(trainingLoss: end.trainingLoss, monitored: monitored, weights: end.snapshot.values)
        }

        var steps = 0, recordedSteps = 0
        var currentBatches = schedule.nextEpoch().map { batches.batch($0) }
        var pending: EpochEnd?
        var stopped = false
        for _ in 1 ... configuration.epochs {
            let nextGroups = schedule.nextEpoch()
            let missing = nextGroups.map { !batches.isKept($0) }
            let toEvaluate = pending?.snapshot
            let background = BackgroundTask(context: context) { () -> (Float?, [NodeBatch?]) in
                let monitored = toEvaluate.map(monitoredLoss)
                let gather = { (k: Int) -> NodeBatch? in missing[k] ? batches.make(nextGroups[k]) : nil }
                let gathered = spread ? Parallel.map(count: nextGroups.count, context: context, gather)
                                      : nextGroups.indices.map(gather)
                return (monitored, gathered)
            }
            var lossSum: Float = 0, lossCount = 0
            for current in currentBatches where current.trainingWeights.contains(where: { $0 > 0 }) {
                lossSum += trainingStep(parameters: &parameters, optimizer: &optimizer, batch: current,
                                        dropout: configuration.dropout, seed: dropoutSeed.child(steps), context: context)
                steps += 1
                lossCount += 1
            }
            let (monitored, gathered) = background.wait()
            if let previous = pending, let monitored {
                pending = nil
                recordedSteps = previous.steps
                if record(previous, monitored: monitored) {
                    parameters = previous.snapshot   // drop the epoch stepped meanwhile
                    stopped = true
                    break
                }
            }
            pending = EpochEnd(snapshot: parameters, trainingLoss: lossCount > 0 ? lossSum / Float(lossCount) : .nan,
                               steps: steps)
            currentBatches = zip(nextGroups, gathered).map { g, made in
                guard let made else { return batches.batch(g) }
                batches.keep(made, as: g)
                return made
            }
        }
        if !stopped, let last = pending {
            recordedSteps = last.steps
            _ = record(last, monitored: monitoredLoss(last.snapshot))
        }
        var bestEpoch = stopping.bestEpoch
        if bestEpoch == 0 { bestEpoch = stopping.epochs }   // every loss was NaN: keep the last
        else { parameters.values = stopping.bestValues }
        let final = evaluate(parameters: parameters, batches: evaluationBatches, context: context)
        let model = GATModel(configuration: configuration, parameters: parameters, inputScaling: inputScaling)
        let report = GATTrainingReport(epochs: stopping.epochs, bestEpoch: bestEpoch,
                                       trainingLoss: stopping.trainingLoss, validationLoss: stopping.monitoredLoss,
                                       trainingAccuracy: final.trainingAccuracy,
                                       validationAccuracy: final.validationAccuracy, steps: recordedSteps)
        return (model, report)
    }

    static func checkShapes(features: [Float], featureCount: Int, labels: [Int32], classCount: Int,
                            graph: any GroupedGraph, inputScaling: InputScaling?) throws {
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
        guard labels.count == n else { throw GAISError.invalidInput("GAT: \(labels.count) labels for \(n) nodes") }
        guard labels.allSatisfy({ $0 >= 0 && Int($0) < classCount }) else {
            throw GAISError.invalidInput("GAT: a label is outside 0..<\(classCount)")
        }
    }

    /// One optimiser step on one batch, with fresh dropout masks drawn for (`seed`, `step`).
    /// Returns the batch's training loss (with dropout) before the update.
    ///
    /// The step's row loops are split across threads only when there are more than two: with
    /// two, the other is already busy with the previous epoch's evaluation and the next batch,
    /// and splitting a 1,024-node step costs more in waiting than it saves (BENCHMARKS.md).
    /// Results are the same either way.
    static func trainingStep(parameters: inout GATParameters<Float>, optimizer: inout AdamOptimizer,
                             batch: NodeBatch, dropout: Float, seed: Seed, context: ExecutionContext) -> Float {
        var maskGenerator = seed.generator
        let masks = DropoutMasks<Float>.random(probability: dropout, nodes: batch.nodeCount,
                                               edges: batch.graph.edgeCount, shape: parameters.shape,
                                               seed: maskGenerator.next(), context: context)
        let result = GATNetwork.lossAndGradient(parameters: parameters, graph: batch.graph, features: batch.features,
                                                labels: batch.labels, nodeWeights: batch.trainingWeights,
                                                masks: masks, context: context.threads > 2 ? context : .serial)
        optimizer.update(&parameters.values, gradient: result.gradient)
        return result.loss
    }

    /// Losses and accuracies without dropout, pooled over `batches` (run concurrently unless
    /// told otherwise, combined in batch order).
    static func evaluate(parameters: GATParameters<Float>, batches: [NodeBatch], concurrently: Bool = true,
                         context: ExecutionContext)
        -> (trainingLoss: Float, validationLoss: Float, trainingAccuracy: Double, validationAccuracy: Double) {
        let parallelInside = concurrently && batches.count == 1
        func part(_ b: Int) -> (Float, Float, Float, Float, Int, Int, Int, Int) {
            let batch = batches[b]
            let pass = GATNetwork.forward(parameters: parameters, graph: batch.graph, features: batch.features,
                                          masks: .none, context: parallelInside ? context : .serial)
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
        let parts = concurrently ? Parallel.map(count: batches.count, context: context, part) : batches.indices.map(part)
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

/// Which groups each epoch steps on: a seeded shuffle of all groups, consumed `stepsPerEpoch`
/// at a time and reshuffled when used up, so every group is visited equally often.
struct GroupSchedule {
    let groupCount: Int
    let stepsPerEpoch: Int
    private var generator: SeededGenerator
    private var visitOrder: [Int] = []

    init(groupCount: Int, stepsPerEpoch: Int, seed: Seed) {
        self.groupCount = groupCount
        self.stepsPerEpoch = stepsPerEpoch
        generator = seed.generator
    }

    mutating func nextEpoch() -> [Int] {
        (0 ..< stepsPerEpoch).map { _ in
            if visitOrder.isEmpty {
                visitOrder = Array(0 ..< groupCount)
                generator.shuffle(&visitOrder)
            }
            return visitOrder.removeLast()
        }
    }
}
