/// The shard rule: how a labelled table is cut into `n` stratified shards that can be selected
/// independently (`gais select --shard i/n`, the C interface's `gais_shard_keys`, and through it
/// the Python package's `gais.spark`), so the union of the per-shard selections is a stratified
/// selection of the whole table.
///
/// The rule, in full (docs/spark.md spells it the same way):
///
/// 1. **Key.** Each row's 64-bit key is a hash of the seed, its label and its feature values,
///    in column order: `h ← Seed(seed).child("shard-key")`, then `h ← mix(h, word)` for the
///    label's word and then each feature value's word, where `mix` is `Seed`'s parent–child
///    mixing (SplitMix64's finaliser) and a value's word is
///    - a number: the bit pattern of its 32-bit float value (−0 taken as +0), zero-extended;
///    - a text value (category, class name): the FNV-1a 64 hash of its UTF-8 bytes;
///    - missing: `missingWord`.
///    The key depends on the row's content only — not on its position, the file, the number of
///    partitions or threads — so any program that sees the same values computes the same key.
/// 2. **Rank.** Within each class, rows are ranked by key ascending (as unsigned 64-bit
///    integers); equal keys (equal rows, or a 64-bit collision) go by row order.
/// 3. **Shard.** A row's shard is its rank modulo `n`. Shard `s` therefore holds ⌈n_c / n⌉ or
///    ⌊n_c / n⌋ rows of every class `c` (class `c` is in shard `s` iff `s < n_c`).
/// 4. **Order and seed.** A shard's rows are selected in key order (ties by row order), with the
///    seed `shardSeed(seed, s)`; the optional merge pass over the union uses `mergeSeed(seed)`.
public enum StratifiedShards {
    /// The word of a missing value (no number's word: those fit in 32 bits; a text's word may
    /// equal it only by a 2⁻⁶⁴ chance).
    public static let missingWord: UInt64 = 0xFFFF_FFFF_FFFF_FFFF

    /// The key before any word is mixed in.
    @inlinable
    public static func initialKey(seed: UInt64) -> UInt64 { Seed(seed).child("shard-key").value }

    /// `key` with one more word mixed in.
    @inlinable
    public static func mixing(_ key: UInt64, _ word: UInt64) -> UInt64 { Seed.mix(key, word) }

    /// The word of a number, as its 32-bit float (the type the engine holds values in).
    @inlinable
    public static func word(number value: Float) -> UInt64 {
        if value.isNaN { return missingWord }
        return value == 0 ? 0 : UInt64(value.bitPattern)
    }

    /// The word of a text value: FNV-1a 64 of its UTF-8 bytes.
    @inlinable
    public static func word(text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// Every row's key, from the word of its label and of each of its `columnCount` values
    /// (`valueWord(row, column)`, columns in order). In parallel; the result does not depend on
    /// the thread count.
    public static func keys(rowCount: Int, columnCount: Int, seed: UInt64, context: ExecutionContext = .allCores,
                            labelWord: (Int) -> UInt64, valueWord: (Int, Int) -> UInt64) -> [UInt64] {
        let start = initialKey(seed: seed)
        return withoutActuallyEscaping(labelWord) { labelWord in
            withoutActuallyEscaping(valueWord) { valueWord in
                let words = UncheckedSendable((labelWord, valueWord))
                return [UInt64](unsafeUninitializedCapacity: rowCount) { out, initialized in
                    let box = UnsafeMutableSendableBuffer(out)
                    Parallel.forEachChunk(count: rowCount, grain: 4096, context: context) { rows in
                        for r in rows {
                            var key = mixing(start, words.value.0(r))
                            for j in 0..<columnCount { key = mixing(key, words.value.1(r, j)) }
                            box.base[r] = key
                        }
                    }
                    initialized = rowCount
                }
            }
        }
    }

    /// The shard of every row: its rank within its class by (key, row index), modulo `count`.
    /// - Precondition: `keys.count == labels.count`, labels in `0..<classCount`, `count ≥ 1`.
    /// - Complexity: O(n log n).
    public static func assign(keys: [UInt64], labels: [Int32], classCount: Int, count: Int) -> [Int32] {
        precondition(keys.count == labels.count && count >= 1)
        var byClass = [[Int]](repeating: [], count: classCount)
        for (i, label) in labels.enumerated() { byClass[Int(label)].append(i) }
        var shards = [Int32](repeating: 0, count: keys.count)
        for rows in byClass {
            // Rows are ascending, so the index breaks ties between equal keys.
            let ranked = rows.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
            for (rank, row) in ranked.enumerated() { shards[row] = Int32(rank % count) }
        }
        return shards
    }

    /// The rows of shard `shard` in the order they are selected in: by key, ties by index.
    public static func rows(of shard: Int, shards: [Int32], keys: [UInt64]) -> [Int] {
        let rows = shards.indices.filter { shards[$0] == Int32(shard) }
        return rows.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
    }

    /// The seed shard `shard` is selected with.
    public static func shardSeed(_ seed: UInt64, shard: Int) -> UInt64 {
        Seed(seed).child("shard").child(shard).value
    }

    /// The seed of the merge pass (one more selection over the union of the shards' rows).
    public static func mergeSeed(_ seed: UInt64) -> UInt64 {
        Seed(seed).child("shard-merge").value
    }

    /// Parses `I/N` (0 ≤ I < N): the CLI's `--shard`.
    /// - Throws: `GAISError.invalidInput` naming the rule.
    public static func parse(_ text: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let digits = { (part: Substring) in !part.isEmpty && part.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        guard parts.count == 2, digits(parts[0]), digits(parts[1]),
              let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i < n else {
            throw GAISError.invalidInput("--shard must be I/N with whole numbers 0 ≤ I < N (shards are numbered from 0), got \(text.quotedForMessage)")
        }
        return (i, n)
    }
}
