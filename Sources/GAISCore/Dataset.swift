/// An encoded, labelled table: what every selector, graph builder and classifier works on.
///
/// Features are stored row-major in one contiguous `[Float]` (`rowCount × featureCount`), so
/// hot loops can walk them through `UnsafeBufferPointer` without per-row allocations. Labels are
/// class indices in `0..<classCount`; `classNames[c]` is the original text of class `c`.
public struct Dataset: Sendable {
    /// Row-major feature values, `features[i * featureCount + j]`.
    public var features: [Float]
    /// Class index of each row, in `0..<classCount`.
    public var labels: [Int32]
    /// Number of rows.
    public let rowCount: Int
    /// Number of encoded features per row.
    public let featureCount: Int
    /// The original text of each class, indexed by class.
    public var classNames: [String]

    /// Number of classes (including classes that may have no rows in a subset).
    public var classCount: Int { classNames.count }

    /// Creates a dataset, checking shapes.
    /// - Precondition: `features.count == labels.count * featureCount`, every label in
    ///   `0..<classNames.count`.
    public init(features: [Float], featureCount: Int, labels: [Int32], classNames: [String]) {
        precondition(featureCount >= 0 && features.count == labels.count * featureCount,
                     "features must hold labels.count × featureCount values")
        precondition(labels.allSatisfy { $0 >= 0 && Int($0) < classNames.count }, "label out of range")
        self.features = features
        self.labels = labels
        self.rowCount = labels.count
        self.featureCount = featureCount
        self.classNames = classNames
    }

    /// Creates a dataset whose class names are `"0"`, `"1"`, … (handy in tests).
    public init(features: [Float], featureCount: Int, labels: [Int]) {
        let classCount = (labels.max() ?? -1) + 1
        self.init(features: features, featureCount: featureCount, labels: labels.map { Int32($0) },
                  classNames: (0..<classCount).map(String.init))
    }

    /// The feature values of row `i`.
    @inlinable
    public func row(_ i: Int) -> ArraySlice<Float> {
        features[i * featureCount ..< (i + 1) * featureCount]
    }

    /// Number of rows of each class.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[Int(label)] += 1 }
        return counts
    }

    /// Row indices of each class, ascending.
    public var rowsByClass: [[Int]] {
        var groups = [[Int]](repeating: [], count: classCount)
        for (i, label) in labels.enumerated() { groups[Int(label)].append(i) }
        return groups
    }

    /// The rows at `indices` (in the given order), with the same classes.
    public func subset(_ indices: [Int]) -> Dataset {
        var values = [Float]()
        values.reserveCapacity(indices.count * featureCount)
        for i in indices { values.append(contentsOf: row(i)) }
        return Dataset(features: values, featureCount: featureCount,
                       labels: indices.map { labels[$0] }, classNames: classNames)
    }
}
