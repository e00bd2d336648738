import GAISCore
import GAISNeighbors

/// DROP3 (Decremental Reduction Optimization Procedure 3): after a noise filter, removes rows
/// whose removal does not hurt the classification of their associates, farthest from the class
/// border first.
///
/// D. R. Wilson and T. R. Martinez, "Reduction techniques for instance-based learning
/// algorithms", Machine Learning 38(3), 2000.
///
/// Variant (as in the paper):
/// 1. Noise filter: ENN with k = `neighbors` (majority vote, ties to the nearest tied
///    neighbour). The rows left form T; nothing outside T is considered again.
/// 2. Every row of T keeps a list of its k+1 nearest rows among the rows still selected, S
///    (initially S = T); the associates of P are the rows (selected or not, as in DROP2/3)
///    whose list contains P.
/// 3. Rows of T are visited by decreasing distance to their nearest enemy in T (ties →
///    smaller row). For P: `with` counts associates whose k nearest listed rows vote for their
///    class; `without` counts associates whose list without P (k rows) votes for their class.
///    If without ≥ with, P leaves S, and each associate replaces P in its list by its next
///    nearest selected row (and becomes that row's associate).
/// A class left with no row keeps its row nearest its mean.
///
/// - Parameter neighbors: k, ≥ 1 (default 3).
/// - Complexity: O(n² · d) for the filter and the initial lists; each list refill after a
///   removal is amortised over a candidate buffer, with a full O(n · d) rescan when the buffer
///   runs out. Worst case O(n² · d · k) overall.
public struct DecrementalReductionOptimizationSelector: NeighborhoodSelector {
    public static let methodName = "drop3"
    /// Neighbours that vote, ≥ 1.
    public var neighbors = 3
    /// Extra candidates kept beyond each list, so most refills need no rescan.
    static let spareCandidates = 32

    public init() {}

    public func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        let k = neighbors
        let filtered = EditedNearestNeighborsSelector.edit(Array(0..<data.rowCount), in: data, k: k,
                                                           context: run.context)
        let rows = (0..<data.rowCount).filter { filtered[$0] }
        run.endStage("filter")
        let m = rows.count
        var alive = [Bool](repeating: true, count: m)
        let listSize = min(k + 1, m - 1)
        if listSize > 0 {
            let labels = rows.map { data.labels[$0] }
            let enemies = NeighborhoodTools.nearestEnemies(of: rows, in: data, context: run.context)
            let order = (0..<m).sorted {
                enemies.distances[$0] != enemies.distances[$1] ? enemies.distances[$0] > enemies.distances[$1] : $0 < $1
            }
            var lists = DynamicNeighborLists(rows: rows, data: data, listSize: listSize,
                                              candidates: min(m - 1, listSize + Self.spareCandidates),
                                              context: run.context)
            var votes = [Int](repeating: 0, count: data.classCount)
            for p in order {
                var with = 0, without = 0
                for a in lists.associates[p] {
                    let list = lists.list(of: a)
                    if NeighborhoodTools.majority(list[...], count: min(k, list.count), labels: labels, votes: &votes) == labels[a] {
                        with += 1
                    }
                    let rest = list.filter { $0 != Int32(p) }
                    if !rest.isEmpty,
                       NeighborhoodTools.majority(rest[...], count: rest.count, labels: labels, votes: &votes) == labels[a] {
                        without += 1
                    }
                }
                if without >= with {
                    alive[p] = false
                    lists.remove(p, alive: alive)
                }
            }
        }
        run.endStage("drop")
        return SelectorOutput(indices: rows.indices.filter { alive[$0] }.map { rows[$0] })
    }
}
