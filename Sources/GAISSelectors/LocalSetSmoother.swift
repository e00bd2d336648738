import GAISCore
import GAISNeighbors

/// LSSm, the local-set-based smoother: removes the rows that harm more rows than they help.
///
/// E. Leyva, A. González and R. Pérez, "Three new instance selection methods based on local
/// sets: A comparative study with several approaches from a bi-objective perspective",
/// Pattern Recognition 48(4), 2015.
///
/// Variant: one pass over the full input. With LS(x) the rows of x's class strictly nearer to
/// x than its nearest enemy, the usefulness u(x) = |{x' ≠ x : x ∈ LS(x')}| and the harmfulness
/// h(x) = |{x' : x is the nearest enemy of x'}| (nearest-enemy ties → smaller row). A row is
/// removed when u(x) < h(x). The paper's sets include x itself; we do not count x in u(x), so
/// a row that is nobody's local neighbour but somebody's nearest enemy is removed. A class
/// left with no row keeps its row nearest its mean.
///
/// - Complexity: O(n² · d) (nearest enemies and local sets, over all cores), O(n) memory.
public struct LocalSetSmootherSelector: InstanceSelector {
    public static let methodName = "lssm"

    public init() {}

    public static var parameterTable: ParameterTable<Self> { ParameterTable([]) }

    public func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        SelectorOutput(indices: Self.smooth(Array(0..<data.rowCount), in: data, context: run.context))
    }

    /// The rows of `rows` (ascending) that LSSm keeps, ascending.
    static func smooth(_ rows: [Int], in data: Dataset, context: ExecutionContext) -> [Int] {
        let stats = NeighborhoodTools.localSets(of: rows, in: data, context: context)
        var harmfulness = [Int](repeating: 0, count: rows.count)
        for e in stats.enemy where e >= 0 { harmfulness[e] += 1 }
        return rows.indices.filter { stats.coverage[$0] >= harmfulness[$0] }.map { rows[$0] }
    }
}
