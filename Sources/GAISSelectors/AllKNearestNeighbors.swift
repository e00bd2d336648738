import GAISCore
import GAISNeighbors

/// All-kNN: removes a row when any of the 1-NN, 2-NN, …, K-NN rules misclassifies it.
///
/// I. Tomek, "An experiment with the edited nearest-neighbor rule", IEEE Transactions on
/// Systems, Man, and Cybernetics 6(6), 1976 ("all k-NN" editing).
///
/// Variant: Tomek's. Every rule i = 1…K judges the *full input* (not what earlier rules left),
/// each row against its i nearest other rows with a majority vote (ties → the class of the
/// nearest tied neighbour); rows flagged by any rule are removed together. One neighbour search
/// with K neighbours serves every i. (imbalanced-learn's `AllKNN` differs: it edits
/// iteratively, each step on the rows the previous step kept.) A class the edit would empty
/// keeps its row nearest its mean.
///
/// - Parameter neighbors: K, ≥ 1 (default 3).
/// - Complexity: O(n² · d + n · K²) time, O(n · K) memory.
public struct AllKNearestNeighborsSelector: NeighborhoodSelector {
    public static let methodName = "allknn"
    /// The largest neighbourhood tried, ≥ 1.
    public var neighbors = 3

    public init() {}

    public func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        let rows = Array(0..<data.rowCount)
        let lists = NeighborhoodTools.neighbors(of: rows, in: data, k: neighbors, context: run.context)
        var keep = [Bool](repeating: true, count: data.rowCount)
        var votes = [Int](repeating: 0, count: data.classCount)
        for p in 0..<data.rowCount where lists.k > 0 {
            for i in 1...lists.k {
                let vote = NeighborhoodTools.majority(lists.neighbors(of: p), count: i, labels: data.labels, votes: &votes)
                if vote != data.labels[p] { keep[p] = false; break }
            }
        }
        return SelectorOutput(indices: rows.filter { keep[$0] })
    }
}
