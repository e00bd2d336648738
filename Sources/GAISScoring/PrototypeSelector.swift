import GAISCore

/// Per-class k-means medoids: the strongest simple prototype rule (method.md §5), with no graph
/// and no network.
///
/// Per class c: k-means with k = q_c (k-means++ seeding, Arthur & Vassilvitskii 2007; Lloyd
/// iterations, Lloyd 1982, until the assignment stops changing or `iterations` is reached),
/// `starts` seeded starts keeping the lowest inertia (as scikit-learn's `n_init`), then the row
/// nearest each centre (ties to the smaller row). Quotas above 256 use two-level k-means and
/// classes above `pieces.threshold` rows are done piecewise (`PerClassPieces`), so the cost
/// stays linear in n.
///
/// - Complexity: O(starts · iterations · n_c · q_c · d) per class (√q_c for q_c > 256).
public struct PrototypeSelector: SizedSelector {
    public static let methodName = "prototypes"
    /// Rows kept per class.
    public var size: SubsetSize = .default
    /// Most Lloyd iterations per start, ≥ 0.
    public var iterations = 300
    /// Seeded k-means starts per class, the lowest inertia kept, ≥ 1.
    public var starts = 3
    public var pieces = PerClassPieces()

    public init() {}

    public static let parameterTable = ParameterTable<PrototypeSelector>(Parameter.sizes(\.size) + [
        .integer("iterations", \.iterations, min: 0, max: 100_000, valueName: "n",
                 help: "Most Lloyd iterations per k-means start; they stop earlier once stable (default 300)."),
        .integer("starts", \.starts, min: 1, max: 1_000, valueName: "n",
                 help: "Seeded k-means starts per class, the lowest inertia kept (default 3)."),
    ] + PerClassPieces.parameters(\.pieces), exclusive: [SubsetSize.parameterNames])

    public func promisedQuotas(classCounts: [Int]) -> [Int]? { size.quotas(classCounts: classCounts) }

    /// Selects the medoids; every row stands for the medoid of its k-means group.
    public func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        let quotas = size.quotas(classCounts: data.classCounts)
        let (kept, representatives) = pieces.chooseGroups(
            rowsByClass: data.rowsByClass, quotas: quotas, rowCount: data.rowCount, seed: seed, context: run.context) {
            rows, quota, seed, context in
            PerClassRules.centroidGroups(rows: rows, quota: quota, points: data.features, dimension: data.featureCount,
                                         iterations: iterations, starts: starts, seed: seed, context: context)
        }
        return SelectorOutput(indices: kept, representatives: representatives)
    }

    /// The medoids of the best of `starts` k-means runs of `rows` into `quota` groups (the
    /// `centroid` rule of `PerClassRules`, which GAIS's `rule=centroid` shares).
    static func medoids(rows: [Int], quota: Int, points: [Float], dimension d: Int, iterations: Int, starts: Int,
                        seed: Seed, context: ExecutionContext) -> [Int] {
        PerClassRules.centroid(rows: rows, quota: quota, points: points, dimension: d, iterations: iterations,
                               starts: starts, seed: seed, context: context)
    }
}

extension KMeans {
    /// Σ of squared distances from each point to its cluster's centroid, in Double, point order.
    public static func inertia(points: [Float], dimension d: Int, result: KMeansResult) -> Double {
        var total = 0.0
        for (i, g) in result.assignments.enumerated() {
            for j in 0..<d {
                let t = Double(points[i * d + j]) - Double(result.centroids[g * d + j])
                total += t * t
            }
        }
        return total
    }
}
