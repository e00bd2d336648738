import GAISCore

/// The classic selectors by `--method` name, so a command line can map a name to a selector.
public enum ClassicSelectors {
    /// Every name `named(_:neighbors:size:)` accepts, in the order reports list them.
    public static let allNames: [String] = [
        RandomSelector.methodName,
        CondensedNearestNeighborSelector.methodName,
        EditedNearestNeighborsSelector.methodName,
        RepeatedEditedNearestNeighborsSelector.methodName,
        AllKNearestNeighborsSelector.methodName,
        IterativeCaseFilteringSelector.methodName,
        DecrementalReductionOptimizationSelector.methodName,
        LocalSetSmootherSelector.methodName,
        LocalSetBorderSelector.methodName,
    ]

    /// Names whose selector takes a neighbour count k.
    public static let namesTakingNeighbors: Set<String> = ["enn", "renn", "allknn", "icf", "drop3"]

    /// The selector called `name` (case-insensitive), or nil for an unknown name.
    /// - Parameters:
    ///   - neighbors: k for the selectors that take one (nil → their default, 3); ignored by
    ///     the others. Not validated here: call `validate()` on the result.
    ///   - size: subset size for `random` (nil → `SubsetSize.default`); ignored by the others.
    public static func named(_ name: String, neighbors: Int? = nil, size: SubsetSize? = nil) -> (any InstanceSelector)? {
        let k = neighbors ?? 3
        switch name.lowercased() {
        case RandomSelector.methodName: return RandomSelector(size: size ?? .default)
        case CondensedNearestNeighborSelector.methodName: return CondensedNearestNeighborSelector()
        case EditedNearestNeighborsSelector.methodName: return EditedNearestNeighborsSelector(neighbors: k)
        case RepeatedEditedNearestNeighborsSelector.methodName: return RepeatedEditedNearestNeighborsSelector(neighbors: k)
        case AllKNearestNeighborsSelector.methodName: return AllKNearestNeighborsSelector(neighbors: k)
        case IterativeCaseFilteringSelector.methodName: return IterativeCaseFilteringSelector(neighbors: k)
        case DecrementalReductionOptimizationSelector.methodName: return DecrementalReductionOptimizationSelector(neighbors: k)
        case LocalSetSmootherSelector.methodName: return LocalSetSmootherSelector()
        case LocalSetBorderSelector.methodName: return LocalSetBorderSelector()
        default: return nil
        }
    }
}
