import GAISCore

extension GraphBuilder {
    /// Deals the rows into m = ⌈n/B⌉ stratified batches (method.md §2, `minibatch`).
    ///
    /// Each class's rows are shuffled, the classes are laid end to end, and the rows are dealt
    /// round-robin (row t of that sequence to batch t mod m). So every batch holds ⌊n_c/m⌋ or
    /// ⌈n_c/m⌉ rows of class c and ⌊n/m⌋ or ⌈n/m⌉ rows in all. Rows inside a batch are ascending.
    /// - Parameters:
    ///   - labels: class of each row (≥ 0).
    ///   - batchSize: B ≥ 1.
    /// - Complexity: O(n log B).
    public static func stratifiedBatches(labels: [Int32], batchSize: Int,
                                         generator: inout SeededGenerator) -> [[Int32]] {
        let n = labels.count
        guard n > 0 else { return [] }
        let batchCount = (n + batchSize - 1) / batchSize
        let classCount = Int(labels.max() ?? 0) + 1
        var byClass = [[Int32]](repeating: [], count: classCount)
        for (i, label) in labels.enumerated() { byClass[Int(label)].append(Int32(i)) }
        var batches = [[Int32]](repeating: [], count: batchCount)
        for b in 0..<batchCount { batches[b].reserveCapacity(n / batchCount + 1) }
        var t = 0
        for c in 0..<classCount {
            generator.shuffle(&byClass[c])
            for row in byClass[c] {
                batches[t % batchCount].append(row)
                t += 1
            }
        }
        for b in 0..<batchCount { batches[b].sort() }
        return batches
    }
}
