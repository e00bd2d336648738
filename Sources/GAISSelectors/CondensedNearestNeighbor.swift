import GAISCore
import GAISNeighbors

/// Condensed Nearest Neighbour (CNN): grows a store that classifies every row correctly with
/// the 1-NN rule.
///
/// P. E. Hart, "The condensed nearest neighbor rule", IEEE Transactions on Information Theory
/// 14(3), 1968.
///
/// Variant: the store starts with one random row per class (Hart starts from a single row);
/// then passes over the rows not yet stored, each pass in a fresh random order, add every row
/// that the 1-NN rule on the current store misclassifies; passes repeat until one adds nothing.
/// 1-NN ties go to the smaller row number. Every class is kept (its seed row).
///
/// Implementation: the store only grows, so each row remembers its nearest store member and
/// how much of the store it has compared; catching up with rows added later costs only the new
/// comparisons. Rows are taken in blocks whose catch-up runs in parallel; the decisions inside
/// a block stay sequential (each sees every row stored before it), so the result is Hart's
/// sequential rule and does not depend on the number of threads.
///
/// - Complexity: O(n · |store| · d) time over all passes, O(n) memory.
public struct CondensedNearestNeighborSelector: InstanceSelector {
    public static let methodName = "cnn"
    /// Rows judged per parallel catch-up block.
    static let blockSize = 256

    public init() {}

    public static var parameterTable: ParameterTable<Self> { ParameterTable([]) }

    public func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        let context = run.context
        let n = data.rowCount, d = data.featureCount
        var store: [Int] = []
        var inStore = [Bool](repeating: false, count: n)
        // Per row: nearest store member so far (row number), its distance, store prefix compared.
        let nearest = UnsafeMutablePointer<Int>.allocate(capacity: n)
        let nearestD = UnsafeMutablePointer<Float>.allocate(capacity: n)
        let compared = UnsafeMutablePointer<Int>.allocate(capacity: n)
        nearest.initialize(repeating: -1, count: n)
        nearestD.initialize(repeating: .infinity, count: n)
        compared.initialize(repeating: 0, count: n)
        defer { nearest.deallocate(); nearestD.deallocate(); compared.deallocate() }
        let state = UncheckedSendable((nearest, nearestD, compared))

        for (c, rows) in data.rowsByClass.enumerated() where !rows.isEmpty {
            var g = seed.child("start").child(c).generator
            let r = rows[g.nextInt(below: rows.count)]
            store.append(r)
            inStore[r] = true
        }
        var order = seed.child("order").generator
        var passes = 0
        data.features.withUnsafeBufferPointer { f in
            let base = UncheckedSendable(f.baseAddress!)
            /// Brings row `i`'s nearest store member up to date with the whole current `store`.
            /// Writes only row `i`'s entries.
            @Sendable func catchUp(_ i: Int, _ store: UnsafeBufferPointer<Int>) {
                let (nearest, nearestD, compared) = state.value
                var best = nearest[i], bestD = nearestD[i]
                let x = base.value + i * d
                func consider(_ candidate: Int, _ dist: Float) {
                    if dist < bestD || (dist == bestD && candidate < best) { bestD = dist; best = candidate }
                }
                var s = compared[i]
                while s + 4 <= store.count {
                    let c0 = store[s], c1 = store[s + 1], c2 = store[s + 2], c3 = store[s + 3]
                    let (d0, d1, d2, d3) = SquaredDistance.inOrder(
                        from: x, to: base.value + c0 * d, base.value + c1 * d, base.value + c2 * d,
                        base.value + c3 * d, dimension: d)
                    consider(c0, d0); consider(c1, d1); consider(c2, d2); consider(c3, d3)
                    s += 4
                }
                while s < store.count {
                    consider(store[s], SquaredDistance.inOrder(x, base.value + store[s] * d, dimension: d))
                    s += 1
                }
                nearest[i] = best
                nearestD[i] = bestD
                compared[i] = store.count
            }
            while true {
                passes += 1
                var pending = (0..<n).filter { !inStore[$0] }
                order.shuffle(&pending)
                var added = 0
                var start = 0
                while start < pending.count {
                    let block = Array(pending[start ..< min(pending.count, start + Self.blockSize)])
                    start += block.count
                    store.withUnsafeBufferPointer { s in
                        let s = UncheckedSendable(s)
                        // Each block entry is a distinct row: disjoint writes.
                        Parallel.forEach(count: block.count, grain: 8, context: context) { b in catchUp(block[b], s.value) }
                    }
                    for i in block {
                        store.withUnsafeBufferPointer { s in catchUp(i, s) }
                        if data.labels[nearest[i]] != data.labels[i] {
                            store.append(i)
                            inStore[i] = true
                            added += 1
                        }
                    }
                }
                if added == 0 { break }
            }
        }
        return SelectorOutput(indices: store, report: IterationReport("passes", passes))
    }
}
