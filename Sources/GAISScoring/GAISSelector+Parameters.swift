import GAISCore
import GAISGraph
import GAISNetwork

extension GAISSelector {
    /// Every parameter of every GAIS variant, described once: the selection's own, the
    /// network's (`GATConfiguration.parameterTable`) and each graph builder's
    /// (`MiniBatchGraph`, `HashGraph`, `ChunkGraph`, `EdgeConfiguration`), lifted onto the
    /// selector with the variants they belong to. Network, graph and score parameters apply
    /// only when the rule uses the network (not `centroid`).
    public static let parameterTable: ParameterTable<GAISSelector> = {
        let networkRule: (text: String, holds: (GAISSelector) -> Bool) =
            (text: "rule=cover or rule=top", holds: { $0.rule != .centroid })
        func variants(_ methods: [GraphMethod]) -> [String] { methods.map(methodName(for:)) }
        func withNetwork(_ parameter: Parameter<GAISSelector>) -> Parameter<GAISSelector> {
            let inner = parameter.condition
            let condition: (text: String, holds: (GAISSelector) -> Bool) = inner.map { inner in
                (text: "\(networkRule.text), and \(inner.text)", holds: { networkRule.holds($0) && inner.holds($0) })
            } ?? networkRule
            return Parameter(parameter.name, domain: parameter.domain, valueName: parameter.valueName,
                             help: parameter.help, variants: parameter.variants, when: condition,
                             read: parameter.value(of:), write: { owner, value in parameter.assign(value, to: &owner) })
        }
        let selection: [Parameter<GAISSelector>] = Parameter.sizes(\.size) + [
            .choice("rule", \.rule, valueName: "rule",
                    help: "Per-class rule: centroid (row nearest each converged k-means group centre, no network; the default of gais), cover (the network's: best-scoring row of each k-means group; the default of the graph variants), top (highest scores)."),
            withNetwork(.choice("score", \.score, valueName: "name",
                                help: "Importance score of each row (default confidence).")),
            .choice("cover-space", \.coverSpace, valueName: "space",
                    help: "Space of the cover rule's groups: features, or hidden (the network's hidden layer).",
                    when: (text: "rule=cover", holds: { $0.rule == .cover })),
            .real("score-tolerance", \.scoreTolerance, .real(lower: 0, lowerOpen: false, upper: nil, upperOpen: false),
                  valueName: "t",
                  help: "Cover rule: among rows scoring within t of a group's best, keep the one nearest the group's centre (default 0.1; 0 = the highest score).",
                  when: (text: "rule=cover", holds: { $0.rule == .cover })),
            .flag("spread", \.spread, help: "Top rule: skip a row when a same-class graph neighbour is already kept.",
                  when: (text: "rule=top", holds: { $0.rule == .top })),
            .integer("cluster-iterations", \.clusterIterations, min: 0, max: 10_000, valueName: "n",
                     help: "Lloyd iterations of the cover rule's per-class k-means (default 10).",
                     when: (text: "rule=cover or rule=top", holds: { $0.rule != .centroid })),
            .integer("cluster-starts", \.clusterStarts, min: 1, max: 1_000, valueName: "n",
                     help: "Cover rule: seeded k-means starts per class, the lowest inertia kept (default 1; pieces of a class covered piecewise take one).",
                     when: (text: "rule=cover", holds: { $0.rule == .cover })),
            .integer("centroid-iterations", \.centroidIterations, min: 0, max: 100_000, valueName: "n",
                     help: "Centroid rule: most Lloyd iterations per k-means start; they stop earlier once stable (default 300, as prototypes).",
                     when: (text: "rule=centroid", holds: { $0.rule == .centroid })),
            .integer("centroid-starts", \.centroidStarts, min: 1, max: 1_000, valueName: "n",
                     help: "Centroid rule: seeded k-means starts per class, the lowest inertia kept (default 3, as prototypes).",
                     when: (text: "rule=centroid", holds: { $0.rule == .centroid })),
            .integer("centroid-piece-starts", \.centroidPieceStarts, min: 1, max: 1_000, valueName: "n",
                     help: "Centroid rule: k-means starts per piece of a class covered piecewise (default 1).",
                     when: (text: "rule=centroid", holds: { $0.rule == .centroid })),
            .integer("local-cover-threshold", \.localCoverThreshold, min: 1, valueName: "n",
                     help: "Classes with more rows are covered piecewise, in linear time (default 16384)."),
            .integer("local-cover-chunk", \.localCoverChunk, min: 2, valueName: "n",
                     help: "Rows per piece when a class is covered piecewise (default 512)."),
            .choice("refine", \.refine, valueName: "search",
                    help: "Local search after the rule: auto (default; swap on inputs of at most refine-auto-rows rows, none above), none, or swap (swaps within classes that raise the kept rows' 1-NN agreement with the target)."),
            withNetwork(.choice("refine-target", \.refineTarget, valueName: "target",
                                help: "What the swap search makes the kept rows' 1-NN reproduce: labels, network (the network's predictions), or agreed (the labels, on the rows the network predicts them for).",
                                when: (text: "refine=swap or auto", holds: { $0.refine != .none }))),
            withNetwork(.choice("refine-order", \.refineOrder, valueName: "order",
                                help: "Order of the swap search's candidates: score (the network's score, highest first; default), unsure (lowest first), or random (seeded).",
                                when: (text: "refine=swap or auto", holds: { $0.refine != .none }))),
            .integer("refine-rounds", \.swapSearch.rounds, min: 1, max: 1_000, valueName: "n",
                     help: "Rounds of the swap search (default 4).", when: (text: "refine=swap or auto", holds: { $0.refine != .none })),
            .integer("refine-candidates", \.swapSearch.candidatesPerKept, min: 1, max: 1_000, valueName: "n",
                     help: "Candidates per round of the swap search, per kept row (default 4).",
                     when: (text: "refine=swap or auto", holds: { $0.refine != .none })),
            .integer("refine-auto-rows", \.swapSearch.autoRows, min: 0, max: Int(Int32.max), valueName: "n",
                     help: "refine=auto searches on inputs of at most n rows (default 131072).",
                     when: (text: "refine=auto", holds: { $0.refine == .auto })),
            .integer("refine-piece", \.swapSearch.pieceRows, min: 2, max: 1 << 30, valueName: "n",
                     help: "Larger inputs are refined in seeded random pieces of about n rows, so the cost grows as n times this (default 4096).",
                     when: (text: "refine=swap or auto", holds: { $0.refine != .none })),
            withNetwork(.integer("output-classes", \.outputClasses, min: 2, max: 65_536, valueName: "n",
                                 help: "Most classes the network tells apart; beyond them the smallest classes share one output, so training stays linear in the rows (default 256).")),
            withNetwork(.flag("standardize-network-input", \.standardizeNetworkInput,
                              help: "Give the network z-scored features (default true).")),
        ]
        let networkParameters = GATConfiguration.parameterTable.parameters.map {
            withNetwork($0.lifted(get: { (s: GAISSelector) in s.network }, set: { $0.network = $1 }))
        }
        let minibatch = MiniBatchGraph.parameterTable.parameters.map {
            withNetwork($0.lifted(variants: variants([.minibatch]),
                                  get: { (s: GAISSelector) -> MiniBatchGraph? in
                                      if case .minibatch(let m) = s.graph { return m }; return nil
                                  },
                                  set: { $0.graph = .minibatch($1) }))
        }
        let edges = EdgeConfiguration.parameterTable.parameters.map {
            withNetwork($0.lifted(variants: variants([.minibatch, .lsh, .lshMultilevel, .lshMultiview]),
                                  get: { (s: GAISSelector) in s.graph.edges },
                                  set: { s, edges in
                                      switch s.graph {
                                      case .minibatch(var m): m.edges = edges; s.graph = .minibatch(m)
                                      case .hashing(var h): h.edges = edges; s.graph = .hashing(h)
                                      case .chunk: break
                                      }
                                  }))
        }
        let hashing = HashGraph.parameterTable.parameters.map { parameter in
            let own = parameter.variants.map { $0.map { "gais-\($0)" } }
            return withNetwork(parameter.lifted(variants: own ?? variants([.lsh, .lshMultilevel, .lshMultiview]),
                                                get: { (s: GAISSelector) -> HashGraph? in
                                                    if case .hashing(let h) = s.graph { return h }; return nil
                                                },
                                                set: { $0.graph = .hashing($1) }))
        }
        let chunk = ChunkGraph.parameterTable.parameters.map {
            withNetwork($0.lifted(variants: variants([.chunk]),
                                  get: { (s: GAISSelector) -> ChunkGraph? in
                                      if case .chunk(let c) = s.graph { return c }; return nil
                                  },
                                  set: { $0.graph = .chunk($1) }))
        }
        // The builders' own relations, checked on the lifted configuration.
        let relations: [ParameterRelation<GAISSelector>] = [
            ParameterRelation(["bucket-cap", "graph-neighbors"]) { s, variant in
                guard case .hashing(let h) = s.graph else { return nil }
                return HashGraph.parameterTable.relations.lazy.compactMap { $0.check(h, variant) }.first
            },
            ParameterRelation(["overlap", "window"]) { s, variant in
                guard case .chunk(let c) = s.graph else { return nil }
                return ChunkGraph.parameterTable.relations.lazy.compactMap { $0.check(c, variant) }.first
            },
        ]
        return ParameterTable(selection + networkParameters + minibatch + edges + hashing + chunk,
                              relations: relations, exclusive: [SubsetSize.parameterNames])
    }()
}
