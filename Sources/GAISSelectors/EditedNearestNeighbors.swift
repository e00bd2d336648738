import GAISCore
import GAISNeighbors

/// Edited Nearest Neighbour (ENN): removes every row that the majority of its k nearest
/// neighbours would misclassify.
///
/// D. L. Wilson, "Asymptotic properties of nearest neighbor rules using edited data",
/// IEEE Transactions on Systems, Man, and Cybernetics 2(3), 1972.
///
/// Variant: one pass over all rows, each row judged against its k nearest *other* rows of the
/// full input (a duplicate row counts as a neighbour), all removals applied together. The vote
/// is a plain majority; a tie between classes goes to the class of the nearest of the tied
/// neighbours (so with k = 3 and three different classes, the nearest neighbour decides).
/// A row is kept when the vote equals its own class. (imbalanced-learn's
/// `EditedNearestNeighbours(kind_sel='mode')` is the same rule except that it breaks such ties
/// toward the smaller class label.) A class the edit would empty keeps its row nearest its mean.
///
/// - Parameter neighbors: k, ≥ 1 (default 3).
/// - Complexity: O(n² · d) time (the neighbour search, over all cores), O(n · k) memory.
public struct EditedNearestNeighborsSelector: NeighborhoodSelector {
    public static let methodName = "enn"
    /// Neighbours that vote on each row, ≥ 1.
    public var neighbors = 3

    public init() {}

    public func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        let keep = Self.edit(Array(0..<data.rowCount), in: data, k: neighbors, context: run.context)
        return SelectorOutput(indices: (0..<data.rowCount).filter { keep[$0] })
    }

    /// One Wilson edit of the active `rows` (ascending): for each position, whether the row is
    /// kept (its k nearest other active rows vote for its class). A lone active row is kept.
    /// - Complexity: O(rows.count² · d).
    static func edit(_ rows: [Int], in data: Dataset, k: Int, context: ExecutionContext) -> [Bool] {
        let lists = NeighborhoodTools.neighbors(of: rows, in: data, k: k, context: context)
        guard lists.k > 0 else { return [Bool](repeating: true, count: rows.count) }
        let labels = rows.map { data.labels[$0] }
        var votes = [Int](repeating: 0, count: data.classCount)
        var keep = [Bool](repeating: true, count: rows.count)
        for p in 0..<rows.count {
            let vote = NeighborhoodTools.majority(lists.neighbors(of: p), count: lists.k, labels: labels, votes: &votes)
            keep[p] = vote == labels[p]
        }
        return keep
    }
}
