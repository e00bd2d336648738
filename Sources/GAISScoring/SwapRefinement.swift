import GAISCore
import GAISKernels

/// A local search after a selection rule: swaps a kept row for another row of its class when
/// the swap raises how many rows the kept rows' 1-NN classifier labels as a target labelling
/// does (the given labels, or the network's predictions: a distillation objective in the spirit
/// of RMHC, Skalak 1994). Quotas per class are unchanged by construction.
///
/// **One swap's exact gain in O(n).** Every row keeps its nearest and second-nearest kept rows
/// (by `SquaredDistance.vectorised`, ties to the smaller slot; a kept row is not its own neighbour,
/// so the kept rows are scored leave-one-out). Replacing slot s by row b changes a row's
/// prediction only through b, or through s when s was its nearest, so one pass over the rows
/// with b's distances gives the gain of replacing *every* slot of b's class at once.
///
/// **Search.** Each round visits, in a seeded order, at most `candidatesPerKept · m` of the rows
/// the kept rows currently get wrong; each candidate replaces the slot of its class with the
/// best gain when that gain is positive. Rounds stop early when none is accepted.
///
/// **Cost.** Per piece of P rows with m kept: O(P·m·d) to start, O(P·d) per candidate,
/// O(P·m·d) per accepted swap at worst (only rows whose two nearest included the slot are
/// rescanned). Inputs larger than `pieceRows` are shuffled (seeded) into pieces of about that
/// many rows, each refined alone with the kept rows that fall in it, so the cost stays linear in
/// n (but with a large constant: `Refinement.auto` skips the search on large inputs). Counts are
/// integers reduced in chunk order: the result does not depend on the threads.
public struct SwapRefinement: Sendable, Equatable {
    /// Rounds over the wrongly predicted rows, ≥ 1.
    public var rounds = 4
    /// Candidates per round, per kept row of the piece, ≥ 1.
    public var candidatesPerKept = 4
    /// Inputs of more rows are refined in pieces of about this many rows, ≥ 2.
    public var pieceRows = 4_096
    /// `Refinement.auto` refines inputs of at most this many rows, ≥ 0: there the search costs a
    /// few seconds at most, and refining only part of a larger input was measured to gain
    /// nothing (BENCHMARKS.md, "The default").
    public var autoRows = 131_072

    public init() {}

    /// Whether `refinement` searches on an input of `rowCount` rows.
    public func searches(_ refinement: Refinement, rowCount: Int) -> Bool {
        refinement == .swap || (refinement == .auto && rowCount <= autoRows)
    }

    /// The refined kept rows, sorted.
    /// - Parameters:
    ///   - kept: the rule's kept rows (indices into the data).
    ///   - points: row-major `labels.count × dimension` values distances are measured on.
    ///   - labels: each row's class.
    ///   - target: the labelling the kept rows' 1-NN should reproduce, one per row; −1 for a row
    ///     that counts for nothing.
    public func refine(kept: [Int], points: [Float], dimension: Int, labels: [Int32], target: [Int32],
                       priority: [Float]? = nil, seed: Seed, context: ExecutionContext) -> [Int] {
        let n = labels.count
        precondition(points.count == n * dimension && target.count == n)
        guard kept.count >= 2 else { return kept.sorted() }
        if n <= pieceRows {
            return refinePiece(rows: Array(0..<n), kept: kept, points: points, dimension: dimension,
                               labels: labels, target: target, priority: priority, seed: seed, context: context).sorted()
        }
        var order = Array(0..<n)
        var generator = seed.child("pieces").generator
        generator.shuffle(&order)
        let pieceCount = (n + pieceRows - 1) / pieceRows
        var pieceOf = [Int32](repeating: 0, count: n)
        for p in 0..<pieceCount {
            for i in order[p * n / pieceCount ..< (p + 1) * n / pieceCount] { pieceOf[i] = Int32(p) }
        }
        var rowsOf = [[Int]](repeating: [], count: pieceCount)
        for i in 0..<n { rowsOf[Int(pieceOf[i])].append(i) }
        var keptOf = [[Int]](repeating: [], count: pieceCount)
        for k in kept { keptOf[Int(pieceOf[k])].append(k) }
        let refined = Parallel.map(count: pieceCount, context: context) { p in
            refinePiece(rows: rowsOf[p], kept: keptOf[p], points: points, dimension: dimension, labels: labels,
                        target: target, priority: priority, seed: seed.child("piece").child(p), context: .serial)
        }
        return refined.flatMap { $0 }.sorted()
        return refined.flatMap { $0 }.sorted()
    }

    /// The search on one piece: `rows` (sorted global indices) and the kept rows among them.
    ///
    /// The piece's points and the kept rows' points are copied into contiguous buffers so that
    /// every distance is one `gais_distances_in_lanes` call over a run of rows
    /// (`SquaredDistance.vectorised`'s sums, bit for bit on every code path).
    func refinePiece(rows: [Int], kept initial: [Int], points: [Float], dimension d: Int, labels: [Int32],
                     target: [Int32], priority: [Float]? = nil, seed: Seed, context: ExecutionContext) -> [Int] {
        let p = rows.count, m = initial.count
        guard m >= 2, p > m else { return initial }
        var slotRow = initial.sorted()
        let slotClass = slotRow.map { labels[$0] }
        var slotsOfClass: [Int32: [Int]] = [:]
        for (s, c) in slotClass.enumerated() { slotsOfClass[c, default: []].append(s) }
        var isKept = Set(slotRow)
        var localOf: [Int: Int32] = [:]
        localOf.reserveCapacity(m)
        for (local, row) in rows.enumerated() where isKept.contains(row) { localOf[row] = Int32(local) }
        // Each slot's local row, −1 when a kept row is not in `rows` (it then has no self to skip).
        var slotLocal = slotRow.map { localOf[$0] ?? -1 }

        var piecePoints = [Float](repeating: 0, count: p * d)
        var slotPoints = [Float](repeating: 0, count: m * d)
        points.withUnsafeBufferPointer { source in
            for (local, row) in rows.enumerated() {
                for j in 0..<d { piecePoints[local * d + j] = source[row * d + j] }
            }
            for (s, row) in slotRow.enumerated() {
                for j in 0..<d { slotPoints[s * d + j] = source[row * d + j] }
            }
        }

        var d1 = [Float](repeating: .infinity, count: p), d2 = d1
        var i1 = [Int32](repeating: 0, count: p), i2 = i1
        let grain = 256
        piecePoints.withUnsafeBufferPointer { pieceBuffer in
            let base = pieceBuffer.baseAddress!
            // The two nearest slots of local rows `range`, scanning every slot.
            func rescan(_ range: Range<Int>, _ d1: UnsafeMutablePointer<Float>, _ i1: UnsafeMutablePointer<Int32>,
                        _ d2: UnsafeMutablePointer<Float>, _ i2: UnsafeMutablePointer<Int32>, only: [Bool]?,
                        slots: UnsafePointer<Float>, slotLocal: UnsafePointer<Int32>, scratch: UnsafeMutablePointer<Float>) {
                for local in range where only?[local] ?? true {
                    gais_distances_in_lanes(base + local * d, slots, m, d, d, scratch, 2)
                    var best = Float.infinity, second = Float.infinity
                    var bestSlot: Int32 = 0, secondSlot: Int32 = 0
                    for s in 0..<m where Int(slotLocal[s]) != local {
                        let dist = scratch[s]
                        if dist < best {
                            second = best; secondSlot = bestSlot
                            best = dist; bestSlot = Int32(s)
                        } else if dist < second {
                            second = dist; secondSlot = Int32(s)
                        }
                    }
                    d1[local] = best; i1[local] = bestSlot; d2[local] = second; i2[local] = secondSlot
                }
            }
            func rescanAll(only: [Bool]?) {
                d1.withUnsafeMutableBufferPointer { a in i1.withUnsafeMutableBufferPointer { b in
                    d2.withUnsafeMutableBufferPointer { c in i2.withUnsafeMutableBufferPointer { e in
                        slotPoints.withUnsafeBufferPointer { slots in slotLocal.withUnsafeBufferPointer { locals in
                            let state = UncheckedSendable((a.baseAddress!, b.baseAddress!, c.baseAddress!, e.baseAddress!,
                                                           slots.baseAddress!, locals.baseAddress!))
                            Parallel.forEachChunk(count: p, grain: grain, context: context) { range in
                                let (a, b, c, e, slots, locals) = state.value
                                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: m)
                                defer { scratch.deallocate() }
                                rescan(range, a, b, c, e, only: only, slots: slots, slotLocal: locals, scratch: scratch)
                            }
                        } }
                    } } } }
            }
            rescanAll(only: nil)
            // The candidate pass reads these contiguously: each row's target and the classes of
            // its two nearest slots (refreshed after every accepted swap).
            let wantOf = rows.map { target[$0] }
            var nearestClass = [Int32](repeating: 0, count: p), secondClass = nearestClass
            func refreshClasses() {
                for local in 0..<p {
                    nearestClass[local] = slotClass[Int(i1[local])]
                    secondClass[local] = slotClass[Int(i2[local])]
                }
            }
            refreshClasses()

            func correctCount() -> Int {
                var total = 0
                for local in 0..<p where nearestClass[local] == wantOf[local] { total += 1 }
                return total
            }
            var current = correctCount()
            var distanceToCandidate = [Float](repeating: 0, count: p)
            let chunkCount = (p + grain - 1) / grain
            // Per chunk: agreements if no slot is replaced, and per slot the change when it is.
            var chunkTotals = [Int](repeating: 0, count: chunkCount)
            var chunkLose = [Int32](repeating: 0, count: chunkCount * m)
            var chunkAlternative = [Int32](repeating: 0, count: chunkCount * m)
            // Rows whose two nearest included the replaced slot (rescanned after a swap).
            var stale = [Bool](repeating: false, count: p)

            for round in 0..<rounds {
                // Rows without a target class (−1) are never candidates.
                var wrong = (0..<p).filter {
                    wantOf[$0] >= 0 && nearestClass[$0] != wantOf[$0] && !isKept.contains(rows[$0])
                }
                var generator = seed.child("round").child(round).generator
                generator.shuffle(&wrong)
                if let priority {
                    // Highest priority first; the seeded order breaks ties (a stable sort).
                    let ranked = wrong.enumerated().sorted {
                        let a = priority[rows[$0.element]], b = priority[rows[$1.element]]
                        return a != b ? a > b : $0.offset < $1.offset
                    }
                    wrong = ranked.map(\.element)
                }
                var accepted = false
                for candidate in wrong.prefix(candidatesPerKept * m) {
                    let b = rows[candidate]
                    guard !isKept.contains(b), let slots = slotsOfClass[labels[b]] else { continue }
                    let c = labels[b]
                    wantOf.withUnsafeBufferPointer { w in nearestClass.withUnsafeBufferPointer { k1 in
                    secondClass.withUnsafeBufferPointer { k2 in d1.withUnsafeBufferPointer { n1 in
                    d2.withUnsafeBufferPointer { n2 in i1.withUnsafeBufferPointer { i1p in
                    let tables = UncheckedSendable((w.baseAddress!, k1.baseAddress!, k2.baseAddress!, n1.baseAddress!,
                                                    n2.baseAddress!, i1p.baseAddress!))
                    distanceToCandidate.withUnsafeMutableBufferPointer { db in
                        chunkTotals.withUnsafeMutableBufferPointer { totals in
                            chunkLose.withUnsafeMutableBufferPointer { lose in
                                chunkAlternative.withUnsafeMutableBufferPointer { alternative in
                                    let out = UncheckedSendable((db.baseAddress!, totals.baseAddress!,
                                                                 lose.baseAddress!, alternative.baseAddress!))
                                    Parallel.forEachChunk(count: p, grain: grain, context: context) { range in
                                        let (db, totals, lose, alternative) = out.value
                                        let chunk = range.lowerBound / grain
                                        let lo = lose + chunk * m, al = alternative + chunk * m
                                        for s in slots { lo[s] = 0; al[s] = 0 }
                                        gais_distances_in_lanes(base + candidate * d, base + range.lowerBound * d,
                                                                range.count, d, d, db + range.lowerBound, 2)
                                        if range.contains(candidate) { db[candidate] = .infinity }
                                        var total = 0
                                        let (wantOf, class1, class2, n1, n2, i1p) = tables.value
                                        for local in range {
                                            let dist = db[local]
                                            let want = wantOf[local]
                                            let nearestClass = class1[local]
                                            let keeps = (dist < n1[local] ? c : nearestClass) == want
                                            if keeps { total += 1 }
                                            guard nearestClass == c else { continue }
                                            let nearest = Int(i1p[local])
                                            if keeps { lo[nearest] += 1 }
                                            if (dist < n2[local] ? c : class2[local]) == want { al[nearest] += 1 }
                                        }
                                        totals[chunk] = total
                                    }
                                }
                            }
                        }
                    }
                    } } } } } }
                    let total = chunkTotals.reduce(0, +)
                    var bestSlot = -1, bestScore = current
                    for s in slots {
                        var score = total
                        for chunk in 0..<chunkCount {
                            score += Int(chunkAlternative[chunk * m + s]) - Int(chunkLose[chunk * m + s])
                        }
                        if score > bestScore { bestScore = score; bestSlot = s }
                    }
                    guard bestSlot >= 0 else { continue }
                    // Accept: slot bestSlot now holds b.
                    isKept.remove(slotRow[bestSlot])
                    isKept.insert(b)
                    slotRow[bestSlot] = b
                    slotLocal[bestSlot] = Int32(candidate)
                    for j in 0..<d { slotPoints[bestSlot * d + j] = base[candidate * d + j] }
                    let replaced = Int32(bestSlot)
                    for local in 0..<p {
                        stale[local] = i1[local] == replaced || i2[local] == replaced
                        if stale[local] { continue }
                        let dist = distanceToCandidate[local]
                        if dist < d1[local] {
                            d2[local] = d1[local]; i2[local] = i1[local]
                            d1[local] = dist; i1[local] = replaced
                        } else if dist < d2[local] {
                            d2[local] = dist; i2[local] = replaced
                        }
                    }
                    rescanAll(only: stale)
                    refreshClasses()
                    current = correctCount()
                    accepted = true
                }
                if !accepted { break }
            }
        }
        return slotRow
    }
}
