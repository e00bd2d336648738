import ArgumentParser
import GAIS

extension ImportanceScore: ExpressibleByArgument {}
extension SelectionRule: ExpressibleByArgument {}
extension CoverSpace: ExpressibleByArgument {}
extension EdgeRule: ExpressibleByArgument {}

/// Options of the GAIS methods: graph, network, scores and selection rule. Unset options keep
/// the library's defaults (method.md, or what the bench chose).
struct GAISOptions: ParsableArguments {
    // Graph.
    @Option(name: .customLong("batch-size"), help: ArgumentHelp("Mini-batch size B of the gais graph (default 1024).", valueName: "B"))
    var batchSize: Int?
    @Option(name: .customLong("graph-neighbors"), help: ArgumentHelp("k of the kNN edges inside each group (default 10).", valueName: "k"))
    var graphNeighbors: Int?
    @Option(name: .customLong("edge-rule"), help: "Edges inside a group: nearest (kNN) or threshold (similarity percentile).")
    var edgeRule: EdgeRule?
    @Option(help: ArgumentHelp("Similarity percentile for --edge-rule threshold (default 0.95).", valueName: "p"))
    var percentile: Double?
    @Option(help: ArgumentHelp("Independent mini-batch partitions, edges unioned (default 1).", valueName: "R"))
    var repeats: Int?
    @Option(help: ArgumentHelp("Hash bits of the lsh graphs (default ⌈log2(n/64)⌉ in [1, 24]).", valueName: "b"))
    var bits: Int?
    @Option(help: ArgumentHelp("Levels of gais-lsh-multilevel (default 3).", valueName: "L"))
    var levels: Int?
    @Option(help: ArgumentHelp("Hash tables of gais-lsh-multiview (default 4).", valueName: "V"))
    var views: Int?
    @Option(name: .customLong("view-features"), help: ArgumentHelp("Fraction of features per view (default 0.7).", valueName: "f"))
    var viewFeatures: Double?
    @Option(name: .customLong("bucket-cap"), help: ArgumentHelp("Largest hash bucket before it is split (default 512).", valueName: "M"))
    var bucketCap: Int?
    @Option(help: ArgumentHelp("Window size of gais-chunk (default 2000).", valueName: "w"))
    var window: Int?
    @Option(help: ArgumentHelp("Window overlap of gais-chunk (default 200).", valueName: "o"))
    var overlap: Int?
    @Option(name: .customLong("edge-drop"), help: ArgumentHelp("Edge drop probability of gais-chunk (default 0.2).", valueName: "θ"))
    var edgeDrop: Double?

    // Network.
    @Option(help: ArgumentHelp("Hidden features per head (default 8).", valueName: "F"))
    var hidden: Int?
    @Option(help: ArgumentHelp("Attention heads of layer 1 (default 4).", valueName: "H"))
    var heads: Int?
    @Option(help: ArgumentHelp("Most training epochs (default 200).", valueName: "n"))
    var epochs: Int?
    @Option(name: .customLong("learning-rate"), help: ArgumentHelp("Adam learning rate (default 0.01).", valueName: "lr"))
    var learningRate: Float?
    @Option(help: ArgumentHelp("Dropout on inputs and attention during training (default 0: the bench found it hurts; method.md's 0.2 is available).", valueName: "p"))
    var dropout: Float?
    @Option(help: ArgumentHelp("Early-stopping patience in epochs (default 20).", valueName: "n"))
    var patience: Int?

    // Scoring and selection.
    @Option(help: ArgumentHelp("Importance score: \(ImportanceScore.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "name"))
    var score: ImportanceScore?
    @Option(help: ArgumentHelp("Selection rule: cover (best row of each k-means group), top (highest scores), centroid (row nearest each group centre, no network).", valueName: "rule"))
    var rule: SelectionRule?
    @Option(name: .customLong("cover-space"), help: "Space of the cover rule's groups: features or hidden (the network's hidden layer).")
    var coverSpace: CoverSpace?
    @Option(name: .customLong("score-tolerance"), help: ArgumentHelp("With --rule cover: among rows scoring within this much of a group's best, keep the one nearest the group's centre (default 0.1; 0 = the highest score).", valueName: "t"))
    var scoreTolerance: Float?
    @Option(name: .customLong("local-cover-threshold"), help: ArgumentHelp("Classes with more rows are covered piecewise, in linear time (default 16384).", valueName: "n"))
    var localCoverThreshold: Int?
    @Option(name: .customLong("local-cover-chunk"), help: ArgumentHelp("Rows per piece when a class is covered piecewise (default 512).", valueName: "n"))
    var localCoverChunk: Int?
    @Flag(help: "With --rule top: skip a row when a same-class graph neighbour is already kept.")
    var spread = false

    var anyGiven: Bool {
        let values: [Any?] = [batchSize, graphNeighbors, edgeRule, percentile, repeats, bits, levels, views, viewFeatures,
                              bucketCap, window, overlap, edgeDrop, hidden, heads, epochs, learningRate, dropout,
                              patience, score, rule, coverSpace, scoreTolerance, localCoverThreshold, localCoverChunk]
        return values.contains { $0 != nil } || spread
    }

    func check(method: SelectionMethod) throws {
        if method.graphMethod == nil && anyGiven {
            throw ValidationError("the graph, network and scoring options apply to the gais methods, not to \(method.rawValue)")
        }
        if spread && rule != .top {
            throw ValidationError("--spread applies to --rule top")
        }
        do {
            try selector().validate()
        } catch let e as GAISError {
            throw ValidationError(e.description)
        }
    }

    /// The text of a parse error, without ArgumentParser's usage block.
    static func message(for error: Error) -> String {
        fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    }

    func selector() throws -> GAISSelector {
        var s = GAISSelector()
        if let batchSize { s.graph.batchSize = batchSize }
        if let graphNeighbors { s.graph.neighbors = graphNeighbors }
        if let edgeRule { s.graph.edgeRule = edgeRule }
        if let percentile { s.graph.percentile = percentile }
        if let repeats { s.graph.repeats = repeats }
        if let bits { s.graph.bits = bits }
        if let levels { s.graph.levels = levels }
        if let views { s.graph.views = views }
        if let viewFeatures { s.graph.viewFeatures = viewFeatures }
        if let bucketCap { s.graph.bucketCap = bucketCap }
        if let window { s.graph.window = window }
        if let overlap { s.graph.overlap = overlap }
        if let edgeDrop { s.graph.edgeDrop = edgeDrop }
        if let hidden { s.network.hidden = hidden }
        if let heads { s.network.heads = heads }
        if let epochs { s.network.epochs = epochs }
        if let learningRate { s.network.learningRate = learningRate }
        if let dropout { s.network.dropout = dropout }
        if let patience { s.network.patience = patience }
        if let score { s.score = score }
        if let rule { s.rule = rule }
        if let coverSpace { s.coverSpace = coverSpace }
        if let scoreTolerance { s.scoreTolerance = scoreTolerance }
        if let localCoverThreshold { s.localCoverThreshold = localCoverThreshold }
        if let localCoverChunk { s.localCoverChunk = localCoverChunk }
        s.spread = spread
        return s
    }
}
