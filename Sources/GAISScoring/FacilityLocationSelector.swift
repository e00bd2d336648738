import GAISCore

/// Per-class facility location: the subset S of q_c rows maximising Σ_i max_{s∈S} sim(i, s),
/// with sim(i, j) = D − ‖x_i − x_j‖² (D the largest squared distance in the class, so every
/// similarity is ≥ 0), chosen by the lazy greedy algorithm (Minoux 1978), which for this
/// monotone submodular objective is within 1 − 1/e of the optimum (Nemhauser, Wolsey & Fisher
/// 1978). Each step takes the row of largest gain, ties to the smaller row.
///
/// Exact up to `pieces.threshold` rows per class (the similarity matrix of a class is held in
/// memory); larger classes are done piecewise (`PerClassPieces`, pieces of `pieces.pieceRows`
/// rows), so time and memory stay linear in n.
///
/// - Complexity: O(m² · d) for the distances of a class or piece of m rows, plus
///   O(q · m) per greedy step in the worst case (lazy evaluations usually far fewer).
public struct FacilityLocationSelector: SizedSelector {
    public static let methodName = "facility"
    /// Rows kept per class.
    public var size: SubsetSize = .default
    public var pieces = PerClassPieces(threshold: 4_096, pieceRows: 2_048)
    /// A swap search after the greedy choice (`SwapRefinement`, label target): none (default),
    /// swap, or auto (swap on inputs of at most `swapSearch.autoRows` rows).
    public var refine: Refinement = .none
    /// The swap search's settings.
    public var swapSearch = SwapRefinement()

    public init() {}

    public static let parameterTable = ParameterTable<FacilityLocationSelector>(
        Parameter.sizes(\.size) + PerClassPieces.parameters(\.pieces) + [
            .choice("refine", \.refine, valueName: "search",
                    help: "Local search after the greedy choice: none (default), swap (swaps within classes that raise the kept rows' 1-NN agreement with the labels), or auto (swap on inputs of at most 131072 rows)."),
        ], exclusive: [SubsetSize.parameterNames])

    public func promisedQuotas(classCounts: [Int]) -> [Int]? { size.quotas(classCounts: classCounts) }

    public func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        let quotas = size.quotas(classCounts: data.classCounts)
        let kept = pieces.choose(rowsByClass: data.rowsByClass, quotas: quotas, seed: seed, context: run.context) {
            rows, quota, _, context in
            Self.lazyGreedy(rows: rows.sorted(), quota: quota, points: data.features, dimension: data.featureCount,
                            context: context)
        }
        guard swapSearch.searches(refine, rowCount: data.rowCount) else { return SelectorOutput(indices: kept) }
        let refined = swapSearch.refine(kept: kept, points: data.features, dimension: data.featureCount,
                                        labels: data.labels, target: data.labels, seed: seed.child("refine"),
                                        context: run.context)
        return SelectorOutput(indices: refined)
    }

    /// The similarity matrix of `rows` (row-major m × m, Float) and the gain of adding row `j`
    /// given each row's best similarity so far, summed in row order in Double.
    struct Problem {
        let m: Int
        let similarity: [Float]

        init(rows: [Int], points: [Float], dimension d: Int, context: ExecutionContext) {
            m = rows.count
            var distances = [Float](repeating: 0, count: m * m)
            let m = self.m
            points.withUnsafeBufferPointer { p in
                distances.withUnsafeMutableBufferPointer { out in
                    let out = UnsafeMutableSendableBuffer(out), p = UncheckedSendable(p)
                    Parallel.forEachChunk(count: m, grain: 64, context: context) { range in
                        guard let base = p.value.baseAddress else { return }
                        // Each pair once: row a's chunk writes (a, b) and (b, a) for b ≥ a, cells
                        // no other chunk writes.
                        for a in range {
                            for b in a..<m {
                                let dist = SquaredDistance.inOrder(base + rows[a] * d, base + rows[b] * d, dimension: d)
                                out.base[a * m + b] = dist
                                out.base[b * m + a] = dist
                            }
                        }
                    }
                }
            }
            // Turned into similarities in place: one m × m matrix, not two.
            let largest = distances.max() ?? 0
            for i in distances.indices { distances[i] = largest - distances[i] }
            similarity = distances
        }

        /// Σ_i max(0, sim(i, j) − best[i]), in row order. The matrix is symmetric (each pair's
        /// value is written to both cells), so row j is read instead of column j: the same
        /// values in the same order, from contiguous memory.
        func gain(_ j: Int, best: [Float]) -> Double {
            similarity.withUnsafeBufferPointer { s in
                best.withUnsafeBufferPointer { b in
                    var total = 0.0
                    let row = j * m
                    for i in 0..<m {
                        let v = s[row + i]
                        if v > b[i] { total += Double(v - b[i]) }
                    }
                    return total
                }
            }
        }

        func take(_ j: Int, best: inout [Float]) {
            similarity.withUnsafeBufferPointer { s in
                for i in 0..<m { best[i] = max(best[i], s[j * m + i]) }
            }
        }
    }

    /// `quota` rows of `rows` (ascending) by lazy greedy, in the order chosen.
    static func lazyGreedy(rows: [Int], quota: Int, points: [Float], dimension d: Int,
                           context: ExecutionContext) -> [Int] {
        guard quota > 0 else { return [] }
        guard quota < rows.count else { return rows }
        let problem = Problem(rows: rows, points: points, dimension: d, context: context)
        var best = [Float](repeating: 0, count: rows.count)
        // Max-heap of (upper bound on the gain, position); larger bound first, then smaller position.
        var heap = GainHeap()
        for j in 0..<rows.count { heap.push(problem.gain(j, best: best), j) }
        var chosen: [Int] = []
        while chosen.count < quota, let (_, j) = heap.pop() {
            let fresh = problem.gain(j, best: best)
            if let (bound, k) = heap.top, GainHeap.before(bound, k, fresh, j) {
                heap.push(fresh, j)   // another row may do better: re-evaluate it first
                continue
            }
            problem.take(j, best: &best)
            chosen.append(rows[j])
        }
        return chosen
    }

    /// The plain greedy (every gain recomputed at every step), for tests.
    static func plainGreedy(rows: [Int], quota: Int, points: [Float], dimension d: Int) -> [Int] {
        let problem = Problem(rows: rows, points: points, dimension: d, context: .serial)
        var best = [Float](repeating: 0, count: rows.count)
        var chosen: [Int] = []
        var taken = [Bool](repeating: false, count: rows.count)
        while chosen.count < min(quota, rows.count) {
            var pick = -1, pickGain = -Double.infinity
            for j in 0..<rows.count where !taken[j] {
                let g = problem.gain(j, best: best)
                if g > pickGain { pickGain = g; pick = j }
            }
            taken[pick] = true
            problem.take(pick, best: &best)
            chosen.append(rows[pick])
        }
        return chosen
    }
}

/// A binary max-heap of (gain, position), ordered by gain, then by smaller position.
struct GainHeap {
    private var items: [(Double, Int)] = []

    /// Whether (g1, p1) comes before (g2, p2).
    static func before(_ g1: Double, _ p1: Int, _ g2: Double, _ p2: Int) -> Bool {
        g1 != g2 ? g1 > g2 : p1 < p2
    }

    var top: (Double, Int)? { items.first }

    mutating func push(_ gain: Double, _ position: Int) {
        items.append((gain, position))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.before(items[i].0, items[i].1, items[parent].0, items[parent].1) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && Self.before(items[l].0, items[l].1, items[m].0, items[m].1) { m = l }
            if r < items.count && Self.before(items[r].0, items[r].1, items[m].0, items[m].1) { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return first
    }
}
