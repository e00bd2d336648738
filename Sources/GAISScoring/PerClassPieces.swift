import GAISCore

/// Runs a per-class choice over every class, piecewise for large classes, so that selectors
/// whose per-class cost grows faster than linearly (k-means, facility location, k-center)
/// stay linear in n.
///
/// A class with more rows than `threshold` is shuffled (seed `classSeed.child("pieces")`) and
/// cut into pieces of about `pieceRows` rows; each piece chooses its share of the class quota
/// (largest remainders). Classes and pieces run concurrently, one thread each, when there are
/// at least as many of them as threads (else one after the other with the whole context).
/// Deterministic: pieces and their seeds depend only on the seed and the data.
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
        parts(rowsByClass: rowsByClass, quotas: quotas, seed: seed, context: context, piecewise: piecewise,
              choose).flatMap { $0 }
    }

    /// As `choose`, for rules that form groups: each part returns its kept rows and the kept
    /// row standing for each of its rows. Returns the kept rows and, for every row of
    /// `0..<rowCount`, its representative (rows of classes with no quota stand for themselves;
    /// there are none, since every non-empty class has a quota of at least 1).
    public func chooseGroups(rowsByClass: [[Int]], quotas: [Int], rowCount: Int, seed: Seed,
                             context: ExecutionContext, piecewise: Bool = true,
                             _ choose: ([Int], Int, Seed, ExecutionContext) -> GroupedChoice)
        -> (kept: [Int], representatives: [Int]) {
        // Each part writes its rows' representatives into the one array as it finishes (the
        // parts' rows are disjoint), so no part's groups outlive it: at 10M rows, holding every
        // part's rows and representatives until the end cost 160 MB at the peak.
        var representatives = Array(0..<rowCount)
        let keptByPart: [[Int]] = representatives.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeMutableSendableBuffer(buffer)
            return parts(rowsByClass: rowsByClass, quotas: quotas, seed: seed, context: context,
                         piecewise: piecewise) { rows, quota, seed, context in
                let part = choose(rows, quota, seed, context)
                for (row, representative) in zip(part.rows, part.representatives) { shared.base[row] = representative }
                return part.kept
            }
        }
        return (keptByPart.flatMap { $0 }, representatives)
    }

    /// Every class's (or piece's) result, classes in order, a class's pieces in order.
    ///
    /// The classes and pieces are independent jobs. With at least as many jobs as threads they
    /// run concurrently, one thread each (many moderate classes keep every core busy); with
    /// fewer, one after the other with the whole context. Each job's result does not depend on
    /// its context, so neither does the answer.
    private func parts<Part>(rowsByClass: [[Int]], quotas: [Int], seed: Seed, context: ExecutionContext,
                             piecewise: Bool, _ choose: ([Int], Int, Seed, ExecutionContext) -> Part) -> [Part] {
        var jobs: [(rows: [Int], quota: Int, seed: Seed)] = []
        for (c, rows) in rowsByClass.enumerated() where quotas[c] > 0 {
            let classSeed = seed.child(c)
            guard piecewise && rows.count > threshold else {
                jobs.append((rows, quotas[c], classSeed))
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
            for p in 0..<pieceCount where shares[p] > 0 {
                jobs.append((pieces[p], shares[p], classSeed.child("piece").child(p)))
            }
        }
        guard jobs.count >= context.threads && context.threads > 1 else {
            return jobs.map { choose($0.rows, $0.quota, $0.seed, context) }
        }
        return Parallel.map(count: jobs.count, context: context) { j in
            choose(jobs[j].rows, jobs[j].quota, jobs[j].seed, .serial)
        }
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

/// One class's (or piece's) choice by a rule that forms groups: the kept rows, and for each
/// row it was given (`rows[t]`) the kept row of its group (`representatives[t]`).
public struct GroupedChoice: Sendable {
    public var kept: [Int]
    public var rows: [Int]
    public var representatives: [Int]

    public init(kept: [Int], rows: [Int], representatives: [Int]) {
        self.kept = kept
        self.rows = rows
        self.representatives = representatives
    }

    /// Every row kept, each standing for itself.
    public static func all(_ rows: [Int]) -> GroupedChoice {
        GroupedChoice(kept: rows.sorted(), rows: rows, representatives: rows)
    }
}
