import GAISCore

/// Stratified k-fold assignment: every fold gets about the same share of each class.
///
/// The rows of each class are shuffled (seeded) and dealt round-robin to the folds; each class
/// starts dealing at the fold where the previous class stopped, so fold sizes as well as each
/// class's per-fold counts differ by at most one.
public struct StratifiedKFold: Sendable {
    /// Number of folds, ≥ 2.
    public var folds: Int
    /// Seed of the shuffles.
    public var seed: UInt64

    public init(folds: Int = 10, seed: UInt64 = 0) {
        self.folds = folds
        self.seed = seed
    }

    /// Checks `folds` against the table's size.
    public func validate(rowCount: Int) throws {
        try GAISError.require(folds >= 2, "folds", of: "cross-validation", "at least 2", got: folds)
        try GAISError.require(folds <= rowCount, "folds", of: "cross-validation",
                              "at most the number of rows (\(rowCount))", got: folds)
    }

    /// The fold (in `0..<folds`) of every row of `labels`.
    /// - Complexity: O(n + classCount).
    public func assign(labels: [Int32], classCount: Int) -> [Int] {
        var byClass = [[Int]](repeating: [], count: classCount)
        for (i, label) in labels.enumerated() { byClass[Int(label)].append(i) }
        var generator = Seed(seed).child("folds").generator
        var foldOf = [Int](repeating: 0, count: labels.count)
        var next = 0
        for var rows in byClass {
            generator.shuffle(&rows)
            for row in rows {
                foldOf[row] = next
                next = (next + 1) % max(1, folds)
            }
        }
        return foldOf
    }

    /// The fold of every row of `data`.
    public func assign(_ data: Dataset) -> [Int] {
        assign(labels: data.labels, classCount: data.classCount)
    }

    /// Training and test row indices (ascending) of fold `fold` given an assignment.
    public static func split(foldOf: [Int], fold: Int) -> (train: [Int], test: [Int]) {
        var train: [Int] = [], test: [Int] = []
        for (i, f) in foldOf.enumerated() {
            if f == fold { test.append(i) } else { train.append(i) }
        }
        return (train, test)
    }
}
