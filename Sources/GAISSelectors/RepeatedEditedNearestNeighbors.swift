import GAISCore
import GAISNeighbors

/// Repeated Edited Nearest Neighbour (RENN): Wilson's edit applied again and again to what is
/// left, until an edit removes nothing.
///
/// I. Tomek, "An experiment with the edited nearest-neighbor rule", IEEE Transactions on
/// Systems, Man, and Cybernetics 6(6), 1976 (the "repeated" variant of Wilson's rule).
///
/// Variant: each round is exactly `EditedNearestNeighborsSelector`'s edit (k nearest other
/// rows among the rows still kept, majority vote, ties to the nearest tied neighbour), all
/// removals of a round applied together. A class the edits would empty keeps its row nearest
/// its mean (in the input).
///
/// - Parameter neighbors: k, ≥ 1 (default 3).
/// - Complexity: O(rounds · n² · d); rounds is small in practice (every round removes a row).
public struct RepeatedEditedNearestNeighborsSelector: NeighborhoodSelector {
    public static let methodName = "renn"
    /// Neighbours that vote on each row, ≥ 1.
    public var neighbors = 3

    public init() {}

    public func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        var rows = Array(0..<data.rowCount)
        var rounds = 0
        while rows.count > 1 {
            let keep = EditedNearestNeighborsSelector.edit(rows, in: data, k: neighbors, context: run.context)
            rounds += 1
            let next = rows.indices.filter { keep[$0] }.map { rows[$0] }
            if next.count == rows.count { break }
            rows = next
        }
        return SelectorOutput(indices: rows, report: IterationReport("rounds", rounds))
    }
}
