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

    init(rows: [Int], data: Dataset, listSize: Int, candidates candidateCount: Int) {
        self.rows = rows
        self.data = data
        self.listSize = listSize
        self.candidateCount = candidateCount
        let found = NeighborhoodTools.neighbors(of: rows, in: data, k: candidateCount)
        candidates = (0..<rows.count).map { Array(found.neighbors(of: $0)) }
        lists = candidates.map { Array($0.prefix(listSize)) }
        cursor = [Int](repeating: listSize, count: rows.count)
        associates = [[Int]](repeating: [], count: rows.count)
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
        let fresh = rescan(a, alive: alive)
        candidates[a] = fresh
        cursor[a] = 0
        guard !fresh.isEmpty else { return nil }
        cursor[a] = 1
        return Int(fresh[0])
    }

    /// The `candidateCount` nearest alive positions to `a` that are not `a` nor in its list.
    func rescan(_ a: Int, alive: [Bool]) -> [Int32] {
        let d = data.featureCount
        var bestD: [Float] = []
        var bestP: [Int32] = []
        let limit = candidateCount
        data.features.withUnsafeBufferPointer { f in
            let base = f.baseAddress!
            let x = base + rows[a] * d
            for c in 0..<rows.count where c != a && alive[c] && !lists[a].contains(Int32(c)) {
                let dist = NearestNeighbors.squaredDistance(x, base + rows[c] * d, dimension: d)
                if bestD.count == limit && dist >= bestD[limit - 1] { continue }
                var pos = bestD.count
                while pos > 0 && bestD[pos - 1] > dist { pos -= 1 }
                bestD.insert(dist, at: pos)
                bestP.insert(Int32(c), at: pos)
                if bestD.count > limit { bestD.removeLast(); bestP.removeLast() }
            }
        }
        return bestP
    }
}
