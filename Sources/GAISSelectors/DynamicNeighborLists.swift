import GAISCore
import GAISNeighbors

/// Nearest-neighbour lists that follow removals: each row's list always holds its
/// `listSize` nearest rows among those still alive (ties → smaller position), nearest first.
struct DynamicNeighborLists {
    let rows: [Int]
    let data: Dataset
    let listSize: Int
    let candidateCount: Int
    /// Per position: sorted candidates (positions); the list is the first `listSize` alive.
    var candidates: [[Int32]]
    /// Per position: its current list.
    var lists: [[Int32]]
    /// Per position: how far into `candidates` the list has consumed.
    var cursor: [Int]
    /// Per position: rows whose list contains it (never shrinks, as in DROP2/3).
    var associates: [[Int]]
    /// Per position: candidates the next rescan collects; doubles at every rescan, so a row
    /// whose neighbourhood keeps emptying rescans O(log n) times, not O(n / candidates).
    var rescanSize: [Int]
    /// Positions alive at the last compaction (a superset of the alive ones), so rescans late
    /// in DROP3, when most rows are gone, skip the dead.
    var survivors: [Int]

    init(rows: [Int], data: Dataset, listSize: Int, candidates candidateCount: Int, context: ExecutionContext) {
        self.rows = rows
        self.data = data
        self.listSize = listSize
        self.candidateCount = candidateCount
        let found = NeighborhoodTools.neighbors(of: rows, in: data, k: candidateCount, context: context)
        candidates = (0..<rows.count).map { Array(found.neighbors(of: $0)) }
        lists = candidates.map { Array($0.prefix(listSize)) }
        cursor = [Int](repeating: listSize, count: rows.count)
        associates = [[Int]](repeating: [], count: rows.count)
        rescanSize = [Int](repeating: candidateCount, count: rows.count)
        survivors = Array(0..<rows.count)
        for (a, list) in lists.enumerated() { for p in list { associates[Int(p)].append(a) } }
    }

    func list(of a: Int) -> [Int32] { lists[a] }

    /// Takes the (already dead) position `p` out of its associates' lists and refills them.
    mutating func remove(_ p: Int, alive: [Bool]) {
        for a in associates[p] {
            guard let at = lists[a].firstIndex(of: Int32(p)) else { continue }
            lists[a].remove(at: at)
            if let next = nextAlive(for: a, alive: alive) {
                lists[a].append(Int32(next))
                associates[next].append(a)
            }
        }
    }

    /// The nearest alive position not in `a`'s list (and not `a`), or nil when none is left.
    /// Every alive position nearer than the list's members is in the list, so this is the
    /// next one in distance order.
    mutating func nextAlive(for a: Int, alive: [Bool]) -> Int? {
        while cursor[a] < candidates[a].count {
            let c = Int(candidates[a][cursor[a]])
            cursor[a] += 1
            if alive[c] && !lists[a].contains(Int32(c)) { return c }
        }
        // Buffer used up: rescan every alive position for a fresh buffer beyond the list.
        rescanSize[a] = min(2 * rescanSize[a], rows.count)
        var aliveCount = 0
        for c in survivors where alive[c] { aliveCount += 1 }
        if aliveCount < survivors.count * 3 / 4 { survivors = survivors.filter { alive[$0] } }
        let fresh = rescan(a, alive: alive, limit: rescanSize[a])
        candidates[a] = fresh
        cursor[a] = 0
        guard !fresh.isEmpty else { return nil }
        cursor[a] = 1
        return Int(fresh[0])
    }

    /// The `limit` nearest alive positions to `a` that are not `a` nor in its list.
    /// The list holds the nearest alive positions, so "not in the list" is "after its last
    /// member in (distance, position) order", which needs no membership test.
    func rescan(_ a: Int, alive: [Bool], limit: Int) -> [Int32] {
        let d = data.featureCount
        var bestD: [Float] = []
        var bestP: [Int32] = []
        data.features.withUnsafeBufferPointer { f in
            let base = f.baseAddress!
            let x = base + rows[a] * d
            var afterD = -Float.infinity
            var afterP = -1
            if let last = lists[a].last {
                afterP = Int(last)
                afterD = SquaredDistance.inOrder(x, base + rows[afterP] * d, dimension: d)
            }
            func consider(_ c: Int, _ dist: Float) {
                guard dist > afterD || (dist == afterD && c > afterP) else { return }
                NearestNeighbors.offer(dist, Int32(c), distances: &bestD, indices: &bestP, limit: limit)
            }
            // Four candidates at a time: four independent sums (each in dimension order, so
            // bit-identical to `squaredDistance`) hide the latency of one long chain.
            var pending = (0, 0, 0)
            var waiting = 0
            for c in survivors where c != a && alive[c] {
                switch waiting {
                case 0: pending.0 = c; waiting = 1
                case 1: pending.1 = c; waiting = 2
                case 2: pending.2 = c; waiting = 3
                default:
                    let p0 = base + rows[pending.0] * d, p1 = base + rows[pending.1] * d
                    let p2 = base + rows[pending.2] * d, p3 = base + rows[c] * d
                    let (s0, s1, s2, s3) = SquaredDistance.inOrder(from: x, to: p0, p1, p2, p3, dimension: d)
                    consider(pending.0, s0)
                    consider(pending.1, s1)
                    consider(pending.2, s2)
                    consider(c, s3)
                    waiting = 0
                }
            }
            let rest = [pending.0, pending.1, pending.2].prefix(waiting)
            for c in rest {
                consider(c, SquaredDistance.inOrder(x, base + rows[c] * d, dimension: d))
            }
        }
        return bestP
    }
}
