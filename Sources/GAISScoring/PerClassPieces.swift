import GAISCore

/// Runs a per-class choice over every class, piecewise for large classes, so that selectors
/// whose per-class cost grows faster than linearly (k-means, facility location, k-center)
/// stay linear in n.
///
/// A class with more rows than `threshold` is shuffled (seed `classSeed.child("pieces")`) and
/// cut into pieces of about `pieceRows` rows; each piece chooses its share of the class quota
/// (largest remainders), pieces in parallel with one thread each. Smaller classes choose with
/// the whole context. Deterministic: pieces and their seeds depend only on the seed and the data.
public struct PerClassPieces: Sendable {
    /// Classes with more rows than this are chosen piecewise, ≥ 1.
    public var threshold: Int
    /// Rows per piece, ≥ 2.
    public var pieceRows: Int

    public init(threshold: Int = 16_384, pieceRows: Int = 512) {
        self.threshold = threshold
        self.pieceRows = pieceRows
    }

    /// The rows `choose(rows, quota, seed, context)` keeps in every class with a positive quota,
    /// class c seeded with `seed.child(c)` (a piece p of it with `.child("piece").child(p)`).
    public func choose(rowsByClass: [[Int]], quotas: [Int], seed: Seed, context: ExecutionContext,
                       piecewise: Bool = true,
                       _ choose: ([Int], Int, Seed, ExecutionContext) -> [Int]) -> [Int] {
        var kept: [Int] = []
        for (c, rows) in rowsByClass.enumerated() where quotas[c] > 0 {
            let classSeed = seed.child(c)
            guard piecewise && rows.count > threshold else {
                kept += choose(rows, quotas[c], classSeed, context)
                continue
            }
            var shuffled = rows
            var generator = classSeed.child("pieces").generator
            generator.shuffle(&shuffled)
            let pieceCount = (rows.count + pieceRows - 1) / pieceRows
            let pieces = (0..<pieceCount).map { p in
                Array(shuffled[p * rows.count / pieceCount ..< (p + 1) * rows.count / pieceCount]).sorted()
            }
            let shares = SubsetSize.count(quotas[c]).quotas(classCounts: pieces.map(\.count))
            let chosen = Parallel.map(count: pieceCount, context: context) { p in
                shares[p] > 0 ? choose(pieces[p], shares[p], classSeed.child("piece").child(p), .serial) : []
            }
            for piece in chosen { kept += piece }
        }
        return kept
    }

    /// The two parameters, for a selector's table (at `keyPath`).
    static func parameters<Owner>(_ keyPath: WritableKeyPath<Owner, PerClassPieces>) -> [Parameter<Owner>] {
        [
            Parameter.integer("local-cover-threshold", keyPath.appending(path: \.threshold), min: 1, valueName: "n",
                              help: "Classes with more rows are chosen piecewise, in linear time (default 16384)."),
            Parameter.integer("local-cover-chunk", keyPath.appending(path: \.pieceRows), min: 2, valueName: "n",
                              help: "Rows per piece when a class is chosen piecewise (default 512)."),
        ]
    }
}
