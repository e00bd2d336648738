import GAISCore

/// A stratified random subset: per class `c`, `size.quotas(...)[c]` rows drawn uniformly
/// without replacement. The baseline every selector must beat (method.md §6).
///
/// - Parameter size: rows kept per class (see `SubsetSize`; default keeps 4 % of each class).
/// - Complexity: O(n) time and memory.
public struct RandomSelector: InstanceSelector {
    public static let methodName = "random"
    /// How many rows to keep per class.
    public var size: SubsetSize

    public init(size: SubsetSize = .default) {
        self.size = size
    }

    public var parameters: [(name: String, value: String)] { [("size", size.description)] }

    public func validate() throws {
        try size.validate(owner: Self.methodName)
    }

    public func select(from data: Dataset, seed: UInt64) throws -> Selection {
        try validate()
        try checkInput(data)
        var watch = Stopwatch()
        let groups = data.rowsByClass
        let quotas = size.quotas(classCounts: groups.map(\.count))
        var kept: [Int] = []
        for (c, var rows) in groups.enumerated() where quotas[c] > 0 {
            // One independent stream per class: a class's draw does not depend on the others.
            var generator = SeededGenerator(seed: seed, stream: UInt64(c))
            // Partial Fisher–Yates: the first quota positions become a uniform sample.
            for i in 0..<quotas[c] {
                let j = i + generator.nextInt(below: rows.count - i)
                rows.swapAt(i, j)
            }
            kept.append(contentsOf: rows[0..<quotas[c]])
        }
        kept.sort()
        return Selection(indices: kept, stageSeconds: [("select", watch.lap())])
    }
}
