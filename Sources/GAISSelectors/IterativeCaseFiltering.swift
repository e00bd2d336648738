import GAISCore
import GAISNeighbors

/// Iterative Case Filtering (ICF): after a Wilson edit, repeatedly removes the rows whose
/// local set is larger than the number of local sets they belong to (rows deep inside their
/// class, which other rows already represent).
///
/// H. Brighton and C. Mellish, "Advances in instance selection for instance-based learning
/// algorithms", Data Mining and Knowledge Discovery 6(2), 2002.
///
/// Variant (as in the paper): the local set LS(x) is the set of rows of x's class strictly
/// nearer to x than x's nearest enemy. reachable(x) = LS(x), coverage(x) = {x' : x ∈ LS(x')}.
/// x itself is left out of both counts (the paper counts it in both: the comparison is the
/// same). First ENN (k = `neighbors`, majority vote, ties to the nearest tied neighbour);
/// then, until a round removes nothing, local sets are recomputed on the rows left
/// and every row with |reachable| > |coverage| is removed (all of a round together). A class
/// left with no row keeps its row nearest its mean.
///
/// - Parameter neighbors: k of the ENN pre-filter, ≥ 1 (default 3).
/// - Complexity: O(n² · d) for the edit, then O(Σ_c n_c² · d) per round.
public struct IterativeCaseFilteringSelector: NeighborhoodSelector {
    public static let methodName = "icf"
    /// Neighbours of the ENN pre-filter, ≥ 1.
    public var neighbors = 3

    public init() {}

    public func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        let all = Array(0..<data.rowCount)
        let edited = EditedNearestNeighborsSelector.edit(all, in: data, k: neighbors, context: run.context)
        var rows = all.filter { edited[$0] }
        run.endStage("edit")
        var rounds = 0
        while rows.count > 1 {
            rounds += 1
            let stats = NeighborhoodTools.localSets(of: rows, in: data, context: run.context)
            let next = rows.indices.filter { stats.localSetSize[$0] <= stats.coverage[$0] }.map { rows[$0] }
            if next.count == rows.count { break }
            rows = next
        }
        run.endStage("filter")
        return SelectorOutput(indices: rows, report: IterationReport("rounds", rounds))
    }
}
