/// The classes the network tells apart.
///
/// The network's output layer costs O(rows · classes · hidden) per pass, so a table with
/// thousands of tiny classes (10,000 classes of two rows each, say) would make training
/// quadratic in the rows while teaching it nothing: such classes keep one row each whatever
/// their scores. Beyond `limit` classes, the `limit − 1` largest keep an output of their own
/// and all the others share the last one. Selection itself stays per data class (quotas and
/// groups are unchanged); a row of a shared class is scored by the shared output.
struct NetworkClasses: Equatable {
    /// The network output of each data class.
    let outputOfClass: [Int32]
    /// The number of network outputs, ≤ max(limit, 1).
    let count: Int

    /// - Parameters:
    ///   - classCounts: rows per data class.
    ///   - limit: the most outputs, ≥ 2.
    init(classCounts: [Int], limit: Int) {
        precondition(limit >= 2)
        let classes = classCounts.count
        guard classes > limit else {
            outputOfClass = (0..<classes).map(Int32.init)
            count = classes
            return
        }
        // Largest first; equal sizes in class order, so the mapping depends on the counts only.
        let bySize = (0..<classes).sorted { classCounts[$0] != classCounts[$1] ? classCounts[$0] > classCounts[$1] : $0 < $1 }
        var outputs = [Int32](repeating: Int32(limit - 1), count: classes)
        for (rank, c) in bySize.prefix(limit - 1).enumerated() { outputs[c] = Int32(rank) }
        outputOfClass = outputs
        count = limit
    }

    /// Whether every data class has an output of its own.
    var isIdentity: Bool { count == outputOfClass.count }

    /// The network label of each row.
    func labels(_ labels: [Int32]) -> [Int32] {
        isIdentity ? labels : labels.map { outputOfClass[Int($0)] }
    }
}
