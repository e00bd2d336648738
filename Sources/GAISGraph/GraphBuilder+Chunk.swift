import GAISCore

extension GraphBuilder {
    /// Cuts a shuffled order of the rows into overlapping windows (method.md §2, `chunk`,
    /// after Rustamov et al., IEEE ICKG 2024): windows of `window` rows starting every
    /// `window − overlap` rows, the last one ending at row n. Rows inside a window are ascending.
    /// - Parameters:
    ///   - window: w ≥ 2.
    ///   - overlap: o in 0..<w.
    /// - Complexity: O(n + n/(w−o)·w log w).
    public static func windows(rowCount n: Int, window: Int, overlap: Int,
                               generator: inout SeededGenerator) -> [[Int32]] {
        guard n > 0 else { return [] }
        var order = (0..<n).map { Int32($0) }
        generator.shuffle(&order)
        var result: [[Int32]] = []
        var start = 0
        while true {
            let end = min(n, start + window)
            result.append(order[start..<end].sorted())
            if end == n { break }
            start = end - overlap
        }
        return result
    }
}
