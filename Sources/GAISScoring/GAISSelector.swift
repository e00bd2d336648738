import GAISCore
import GAISGraph
import GAISNetwork

/// Graph Attention-based Instance Selection (method.md §1–5): build a graph over the rows,
/// train a graph attention network to predict each row's class, score every row from the
/// trained network, and keep q_c = max(1, round(ρ·n_c)) rows per class.
///
/// After Rustamov, Zaitouny & Zaki: "GAIS: A Novel Approach to Instance Selection with Graph
/// Attention Networks" (IEEE ICKG 2024) and "Scalable Graph Attention-based Instance Selection
/// via Mini-Batch Sampling and Hierarchical Hashing" (AI Open 6, 2025). The `cover` rule and the
/// `centroid` baseline are this project's choices (method.md §5).
///
/// The variants differ by graph builder; their method names are `gais` (mini-batches),
/// `gais-lsh`, `gais-lsh-multilevel`, `gais-lsh-multiview` and `gais-chunk`
/// (see `methodName(for:)` and `init?(methodName:)`). Every parameter is described once in
/// `parameterTable`, with the variants and conditions it applies to.
///
/// Stages: `graph`, `train`, `score`, `select` (only `select` for `centroid`), each timed.
/// Seeds: children `graph`, `network` and `clusters` of the selection's seed.
///
/// - Complexity: the graph builder's cost, plus training (a fixed budget of steps over groups),
///   plus one inference pass (linear in n for bounded groups), plus O(iterations·n_c·q_c·d) per
///   class for the k-means of `cover` and `centroid` (√q_c in place of q_c when q_c > 256:
///   two-level k-means, `KMeans.partition`).
public struct GAISSelector: SizedSelector {
    public static let methodName = "gais"

    /// The graph builder and its parameters (method.md §2).
    public var graph = GraphConfiguration(.minibatch)
    /// Network and training parameters (method.md §3), except dropout 0 instead of 0.2
    /// (choice: with standardised inputs the bench found dropout hurts; BENCHMARKS.md).
    public var network = GATConfiguration(dropout: 0)
    /// The importance score (method.md §4).
    public var score: ImportanceScore = .confidence
    /// The per-class rule (method.md §5). `centroid` builds no graph and trains no network.
    /// Default `centroid` (the converged per-class k-means medoids, then the swap search), and
    /// `cover` for the graph variants (`gais-lsh`, …; see `init(graphMethod:)`). Measured
    /// against the network's `cover` rule, `centroid` is level where the search runs and ahead
    /// with 5-NN and the forest where it does not, in a fraction of the time, so the network is
    /// one option away (`rule=cover`) instead of the default (issue 12; BENCHMARKS.md, "The
    /// default rule: no network").
    public var rule: SelectionRule = .centroid
    /// `top` rule only: skip rows whose same-class graph neighbour is already kept.
    public var spread = false
    /// `cover` rule: the space its k-means groups are formed in.
    public var coverSpace: CoverSpace = .features
    /// `cover` rule: each group keeps, among its rows scoring within this much of the group's
    /// best score, the one nearest the group's mean; ≥ 0, in the score's units. 0 keeps the
    /// best-scoring row (method.md §5 as written); a value above the score's range gives the
    /// `centroid` rule. Default 0.1 (choice): confidence saturates near 1 on many rows, so the
    /// plain argmax is often an arbitrary row; with the slack, the network vetoes the rows it is
    /// clearly less sure of and centrality picks among the rest (evidence in BENCHMARKS.md).
    public var scoreTolerance: Float = 0.1
    /// Standardise (z-score) the features the network sees (choice; see `Standardization`).
    /// The graph and the `cover` groups always use the encoded features.
    public var standardizeNetworkInput = true
    /// Lloyd iterations of the `cover` rule's per-class k-means, ≥ 0.
    public var clusterIterations = 10
    /// `cover` rule: seeded k-means starts per class, the lowest inertia kept, ≥ 1. Classes
    /// covered piecewise take one start per piece, as `centroidPieceStarts` by default.
    public var clusterStarts = 1
    /// `centroid` rule: most Lloyd iterations per k-means start (they stop once the assignment
    /// is stable), ≥ 0; the same default as the `prototypes` selector, whose rule it shares.
    public var centroidIterations = 300
    /// `centroid` rule: seeded k-means starts per class, the lowest inertia kept, ≥ 1.
    public var centroidStarts = 3
    /// `centroid` rule: starts per piece of a class covered piecewise (more rows than
    /// `localCoverThreshold`), ≥ 1. Pieces are small k-means problems; one start keeps the cost
    /// of large inputs down (BENCHMARKS.md, "The default").
    public var centroidPieceStarts = 1
    /// Classes with more rows than this are covered piecewise (see `localCoverChunk`), so the
    /// cost of the cover and centroid rules grows linearly with n instead of with n·q.
    public var localCoverThreshold = 16_384
    /// Rows per piece when a class is covered piecewise: the class is shuffled (seeded) and cut
    /// into pieces of about this many rows; each piece keeps its share of the class's quota
    /// (largest remainders) by the same rule.
    public var localCoverChunk = 512
    /// The most classes the network tells apart, ≥ 2; beyond it the smallest classes share one
    /// output, so training stays linear in the rows (see `NetworkClasses`).
    public var outputClasses = 256
    /// A local search after the rule (`SwapRefinement`): auto (default: swap on inputs of at most
    /// `swapSearch.autoRows` rows), none or swap.
    public var refine: Refinement = .auto
    /// What the swap search makes the kept rows' 1-NN reproduce: the labels, or the network's
    /// predictions (rules that use the network only).
    public var refineTarget: RefinementTarget = .labels
    /// The order in which the swap search tries its candidates: the network's score, highest
    /// first (default: the rows the network is surest of, among those the kept rows get wrong;
    /// BENCHMARKS.md, "The default"), lowest first, or seeded random. Rules without the network
    /// use the random order.
    public var refineOrder: RefinementOrder = .score
    /// The swap search's settings.
    public var swapSearch = SwapRefinement()
    /// Rows kept per class.
    public var size: SubsetSize = .default

    public init() {}

    /// A selector with the given graph builder and every other parameter at its default. The
    /// graph variants other than the mini-batch one use the network's `cover` rule: their graph
    /// is what they change, and the `centroid` rule builds none.
    public init(graphMethod: GraphMethod) {
        graph = GraphConfiguration(graphMethod)
        if graphMethod != .minibatch { rule = .cover }
    }

    /// The selector named by a method name (`gais`, `gais-lsh`, …), or nil.
    public init?(methodName: String) {
        guard let method = GraphMethod.allCases.first(where: { Self.methodName(for: $0) == methodName }) else {
            return nil
        }
        self.init(graphMethod: method)
    }

    /// The method name of the variant using `graphMethod`.
    public static func methodName(for graphMethod: GraphMethod) -> String {
        graphMethod == .minibatch ? methodName : "\(methodName)-\(graphMethod.rawValue)"
    }

    /// Every variant's method name, the default first.
    public static var methodNames: [String] { GraphMethod.allCases.map { methodName(for: $0) } }

    /// The graph builder.
    public var graphMethod: GraphMethod { graph.method }

    public var variantName: String { Self.methodName(for: graph.method) }

    public func promisedQuotas(classCounts: [Int]) -> [Int]? { size.quotas(classCounts: classCounts) }

    /// Whether the rule uses the network (every rule but `centroid`).
    var usesNetwork: Bool { rule != .centroid }

    /// The inference outputs the score and the rule read.
    var inferenceOutputs: InferenceOutputs {
        var outputs: InferenceOutputs = []
        if rule == .cover && coverSpace == .hidden { outputs.insert(.hidden) }
        if score.usesAttention { outputs.insert(.attention) }
        return outputs
    }

    /// Selects rows of `data` (called by `select(from:seed:context:progress:)`).
    /// - Returns: exactly `size.quotas(classCounts)` rows per class, the score of every row (nil
    ///   for `centroid`), and a `GAISReport`.
    public func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        let classCounts = data.classCounts
        let quotas = size.quotas(classCounts: classCounts)
        // Whether the swap search runs: swapped rows no longer stand for their groups, so the
        // weights then fall back to each row's nearest kept row of its class.
        let searches = swapSearch.searches(refine, rowCount: data.rowCount)
        let rowsByClass = data.rowsByClass
        let clusterSeed = seed.child("clusters")
        let context = run.context
        // Whether the rows handed to a rule are a piece of a class covered piecewise (their
        // class has more than `localCoverThreshold` rows); rules get a row only with a quota.
        let coveredPiecewise = { (rows: [Int]) in classCounts[Int(data.labels[rows[0]])] > localCoverThreshold }

        guard usesNetwork else {
            let (kept, representatives) = perClassGroups(rowsByClass: rowsByClass, quotas: quotas, rowCount: data.rowCount,
                                                         seed: clusterSeed, context: context) {
                rows, quota, seed, context in
                PerClassRules.centroidGroups(rows: rows, quota: quota, points: data.features,
                                             dimension: data.featureCount, iterations: centroidIterations,
                                             starts: coveredPiecewise(rows) ? centroidPieceStarts : centroidStarts,
                                             seed: seed, context: context)
            }
            let refined = refined(kept, data: data, target: data.labels, priority: nil, seed: seed, context: context)
            run.endStage("select")
            return SelectorOutput(indices: refined, report: GAISReport(graph: nil, training: nil),
                                  representatives: searches ? nil : representatives)
        }

        let name = variantName
        run.report("\(name): building the \(graph.method.rawValue) graph…")
        let (builtGraph, graphReport) = try GraphBuilder.buildGrouped(
            features: data.features, featureCount: data.featureCount, labels: data.labels,
            configuration: graph, seed: seed.child("graph"), context: context)
        run.endStage("graph")

        // The network sees z-scores, applied as rows are gathered (no scaled copy is stored).
        let scaling = standardizeNetworkInput
            ? Standardization.scaling(data.features, featureCount: data.featureCount) : nil
        let onEpoch: ((Int, Int) -> Void)? = run.progress.map { report in
            { epochs, best in report("\(name): training: epoch \(epochs), best \(best)") }
        }
        let outputs = NetworkClasses(classCounts: classCounts, limit: outputClasses)
        let networkLabels = outputs.labels(data.labels)
        let (model, training) = try GATTrainer.train(
            features: data.features, featureCount: data.featureCount, labels: networkLabels,
            classCount: outputs.count, graph: builtGraph, configuration: network, seed: seed.child("network"),
            context: context, inputScaling: scaling, onEpoch: onEpoch)
        run.endStage("train")

        run.report("\(name): scoring…")
        let (scores, hidden, predictions) = self.scores(model: model, data: data, labels: networkLabels,
                                                        classCount: outputs.count, graph: builtGraph, context: context)
        run.endStage("score")

        run.report("\(name): choosing rows (\(rule.rawValue))…")
        let kept: [Int]
        var representatives: [Int]? = nil
        switch rule {
        case .top:
            let builtGraph = spread ? builtGraph.sparseGraph() : nil
            kept = perClass(rowsByClass: rowsByClass, quotas: quotas, seed: clusterSeed, context: context) { rows, quota, _, _ in
                PerClassRules.top(rows: rows, quota: quota, scores: scores, spread: spread, graph: builtGraph)
            }
        case .cover, .centroid:
            let (points, dimension) = hidden ?? (data.features, data.featureCount)
            (kept, representatives) = perClassGroups(rowsByClass: rowsByClass, quotas: quotas, rowCount: data.rowCount,
                                                     seed: clusterSeed, context: context) {
                rows, quota, seed, context in
                PerClassRules.coverGroups(rows: rows, quota: quota, points: points, dimension: dimension, scores: scores,
                                          tolerance: scoreTolerance, iterations: clusterIterations,
                                          starts: coveredPiecewise(rows) ? 1 : clusterStarts, seed: seed, context: context)
            }
        }
        // The network's predictions are data classes only when every class has its own output
        // (and exist only when inference kept the probabilities: not with per-group scoring).
        var target = data.labels
        if refineTarget != .labels && outputs.isIdentity && predictions.count == data.rowCount {
            // `agreed`: a row the network gives another class gets no class (−1), so no kept
            // row's 1-NN can match it.
            target = refineTarget == .network ? predictions
                : zip(data.labels, predictions).map { label, predicted in label == predicted ? label : -1 }
        }
        let priority: [Float]? = switch refineOrder {
        case .random: nil
        case .score: scores
        case .unsure: scores.map { -$0 }
        }
        let refinedRows = refined(kept, data: data, target: target, priority: priority, seed: seed, context: context)
        run.endStage("select")
        return SelectorOutput(indices: refinedRows, scores: scores,
                              report: GAISReport(graph: graphReport, training: training),
                              representatives: searches ? nil : representatives)
    }

    /// `kept` after the configured refinement; `priority` orders the search's candidates
    /// (`SwapRefinement.refine`).
    private func refined(_ kept: [Int], data: Dataset, target: [Int32], priority: [Float]?, seed: Seed,
                         context: ExecutionContext) -> [Int] {
        guard swapSearch.searches(refine, rowCount: data.rowCount) else { return kept }
        return swapSearch.refine(kept: kept, points: data.features, dimension: data.featureCount, labels: data.labels,
                                 target: target, priority: priority, seed: seed.child("refine"), context: context)
    }

    /// Every row's score, and the hidden features when the cover space needs them. Overlapping
    /// windows (`chunk`) score each window on its own and keep a row's best score (method.md
    /// §2); other builders pool a row's outputs over its groups. `labels` and `classCount` are
    /// the network's (`NetworkClasses`).
    func scores(model: GATModel, data: Dataset, labels: [Int32], classCount: Int, graph builtGraph: any GroupedGraph,
                context: ExecutionContext)
        -> (scores: [Float], hidden: (points: [Float], dimension: Int)?, predictions: [Int32]) {
        let pooling: InferencePooling
        if case .chunk = graph {
            let score = self.score
            pooling = .maximumScore { nodes, probabilities, attention in
                score.values(probabilities: probabilities, classCount: classCount,
                             labels: nodes.map { labels[Int($0)] }, attention: attention)
            }
        } else if !inferenceOutputs.contains(.hidden) && !(swapSearch.searches(refine, rowCount: data.rowCount) && refineTarget != .labels) {
            // Scored group by group (the same values as pooling first), so no n × classes array.
            let score = self.score
            pooling = .meanScore { nodes, probabilities, attention in
                score.values(probabilities: probabilities, classCount: classCount,
                             labels: nodes.map { labels[Int($0)] }, attention: attention)
            }
        } else {
            pooling = .mean
        }
        let inference = model.infer(features: data.features, graph: builtGraph, outputs: inferenceOutputs,
                                    pooling: pooling, context: context)
        let hidden = inferenceOutputs.contains(.hidden) ? (inference.hidden, inference.hiddenWidth) : nil
        // Empty when the groups were scored as they ran (`.meanScore` keeps no probabilities).
        let predictions = Self.mostLikely(inference.probabilities, classCount: classCount)
        if let maximum = inference.scores { return (maximum, hidden, predictions) }
        let values = score.values(probabilities: inference.probabilities, classCount: classCount,
                                  labels: labels, attention: inference.attentionReceived)
        return (values, hidden, predictions)
    }

    /// Each row's most probable class (the first on ties).
    static func mostLikely(_ probabilities: [Float], classCount: Int) -> [Int32] {
        let n = probabilities.count / classCount
        return (0..<n).map { i in
            var best = 0
            for k in 1..<classCount where probabilities[i * classCount + k] > probabilities[i * classCount + best] {
                best = k
            }
            return Int32(best)
        }
    }

    /// `PerClassPieces.chooseGroups` with this selector's piece settings.
    private func perClassGroups(rowsByClass: [[Int]], quotas: [Int], rowCount: Int, seed: Seed,
                                context: ExecutionContext, _ choose: ([Int], Int, Seed, ExecutionContext) -> GroupedChoice)
        -> (kept: [Int], representatives: [Int]) {
        PerClassPieces(threshold: localCoverThreshold, pieceRows: localCoverChunk)
            .chooseGroups(rowsByClass: rowsByClass, quotas: quotas, rowCount: rowCount, seed: seed, context: context,
                          choose)
    }

    /// `PerClassPieces.choose` with this selector's piece settings (`top` never piecewise).
    private func perClass(rowsByClass: [[Int]], quotas: [Int], seed: Seed, context: ExecutionContext,
                          _ choose: ([Int], Int, Seed, ExecutionContext) -> [Int]) -> [Int] {
        PerClassPieces(threshold: localCoverThreshold, pieceRows: localCoverChunk)
            .choose(rowsByClass: rowsByClass, quotas: quotas, seed: seed, context: context, piecewise: rule != .top,
                    choose)
    }
}

/// What a GAIS selection found: the graph's statistics and the network's training, for library
/// users; the CLI renders it into its JSON report.
public struct GAISReport: SelectorReport {
    /// nil for the `centroid` rule (no graph).
    public let graph: GraphReport?
    /// nil for the `centroid` rule (no network).
    public let training: GATTrainingReport?

    public var json: JSONValue {
        var entries: [(String, JSONValue)] = []
        if let graph { entries.append(("graph", graph.json)) }
        if let training {
            entries.append(("training", .object([
                ("epochs", .int(training.epochs)), ("best_epoch", .int(training.bestEpoch)),
                ("steps", .int(training.steps)),
                ("training_accuracy", .finite(training.trainingAccuracy)),
                ("validation_accuracy", .finite(training.validationAccuracy)),
            ])))
        }
        return .object(entries)
    }
}
