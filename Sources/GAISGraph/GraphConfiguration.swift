import GAISCore

/// A graph builder of method.md §2 with its parameters, and only its own: a parameter that does
/// not apply to the chosen builder cannot be expressed.
public enum GraphConfiguration: Sendable, Equatable {
    /// Stratified mini-batches (the default builder).
    case minibatch(MiniBatchGraph)
    /// Random-hyperplane hashing: single-level, multi-level or multi-view.
    case hashing(HashGraph)
    /// The 2024 method's overlapping windows.
    case chunk(ChunkGraph)

    /// The builder `method` with every parameter at its default.
    public init(_ method: GraphMethod) {
        switch method {
        case .minibatch: self = .minibatch(MiniBatchGraph())
        case .lsh: self = .hashing(HashGraph(tables: .single))
        case .lshMultilevel: self = .hashing(HashGraph(tables: .multilevel(levels: 3)))
        case .lshMultiview: self = .hashing(HashGraph(tables: .multiview(views: 4, featureFraction: 0.7)))
        case .chunk: self = .chunk(ChunkGraph())
        }
    }

    /// The builder.
    public var method: GraphMethod {
        switch self {
        case .minibatch: return .minibatch
        case .hashing(let h):
            switch h.tables {
            case .single: return .lsh
            case .multilevel: return .lshMultilevel
            case .multiview: return .lshMultiview
            }
        case .chunk: return .chunk
        }
    }

    /// The edge rule inside groups (every builder but `chunk`, which thresholds its windows).
    public var edges: EdgeConfiguration? {
        switch self {
        case .minibatch(let m): return m.edges
        case .hashing(let h): return h.edges
        case .chunk: return nil
        }
    }

    /// Checks every parameter of the builder against its description.
    public func validate() throws {
        let variant = method.rawValue
        switch self {
        case .minibatch(let m):
            try MiniBatchGraph.parameterTable.validate(m, variant: variant)
            try EdgeConfiguration.parameterTable.validate(m.edges, variant: variant)
        case .hashing(let h):
            try HashGraph.parameterTable.validate(h, variant: variant)
            try EdgeConfiguration.parameterTable.validate(h.edges, variant: variant)
        case .chunk(let c):
            try ChunkGraph.parameterTable.validate(c, variant: variant)
        }
    }
}

/// How edges are chosen among the rows of one group (batch or bucket).
public struct EdgeConfiguration: Sendable, Equatable {
    /// `nearest` (kNN, symmetrised) or `threshold` (similarity percentile).
    public var rule: EdgeRule = .nearest
    /// Neighbours per row k for the `nearest` rule, ≥ 1 (clipped to the group size − 1).
    /// Hash buckets hold at least k + 1 rows when n allows.
    public var neighbors = 10
    /// `threshold` rule: percentile p of pair similarities a pair must reach, in (0, 1).
    public var percentile = 0.95

    public init() {}

    public static let parameterTable = ParameterTable<EdgeConfiguration>([
        .choice("edge-rule", \.rule, valueName: "rule",
                help: "Edges inside a group: nearest (kNN, symmetrised) or threshold (similarity percentile)."),
        .integer("graph-neighbors", \.neighbors, min: 1, max: 1024, valueName: "k",
                 help: "k of the kNN edges inside each group (default 10)."),
        .real("percentile", \.percentile, .real(lower: 0, lowerOpen: true, upper: 1, upperOpen: true), valueName: "p",
              help: "Similarity percentile a pair must reach with edge-rule threshold (default 0.95).",
              when: (text: "edge-rule=threshold", holds: { $0.rule == .threshold })),
    ])
}

/// `minibatch`: shuffle, deal every class's rows round-robin into ⌈n/B⌉ stratified batches,
/// edges only inside a batch.
public struct MiniBatchGraph: Sendable, Equatable {
    /// Rows per batch B, ≥ 2.
    public var batchSize = 1024
    /// Independent partitions R ≥ 1 whose edges are unioned.
    public var repeats = 1
    public var edges = EdgeConfiguration()

    public init() {}

    public static let parameterTable = ParameterTable<MiniBatchGraph>([
        .integer("batch-size", \.batchSize, min: 2, max: 1 << 20, valueName: "B",
                 help: "Mini-batch size B (default 1024)."),
        .integer("repeats", \.repeats, min: 1, max: 64, valueName: "R",
                 help: "Independent mini-batch partitions, edges unioned (default 1)."),
    ])
}

/// The hashing builders: SimHash codes of the centred features; rows sharing a code form a
/// bucket, edges inside buckets.
public struct HashGraph: Sendable, Equatable {
    /// How many tables, and how their buckets are read.
    public enum Tables: Sendable, Equatable {
        /// `lsh`: one table, buckets of the full code.
        case single
        /// `lsh-multilevel`: one code read at L nested prefix lengths, L in 1...24.
        case multilevel(levels: Int)
        /// `lsh-multiview`: V ≥ 1 tables, each on a random fraction of the features in (0, 1].
        case multiview(views: Int, featureFraction: Double)
    }
    public var tables: Tables
    /// Code length b in 1...24; nil = ⌈log2(n/64)⌉ clipped to [1, 24].
    public var bits: Int? = nil
    /// Extra hyperplanes used to split buckets above `bucketCap`, in 0...32.
    public var splitBits = 8
    /// Most rows per bucket M, ≥ 2·(neighbors + 1) so split buckets keep at least k + 1 rows.
    public var bucketCap = 512
    public var edges = EdgeConfiguration()

    public init(tables: Tables) { self.tables = tables }

    /// The code length used for `rowCount` rows: `bits`, or ⌈log2(n/64)⌉ clipped to [1, 24].
    public func resolvedBits(rowCount: Int) -> Int {
        if let bits { return bits }
        let ratio = Double(max(rowCount, 1)) / 64
        var b = 0
        while Double(1 << b) < ratio && b < 24 { b += 1 }
        return min(24, max(1, b))
    }

    public static let parameterTable = ParameterTable<HashGraph>([
        .optionalInteger("bits", \.bits, min: 1, max: 24, none: "auto", valueName: "b",
                         help: "Hash bits (default auto: ⌈log2(n/64)⌉ in [1, 24])."),
        .integer("split-bits", \.splitBits, min: 0, max: 32, valueName: "s",
                 help: "Extra hyperplanes for splitting buckets above bucket-cap (default 8)."),
        .integer("bucket-cap", \.bucketCap, min: 4, max: 1 << 20, valueName: "M",
                 help: "Largest hash bucket before it is split (default 512)."),
        Parameter("levels", domain: .integer(min: 1, max: 24), valueName: "L",
                  help: "Nested levels of the multi-level graph (default 3).", variants: ["lsh-multilevel"],
                  read: { if case .multilevel(let l) = $0.tables { return .integer(l) }; return nil },
                  write: { h, value in if case .integer(let l) = value { h.tables = .multilevel(levels: l) } }),
        Parameter("views", domain: .integer(min: 1, max: 64), valueName: "V",
                  help: "Hash tables of the multi-view graph (default 4).", variants: ["lsh-multiview"],
                  read: { if case .multiview(let v, _) = $0.tables { return .integer(v) }; return nil },
                  write: { h, value in
                      if case .integer(let v) = value, case .multiview(_, let f) = h.tables {
                          h.tables = .multiview(views: v, featureFraction: f)
                      }
                  }),
        Parameter("view-features", domain: .real(lower: 0, lowerOpen: true, upper: 1, upperOpen: false),
                  valueName: "f", help: "Fraction of the features each view hashes (default 0.7).",
                  variants: ["lsh-multiview"],
                  read: { if case .multiview(_, let f) = $0.tables { return .real(f) }; return nil },
                  write: { h, value in
                      if case .real(let f) = value, case .multiview(let v, _) = h.tables {
                          h.tables = .multiview(views: v, featureFraction: f)
                      }
                  }),
    ], relations: [
        ParameterRelation(["bucket-cap", "graph-neighbors"]) { h, variant in
            let least = 2 * (h.edges.neighbors + 1)
            return h.bucketCap >= least ? nil
                : .invalidParameter(name: "bucket-cap", owner: variant,
                                    rule: "at least 2·(graph-neighbors + 1) = \(least)", value: "\(h.bucketCap)")
        },
    ])
}

/// `chunk` (the 2024 method): a shuffled order cut into overlapping windows; inside a window a
/// pair is kept when its similarity reaches the window's mean similarity to the
/// `thresholdRank`-th nearest neighbour, then each kept edge is dropped with probability θ.
public struct ChunkGraph: Sendable, Equatable {
    /// Rows per window w, ≥ 2.
    public var window = 2000
    /// Rows shared by consecutive windows o, in 0..<window.
    public var overlap = 200
    /// Probability θ that a kept edge is dropped, in [0, 1).
    public var edgeDrop = 0.2
    /// The neighbour rank whose mean similarity is the window's threshold (the 2024 paper's
    /// 5th nearest neighbour), ≥ 1.
    public var thresholdRank = 5

    public init() {}

    public static let parameterTable = ParameterTable<ChunkGraph>([
        .integer("window", \.window, min: 2, max: 1 << 20, valueName: "w",
                 help: "Rows per window (default 2000)."),
        .integer("overlap", \.overlap, min: 0, valueName: "o",
                 help: "Rows shared by consecutive windows, less than window (default 200)."),
        .real("edge-drop", \.edgeDrop, .real(lower: 0, lowerOpen: false, upper: 1, upperOpen: true), valueName: "θ",
              help: "Probability that a kept edge is dropped (default 0.2)."),
        .integer("threshold-rank", \.thresholdRank, min: 1, max: 1024, valueName: "r",
                 help: "Neighbour rank whose mean similarity is a window's threshold (default 5)."),
    ], relations: [
        ParameterRelation(["overlap", "window"]) { c, variant in
            c.overlap < c.window ? nil
                : .invalidParameter(name: "overlap", owner: variant, rule: "less than window (\(c.window))",
                                    value: "\(c.overlap)")
        },
    ])
}
