import GAIS

extension ArrayTable {
    /// Every row's shard key (`StratifiedShards`), the same as `Table.shardKeys` gives for a file
    /// holding these rows: the class name, then each column's value in position order (a number
    /// as its Float, a category by its name, missing as missing).
    /// - Throws: `GAISError.invalidInput` for a missing or out-of-range label or category code.
    public func shardKeys(seed: UInt64, context: ExecutionContext = .allCores) throws -> [UInt64] {
        for r in 0..<rowCount {
            let code = labels[r]
            if code == -1 { throw GAISError.invalidInput("row \(r): missing class label") }
            guard code >= 0 && Int(code) < classNames.count else {
                throw GAISError.invalidInput("row \(r): class code \(code) is outside 0..<\(classNames.count) (the number of class names)")
            }
        }
        let q = categoricalCount
        for r in 0..<rowCount {
            for k in 0..<q {
                let code = codes[r * q + k]
                guard code >= -1 && Int(code) < categories[k].count else {
                    throw GAISError.invalidInput("row \(r), column \(categoricalPositions[k]): category code \(code) is outside -1..<\(categories[k].count) (-1 = missing)")
                }
            }
        }
        let classWords = classNames.map { StratifiedShards.word(text: $0) }
        let categoryWords = categories.map { $0.map { StratifiedShards.word(text: $0) } }
        // Each column position: (true, categorical index) or (false, numeric index).
        var slots: [(categorical: Bool, index: Int)] = []
        var numericIndex = 0, categoricalIndex = 0
        for p in 0..<columnCount {
            if categoricalIndex < q && categoricalPositions[categoricalIndex] == p {
                slots.append((true, categoricalIndex))
                categoricalIndex += 1
            } else {
                slots.append((false, numericIndex))
                numericIndex += 1
            }
        }
        let p = numericCount
        let numberAt: (Int) -> Float
        switch numeric {
        case .float32(let values): numberAt = { values[$0] }
        case .float64(let values): numberAt = { Float(values[$0]) }
        }
        return StratifiedShards.keys(
            rowCount: rowCount, columnCount: columnCount, seed: seed, context: context,
            labelWord: { classWords[Int(labels[$0])] },
            valueWord: { r, j in
                let slot = slots[j]
                if slot.categorical {
                    let code = codes[r * q + slot.index]
                    return code < 0 ? StratifiedShards.missingWord : categoryWords[slot.index][Int(code)]
                }
                return StratifiedShards.word(number: numberAt(r * p + slot.index))
            })
    }
}
