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
        let grain = 256, chunkCount = (p + grain - 1) / grain
        let state = SearchState(rows: p, slots: m, dimension: d, chunks: chunkCount)
        points.withUnsafeBufferPointer { source in
            var slot = 0
            for (local, row) in rows.enumerated() {
                for j in 0..<d { state.points[local * d + j] = source[row * d + j] }
                state.want[local] = target[row]
                // `rows` and `slotRow` are both ascending, and every kept row is in `rows`.
                if slot < m && slotRow[slot] == row {
                    state.slotLocal[slot] = Int32(local)
                    for j in 0..<d { state.slotPoints[slot * d + j] = source[row * d + j] }
                    slot += 1
                }
            }
        }

        // The two nearest slots of every local row (or of the `only` ones), scanning every slot.
        func rescan(only: [Bool]?) {
            Parallel.forEachChunk(count: p, grain: grain, context: context) { range in
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: m)
                defer { scratch.deallocate() }
                for local in range where only?[local] ?? true {
                    gais_distances_in_lanes(state.points + local * d, state.slotPoints, m, d, d, scratch, 2)
                    var best = Float.infinity, second = Float.infinity
                    var bestSlot: Int32 = 0, secondSlot: Int32 = 0
                    for s in 0..<m where Int(state.slotLocal[s]) != local {
                        let dist = scratch[s]
                        if dist < best {
                            second = best; secondSlot = bestSlot
                            best = dist; bestSlot = Int32(s)
                        } else if dist < second {
                            second = dist; secondSlot = Int32(s)
                        }
                    }
                    state.d1[local] = best; state.i1[local] = bestSlot
                    state.d2[local] = second; state.i2[local] = secondSlot
                }
            }
            // The candidate pass reads the classes of each row's two nearest slots contiguously.
            for local in 0..<p {
                state.nearestClass[local] = slotClass[Int(state.i1[local])]
                state.secondClass[local] = slotClass[Int(state.i2[local])]
            }
        }
        rescan(only: nil)

        func correctCount() -> Int {
            var total = 0
            for local in 0..<p where state.nearestClass[local] == state.want[local] { total += 1 }
            return total
        }
        var current = correctCount()
        // Rows whose two nearest included the replaced slot (rescanned after a swap).
        var stale = [Bool](repeating: false, count: p)

        for round in 0..<rounds {
            // Rows without a target class (−1) are never candidates.
            var wrong = (0..<p).filter {
                state.want[$0] >= 0 && state.nearestClass[$0] != state.want[$0] && !isKept.contains(rows[$0])
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
                // Per chunk: agreements if no slot is replaced, and per slot of class c the
                // agreements lost and gained when it is.
                Parallel.forEachChunk(count: p, grain: grain, context: context) { range in
                    let chunk = range.lowerBound / grain
                    let lose = state.chunkLose + chunk * m, gain = state.chunkGain + chunk * m
                    for s in slots { lose[s] = 0; gain[s] = 0 }
                    let distance = state.distanceToCandidate
                    gais_distances_in_lanes(state.points + candidate * d, state.points + range.lowerBound * d,
                                            range.count, d, d, distance + range.lowerBound, 2)
                    if range.contains(candidate) { distance[candidate] = .infinity }
                    var total = 0
                    for local in range {
                        let dist = distance[local], want = state.want[local]
                        let nearestClass = state.nearestClass[local]
                        let keeps = (dist < state.d1[local] ? c : nearestClass) == want
                        if keeps { total += 1 }
                        guard nearestClass == c else { continue }
                        let nearest = Int(state.i1[local])
                        if keeps { lose[nearest] += 1 }
                        if (dist < state.d2[local] ? c : state.secondClass[local]) == want { gain[nearest] += 1 }
                    }
                    state.chunkTotals[chunk] = total
                }
                var total = 0
                for chunk in 0..<chunkCount { total += state.chunkTotals[chunk] }
                var bestSlot = -1, bestScore = current
                for s in slots {
                    var score = total
                    for chunk in 0..<chunkCount {
                        score += Int(state.chunkGain[chunk * m + s]) - Int(state.chunkLose[chunk * m + s])
                    }
                    if score > bestScore { bestScore = score; bestSlot = s }
                }
                guard bestSlot >= 0 else { continue }
                // Accept: slot bestSlot now holds b.
                isKept.remove(slotRow[bestSlot])
                isKept.insert(b)
                slotRow[bestSlot] = b
                state.slotLocal[bestSlot] = Int32(candidate)
                for j in 0..<d { state.slotPoints[bestSlot * d + j] = state.points[candidate * d + j] }
                let replaced = Int32(bestSlot)
                for local in 0..<p {
                    stale[local] = state.i1[local] == replaced || state.i2[local] == replaced
                    if stale[local] { continue }
                    let dist = state.distanceToCandidate[local]
                    if dist < state.d1[local] {
                        state.d2[local] = state.d1[local]; state.i2[local] = state.i1[local]
                        state.d1[local] = dist; state.i1[local] = replaced
                    } else if dist < state.d2[local] {
                        state.d2[local] = dist; state.i2[local] = replaced
                    }
                }
                rescan(only: stale)
                current = correctCount()
                accepted = true
            }
            if !accepted { break }
        }
        return slotRow
    }
}

/// One piece's working arrays, allocated once per piece and freed with it. Parallel chunks of
/// the search write disjoint row ranges of the per-row arrays and disjoint blocks of the
/// per-chunk counts, so sharing them is safe; every index is a local row (< rows), a slot
/// (< slots) or a chunk (< chunks).
private final class SearchState: @unchecked Sendable {
    /// rows × dimension and slots × dimension values.
    let points, slotPoints: UnsafeMutablePointer<Float>
    /// Per local row: squared distances to its nearest and second-nearest slot, and to the
    /// current candidate.
    let d1, d2, distanceToCandidate: UnsafeMutablePointer<Float>
    /// Per local row: its two nearest slots, their classes, and its target class.
    let i1, i2, nearestClass, secondClass, want: UnsafeMutablePointer<Int32>
    /// Per slot: its local row.
    let slotLocal: UnsafeMutablePointer<Int32>
    /// Per chunk and slot: agreements lost and gained when the slot is replaced.
    let chunkLose, chunkGain: UnsafeMutablePointer<Int32>
    /// Per chunk: agreements when no slot is replaced.
    let chunkTotals: UnsafeMutablePointer<Int>

    init(rows p: Int, slots m: Int, dimension d: Int, chunks: Int) {
        func floats(_ count: Int, _ value: Float) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: count)
            pointer.initialize(repeating: value, count: count)
            return pointer
        }
        func integers(_ count: Int) -> UnsafeMutablePointer<Int32> {
            let pointer = UnsafeMutablePointer<Int32>.allocate(capacity: count)
            pointer.initialize(repeating: 0, count: count)
            return pointer
        }
        points = floats(p * d, 0); slotPoints = floats(m * d, 0)
        d1 = floats(p, .infinity); d2 = floats(p, .infinity); distanceToCandidate = floats(p, 0)
        i1 = integers(p); i2 = integers(p); nearestClass = integers(p); secondClass = integers(p); want = integers(p)
        slotLocal = integers(m)
        chunkLose = integers(chunks * m); chunkGain = integers(chunks * m)
        chunkTotals = UnsafeMutablePointer<Int>.allocate(capacity: chunks)
        chunkTotals.initialize(repeating: 0, count: chunks)
    }

    deinit {
        for pointer in [points, slotPoints, d1, d2, distanceToCandidate] { pointer.deallocate() }
        for pointer in [i1, i2, nearestClass, secondClass, want, slotLocal, chunkLose, chunkGain] { pointer.deallocate() }
        chunkTotals.deallocate()
    }
}
