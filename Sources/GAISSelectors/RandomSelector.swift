import GAISCore

/// A stratified random subset: per class `c`, `size.quotas(...)[c]` rows drawn uniformly
/// without replacement. The baseline every selector must beat (method.md §6).
///
/// - Parameter size: rows kept per class (see `SubsetSize`; default keeps 4 % of each class).
/// - Complexity: O(n) time and memory.
public struct RandomSelector: SizedSelector {
    public static let methodName = "random"
    /// How many rows to keep per class.
    public var size: SubsetSize

    public init(size: SubsetSize = .default) {
        self.size = size
    }

    public static var parameterTable: ParameterTable<Self> {
        ParameterTable(Parameter.sizes(\.size), exclusive: [SubsetSize.parameterNames])
    }

    public var needsFeatures: Bool { false }

    public func promisedQuotas(classCounts: [Int]) -> [Int]? { size.quotas(classCounts: classCounts) }

    public func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        let groups = data.rowsByClass
        let quotas = size.quotas(classCounts: groups.map(\.count))
        var kept: [Int] = []
        for (c, var rows) in groups.enumerated() where quotas[c] > 0 {
            // One independent stream per class: a class's draw does not depend on the others.
            var generator = seed.child("class").child(c).generator
            // Partial Fisher–Yates: the first quota positions become a uniform sample.
            for i in 0..<quotas[c] {
                let j = i + generator.nextInt(below: rows.count - i)
                rows.swapAt(i, j)
            }
            kept.append(contentsOf: rows[0..<quotas[c]])
        }
        return SelectorOutput(indices: kept)
    }
}
