import GAISCore

extension Table {
    /// Every row's shard key (`StratifiedShards`): its class name, then each feature column's
    /// value as the reader holds it (a number as its Float, a text value as its text, missing as
    /// missing), in file order.
    public func shardKeys(seed: UInt64, context: ExecutionContext = .allCores) -> [UInt64] {
        let classWords = classNames.map { StratifiedShards.word(text: $0) }
        // Per column: nil for a number, else the word of each category.
        let categoryWords: [[UInt64]?] = columns.map { column in
            if case .categorical(let categories) = column.kind { return categories.map { StratifiedShards.word(text: $0) } }
            return nil
        }
        let m = columns.count
        return values.withUnsafeBufferPointer { values in
            StratifiedShards.keys(
                rowCount: rowCount, columnCount: m, seed: seed, context: context,
                labelWord: { classWords[Int(labels[$0])] },
                valueWord: { r, j in
                    let x = values[r * m + j]
                    guard let words = categoryWords[j] else { return StratifiedShards.word(number: x) }
                    return x.isNaN ? StratifiedShards.missingWord : words[Int(x)]
                })
        }
    }
}
