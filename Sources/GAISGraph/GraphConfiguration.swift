import GAISCore

/// Every parameter of the graph builders (method.md §2), with the method's defaults.
///
/// One configuration serves all builders; each builder reads only the fields it needs
/// (see `parameters(for:)`).
public struct GraphConfiguration: Sendable, Equatable {
    /// `minibatch`: rows per batch B, ≥ 2. The data is dealt into ⌈n/B⌉ stratified batches.
    public var batchSize = 1024
    /// Neighbours per row k for the `nearest` edge rule, ≥ 1 (clipped to the group size − 1).
    /// Buckets of the hashing builders hold at least k + 1 rows when n allows.
    public var neighbors = 10
    /// How edges are chosen inside a batch or bucket (`minibatch` and the `lsh` builders).
    public var edgeRule: EdgeRule = .nearest
    /// `threshold` edge rule: percentile p of pair similarities a pair must reach, in (0, 1).
    public var percentile = 0.95
    /// `minibatch`: independent partitions R ≥ 1 whose edges are unioned.
    public var repeats = 1
    /// Hashing builders: code length b in 1...24; `nil` = ⌈log2(n/64)⌉ clipped to [1, 24].
    public var bits: Int? = nil
    /// Hashing builders: extra hyperplanes used to split buckets above `bucketCap`, in 0...32.
    public var splitBits = 8
    /// `lsh-multilevel`: nested levels L in 1...24 (prefixes of ⌈b·l/L⌉ bits, l = 1…L).
    public var levels = 3
    /// `lsh-multiview`: hash tables V ≥ 1.
    public var views = 4
    /// `lsh-multiview`: fraction of the features each table hashes, in (0, 1].
    public var viewFeatures = 0.7
    /// Hashing builders: most rows per bucket M, ≥ 2·(neighbors + 1) so split buckets keep
    /// at least k + 1 rows.
    public var bucketCap = 512
    /// `chunk`: rows per window w, ≥ 2.
    public var window = 2000
    /// `chunk`: rows shared by consecutive windows o, in 0..<window.
    public var overlap = 200
    /// `chunk`: probability θ that a kept edge is dropped, in [0, 1).
    public var edgeDrop = 0.2
    /// `chunk`: the neighbour rank whose mean similarity over a window is the window's
    /// threshold (the 2024 paper's 5th nearest neighbour), ≥ 1.
    public var thresholdRank = 5

    public init() {}

    /// Checks every range documented on the fields.
    /// - Throws: `GAISError.invalidParameter` naming the first bad field.
    public func validate() throws {
        let owner = "graph"
        try GAISError.require(batchSize >= 2, "batch-size", of: owner, "at least 2", got: batchSize)
        try GAISError.require(neighbors >= 1, "neighbors", of: owner, "at least 1", got: neighbors)
        try GAISError.require(percentile > 0 && percentile < 1, "percentile", of: owner, "in (0, 1)", got: percentile)
        try GAISError.require(repeats >= 1, "repeats", of: owner, "at least 1", got: repeats)
        if let bits {
            try GAISError.require((1...24).contains(bits), "bits", of: owner, "in 1...24", got: bits)
        }
        try GAISError.require((0...32).contains(splitBits), "split-bits", of: owner, "in 0...32", got: splitBits)
        try GAISError.require((1...24).contains(levels), "levels", of: owner, "in 1...24", got: levels)
        try GAISError.require(views >= 1, "views", of: owner, "at least 1", got: views)
        try GAISError.require(viewFeatures > 0 && viewFeatures <= 1, "view-features", of: owner, "in (0, 1]", got: viewFeatures)
        try GAISError.require(bucketCap >= 2 * (neighbors + 1), "bucket-cap", of: owner,
                              "at least 2·(neighbors + 1) = \(2 * (neighbors + 1))", got: bucketCap)
        try GAISError.require(window >= 2, "window", of: owner, "at least 2", got: window)
        try GAISError.require(overlap >= 0 && overlap < window, "overlap", of: owner, "in 0..<window (\(window))", got: overlap)
        try GAISError.require(edgeDrop >= 0 && edgeDrop < 1, "edge-drop", of: owner, "in [0, 1)", got: edgeDrop)
        try GAISError.require(thresholdRank >= 1, "threshold-rank", of: owner, "at least 1", got: thresholdRank)
    }

    /// The code length used for `rowCount` rows: `bits`, or ⌈log2(n/64)⌉ clipped to [1, 24].
    public func resolvedBits(rowCount: Int) -> Int {
        if let bits { return bits }
        let ratio = Double(max(rowCount, 1)) / 64
        var b = 0
        while Double(1 << b) < ratio && b < 24 { b += 1 }
        return min(24, max(1, b))
    }

    /// The parameters a builder reads, as (name, value) pairs for reports.
    public func parameters(for method: GraphMethod) -> [(name: String, value: String)] {
        var list: [(name: String, value: String)] = []
        let edgeParameters: [(name: String, value: String)] = edgeRule == .nearest
            ? [("edge-rule", edgeRule.rawValue), ("neighbors", "\(neighbors)")]
            : [("edge-rule", edgeRule.rawValue), ("percentile", "\(percentile)"), ("neighbors", "\(neighbors)")]
        let hashParameters: [(name: String, value: String)] = [
            ("bits", bits.map { "\($0)" } ?? "auto"), ("split-bits", "\(splitBits)"), ("bucket-cap", "\(bucketCap)"),
        ]
        switch method {
        case .minibatch:
            list = [("batch-size", "\(batchSize)"), ("repeats", "\(repeats)")] + edgeParameters
        case .lsh:
            list = hashParameters + edgeParameters
        case .lshMultilevel:
            list = hashParameters + [("levels", "\(levels)")] + edgeParameters
        case .lshMultiview:
            list = hashParameters + [("views", "\(views)"), ("view-features", "\(viewFeatures)")] + edgeParameters
        case .chunk:
            list = [("window", "\(window)"), ("overlap", "\(overlap)"), ("edge-drop", "\(edgeDrop)"),
                    ("threshold-rank", "\(thresholdRank)")]
        }
        return list
    }

    /// Every parameter, as (name, value) pairs.
    public var parameters: [(name: String, value: String)] {
        [("batch-size", "\(batchSize)"), ("neighbors", "\(neighbors)"), ("edge-rule", edgeRule.rawValue),
         ("percentile", "\(percentile)"), ("repeats", "\(repeats)"), ("bits", bits.map { "\($0)" } ?? "auto"),
         ("split-bits", "\(splitBits)"), ("levels", "\(levels)"), ("views", "\(views)"),
         ("view-features", "\(viewFeatures)"), ("bucket-cap", "\(bucketCap)"), ("window", "\(window)"),
         ("overlap", "\(overlap)"), ("edge-drop", "\(edgeDrop)"), ("threshold-rank", "\(thresholdRank)")]
    }
}
