import GAISCore
import GAISKernels

/// The fast path behind `search` and `searchWithin`: tiles, SIMD kernels, a bounded list per
/// query, a verified fast stage and an exact fallback.
extension NearestNeighbors {
    /// Candidates kept per query beyond k in the fast stage. Few, because every spare loosens
    /// the bound a tile must beat (more offers to each list): on continuous data the
    /// verification (see `blockedSearch`) almost always succeeds with two.
    @usableFromInline static let spareCandidates = 2
    /// Candidates beyond k of the second fast pass over the queries the first could not prove
    /// (distances tied near the k-th place, common in one-hot data), before the exact kernel.
    @usableFromInline static let retrySpareCandidates = 32

    /// Exact search in two stages.
    ///
    /// 1. **Fast, approximate ranking.** Both sets are centred on the reference mean (distances
    ///    do not change, rounding shrinks), and every query–reference distance is computed as
    ///    ‖q‖² + ‖r‖² − 2 q·r (two operations per dimension instead of three) in tiles of
    ///    `tileReferences` references by the C kernel `gais_expanded_tile` (GAISKernels: four
    ///    queries × 32 references with AVX-512F, × 16 with AVX2/FMA, chosen at run time, else
    ///    portable scalar code; every path's rounding is within the bound below). Each
    ///    query keeps its m = k + `spareCandidates` best candidates.
    /// 2. **Exact answer and proof.** The candidates' distances are recomputed exactly as brute
    ///    force does (`squaredDistance`), sorted by (distance, index), and the first k kept.
    ///    They are provably the brute-force answer when the m-th approximate distance W
    ///    satisfies W − ε > T, T being the k-th exact distance and ε a bound on the rounding
    ///    error of both forms (derived from the norms): every reference left out is then
    ///    strictly farther than T. Queries that fail the test (exact ties at the k-th place,
    ///    duplicates, degenerate data) are answered again by the exact kernel over every
    ///    reference (`squaredDistance` vectorised across eight references), which is bit
    ///    identical to brute force.
    static func blockedSearch(queries: [Float], reference: [Float], dimension: Int, k: Int,
                              excludeSelf: Bool, context: ExecutionContext) -> NeighborLists {
        let level = KernelPath.level(for: context)
        precondition(dimension > 0 && k >= 1)
        precondition(queries.count % dimension == 0 && reference.count % dimension == 0,
                     "matrices must hold whole rows")
        let d = dimension
        let queryCount = queries.count / d
        let referenceCount = reference.count / d
        if excludeSelf { precondition(queryCount == referenceCount) }
        let available = referenceCount - (excludeSelf ? 1 : 0)
        let kk = max(0, min(k, available))
        guard kk > 0, queryCount > 0 else {
            return NeighborLists(k: kk, queryCount: queryCount, indices: [], distances: [])
        }
        let m = min(available, kk + spareCandidates)

        // Stage 1 inputs: centred copies, their squared norms, packed references.
        let mean = columnMeans(reference, count: referenceCount, dimension: d)
        let centredReference = centred(reference, on: mean, dimension: d)
        let centredQueries = excludeSelf ? centredReference : centred(queries, on: mean, dimension: d)
        let referenceNorms = squaredNorms(centredReference, dimension: d)
        let queryNorms = excludeSelf ? referenceNorms : squaredNorms(centredQueries, dimension: d)
        let largestReferenceNorm = referenceNorms.max() ?? 0
        // Sixteen-wide blocks for the C kernel (pairs of eight-wide blocks side by side).
        let packed = packInBlocksOfEight(centredReference, count: referenceCount, dimension: d, width: 16)
        let packedNorms = packInBlocksOfEight(referenceNorms, count: referenceCount, dimension: 1)

        var indices = [Int32](repeating: 0, count: queryCount * kk)
        var distances = [Float](repeating: 0, count: queryCount * kk)
        var verified = [Bool](repeating: false, count: queryCount)
        let allQueries = Array(0..<queryCount)
        withPointers(queries, reference, centredQueries, queryNorms, packed, packedNorms, allQueries) {
            q, r, cq, qn, p, pn, ids in
            indices.withUnsafeMutableBufferPointer { iOut in
                distances.withUnsafeMutableBufferPointer { dOut in
                    verified.withUnsafeMutableBufferPointer { vOut in
                        let iOut = UnsafeMutableSendableBuffer(iOut), dOut = UnsafeMutableSendableBuffer(dOut)
                        let vOut = UnsafeMutableSendableBuffer(vOut)
                        /// Stage 2 for the queries of `chunk`, whose candidate lists are `bestD`/`bestI`
                        /// (row `query − listOffset`).
                        func confirmAll(_ chunk: Range<Int>, _ bestD: UnsafeMutablePointer<Float>,
                                        _ bestI: UnsafeMutablePointer<Int32>, listOffset: Int) {
                            for query in chunk {
                                let row = (query - listOffset) * m
                                vOut.base[query] = confirm(
                                    query: query, candidates: bestI + row, approximate: bestD + row,
                                    count: m, provable: m < available, k: kk, queries: q.value, reference: r.value,
                                    dimension: d, queryNorm: qn.value[query], largestReferenceNorm: largestReferenceNorm,
                                    indicesOut: iOut.base.baseAddress! + query * kk,
                                    distancesOut: dOut.base.baseAddress! + query * kk)
                            }
                        }
                        if excludeSelf {
                            // Within one set each distance serves both rows: half the work.
                            let bestD = UnsafeMutablePointer<Float>.allocate(capacity: queryCount * m)
                            let bestI = UnsafeMutablePointer<Int32>.allocate(capacity: queryCount * m)
                            defer { bestD.deallocate(); bestI.deallocate() }
                            symmetricCandidates(points: cq.value, norms: qn.value, packed: p.value, packedNorms: pn.value,
                                                count: queryCount, dimension: d, listSize: m, bestD: bestD, bestI: bestI,
                                                level: level, context: context)
                            let lists = UncheckedSendable((bestD, bestI))
                            Parallel.forEachChunk(count: queryCount, grain: queriesPerChunk, context: context) { chunk in
                                confirmAll(chunk, lists.value.0, lists.value.1, listOffset: 0)
                            }
                        } else {
                            Parallel.forEachChunk(count: queryCount, grain: queriesPerChunk, context: context) { chunk in
                                let bestD = UnsafeMutablePointer<Float>.allocate(capacity: chunk.count * m)
                                let bestI = UnsafeMutablePointer<Int32>.allocate(capacity: chunk.count * m)
                                defer { bestD.deallocate(); bestI.deallocate() }
                                scanChunk(chunk, ids: ids.value, queries: cq.value, queryNorms: qn.value,
                                          packed: p.value, packedNorms: pn.value, referenceCount: referenceCount,
                                          dimension: d, listSize: m, excludeSelf: false, bestD: bestD, bestI: bestI,
                                          level: level)
                                confirmAll(chunk, bestD, bestI, listOffset: chunk.lowerBound)
                            }
                        }
                    }
                }
            }
        }

        // Stage 1 again, with more candidates, for the queries it could not prove.
        var unproven = (0..<queryCount).filter { !verified[$0] }
        let retryM = min(available, kk + retrySpareCandidates)
        if !unproven.isEmpty && retryM > m {
            let retried = unproven
            withPointers(queries, reference, centredQueries, queryNorms, packed, packedNorms, retried) {
                q, r, cq, qn, p, pn, ids in
                indices.withUnsafeMutableBufferPointer { iOut in
                    distances.withUnsafeMutableBufferPointer { dOut in
                        verified.withUnsafeMutableBufferPointer { vOut in
                            let iOut = UnsafeMutableSendableBuffer(iOut), dOut = UnsafeMutableSendableBuffer(dOut)
                            let vOut = UnsafeMutableSendableBuffer(vOut)
                            Parallel.forEachChunk(count: retried.count, grain: queriesPerChunk, context: context) { chunk in
                                let bestD = UnsafeMutablePointer<Float>.allocate(capacity: chunk.count * retryM)
                                let bestI = UnsafeMutablePointer<Int32>.allocate(capacity: chunk.count * retryM)
                                defer { bestD.deallocate(); bestI.deallocate() }
                                scanChunk(chunk, ids: ids.value, queries: cq.value, queryNorms: qn.value,
                                          packed: p.value, packedNorms: pn.value, referenceCount: referenceCount,
                                          dimension: d, listSize: retryM, excludeSelf: excludeSelf, bestD: bestD,
                                          bestI: bestI, level: level)
                                for local in 0..<chunk.count {
                                    let query = ids.value[chunk.lowerBound + local]
                                    vOut.base[query] = confirm(
                                        query: query, candidates: bestI + local * retryM,
                                        approximate: bestD + local * retryM, count: retryM,
                                        provable: retryM < available, k: kk, queries: q.value, reference: r.value,
                                        dimension: d, queryNorm: qn.value[query],
                                        largestReferenceNorm: largestReferenceNorm,
                                        indicesOut: iOut.base.baseAddress! + query * kk,
                                        distancesOut: dOut.base.baseAddress! + query * kk)
                                }
                            }
                        }
                    }
                }
            }
            unproven = retried.filter { !verified[$0] }
        }

        // Stage 2: the exact kernel for the queries stage 1 could not prove.
        if !unproven.isEmpty {
            let exactPacked = packInBlocksOfEight(reference, count: referenceCount, dimension: d)
            withPointers(queries, exactPacked, unproven) { q, p, ids in
                indices.withUnsafeMutableBufferPointer { iOut in
                    distances.withUnsafeMutableBufferPointer { dOut in
                        let iOut = UnsafeMutableSendableBuffer(iOut), dOut = UnsafeMutableSendableBuffer(dOut)
                        Parallel.forEachChunk(count: unproven.count, grain: queriesPerChunk, context: context) { chunk in
                            let bestD = UnsafeMutablePointer<Float>.allocate(capacity: chunk.count * kk)
                            let bestI = UnsafeMutablePointer<Int32>.allocate(capacity: chunk.count * kk)
                            defer { bestD.deallocate(); bestI.deallocate() }
                            scanChunk(chunk, ids: ids.value, queries: q.value, queryNorms: nil,
                                      packed: p.value, packedNorms: nil, referenceCount: referenceCount,
                                      dimension: d, listSize: kk, excludeSelf: excludeSelf, bestD: bestD, bestI: bestI,
                                      level: level)
                            for local in 0..<chunk.count {
                                let out = ids.value[chunk.lowerBound + local] * kk
                                for r in 0..<kk {
                                    iOut.base[out + r] = bestI[local * kk + r]
                                    dOut.base[out + r] = bestD[local * kk + r]
                                }
                            }
                        }
                    }
                }
            }
        }
        return NeighborLists(k: kk, queryCount: queryCount, indices: indices, distances: distances)
    }

    /// Stage 2 of `blockedSearch` for one query: exact distances of the candidates, the k
    /// best by (distance, index), and whether they are provably the brute-force answer
    /// (always true when `provable` is false, i.e. every reference was a candidate).
    /// Writes the answer only when it returns true.
    @inline(__always)
    static func confirm(query: Int, candidates: UnsafeMutablePointer<Int32>, approximate: UnsafeMutablePointer<Float>,
                        count m: Int, provable: Bool, k: Int, queries: UnsafePointer<Float>,
                        reference: UnsafePointer<Float>, dimension d: Int, queryNorm: Float,
                        largestReferenceNorm: Float, indicesOut: UnsafeMutablePointer<Int32>,
                        distancesOut: UnsafeMutablePointer<Float>) -> Bool {
        let worstApproximate = approximate[m - 1]
        // Reuse the approximate buffer for the exact distances, then sort by (distance, index).
        let x = queries + query * d
        for c in 0..<m {
            approximate[c] = squaredDistance(x, reference + Int(candidates[c]) * d, dimension: d)
        }
        for c in 1..<max(1, m) {
            let dist = approximate[c], index = candidates[c]
            var pos = c
            while pos > 0 && (approximate[pos - 1] > dist || (approximate[pos - 1] == dist && candidates[pos - 1] > index)) {
                approximate[pos] = approximate[pos - 1]
                candidates[pos] = candidates[pos - 1]
                pos -= 1
            }
            approximate[pos] = dist
            candidates[pos] = index
        }
        if provable {
            let kth = approximate[k - 1]
            // Rounding bound of the expanded form on centred data (≈ (2d + 9)·u·(‖q‖² + ‖r‖²),
            // taken twice as large) plus that of the exact sum, doubled again for the final
            // comparisons. NaN anywhere makes the test fail, sending the query to stage 2.
            // The fused (FMA) path of the C kernel rounds once per step instead of twice, so
            // its dot-product error (≤ d·u·Σ|qⱼrⱼ| to first order) is within the same bound.
            let u: Float = 1.0 / 16_777_216
            let expandedError = Float(2 * d + 16) * u * 2 * (queryNorm + largestReferenceNorm)
            let bound = 2 * (expandedError + Float(d + 2) * u * (abs(worstApproximate) + expandedError))
            guard worstApproximate - bound > kth else { return false }
        }
        for r in 0..<k {
            indicesOut[r] = candidates[r]
            distancesOut[r] = approximate[r]
        }
        return true
    }

    /// Rows per block of the symmetric within-set scan (a multiple of 8).
    static let symmetricBlockRows = 256

    /// Candidate lists (`listSize` per row, by the expanded-form distance, ordered by
    /// (distance, index)) of every row of `points` among the other rows, computing each pair's
    /// distance once. Rows are cut into blocks; a diagonal pass handles each block against
    /// itself, then the block pairs are scheduled as a round-robin tournament (circle method),
    /// so the pairs of one round touch disjoint blocks and run in parallel without locks.
    /// Lists are ordered by the total order (distance, index), so the result does not depend on
    /// the order in which pairs are visited, nor on the number of threads.
    static func symmetricCandidates(points: UnsafePointer<Float>, norms: UnsafePointer<Float>,
                                    packed: UnsafePointer<Float>, packedNorms: UnsafePointer<Float>,
                                    count n: Int, dimension d: Int, listSize m: Int,
                                    bestD: UnsafeMutablePointer<Float>, bestI: UnsafeMutablePointer<Int32>,
                                    level: Int32, context: ExecutionContext) {
        let rowsPerBlock = symmetricBlockRows
        let blocks = (n + rowsPerBlock - 1) / rowsPerBlock
        let filled = UnsafeMutablePointer<Int>.allocate(capacity: n)
        filled.initialize(repeating: 0, count: n)
        defer { filled.deallocate() }
        // Slots a list never fills (only with NaN data) read as NaN at row 0: safe to read, and
        // a NaN fails stage 2's proof.
        bestD.initialize(repeating: .nan, count: n * m)
        bestI.initialize(repeating: 0, count: n * m)
        // Each list's current m-th distance (infinity until full), contiguous for quick rejects.
        let worst = UnsafeMutablePointer<Float>.allocate(capacity: n)
        worst.initialize(repeating: .infinity, count: n)
        defer { worst.deallocate() }
        let shared = UncheckedSendable((points, norms, packed, packedNorms, bestD, bestI, filled, worst))

        /// Distances between the rows of blocks `a` and `b`, offered to both sides' lists.
        @Sendable func pair(_ a: Int, _ b: Int) {
            let (points, norms, packed, packedNorms, bestD, bestI, filled, worst) = shared.value
            let aRows = a * rowsPerBlock ..< min(n, (a + 1) * rowsPerBlock)
            let bRows = b * rowsPerBlock ..< min(n, (b + 1) * rowsPerBlock)
            let blockStart = bRows.lowerBound / 8, blockEnd = (bRows.upperBound + 7) / 8
            let tileD = UnsafeMutablePointer<Float>.allocate(capacity: 4 * rowsPerBlock)
            defer { tileD.deallocate() }
            var g = aRows.lowerBound
            while g < aRows.upperBound {
                let groupSize = min(4, aRows.upperBound - g)
                let id0 = g, id1 = g + min(1, groupSize - 1), id2 = g + min(2, groupSize - 1), id3 = g + min(3, groupSize - 1)
                gais_expanded_tile(points + id0 * d, points + id1 * d, points + id2 * d, points + id3 * d,
                                   norms[id0], norms[id1], norms[id2], norms[id3], packed, packedNorms,
                                   blockStart, blockEnd, d, tileD, rowsPerBlock, level)
                // Rows of a against rows of b (the C scan skips, eight at a time, the entries
                // beyond each row's current bound).
                for qi in 0..<groupSize {
                    let query = g + qi
                    gais_offer_row(tileD + qi * rowsPerBlock, bRows.count, bRows.lowerBound, query,
                                   bestD + query * m, bestI + query * m, filled + query, m, worst + query, level)
                }
                // Rows of b against rows of a (the same distances, read down the columns, skipping
                // the columns where none of the four is within the b row's bound).
                if a != b {
                    gais_offer_columns(tileD, rowsPerBlock, groupSize, g, bRows.count, bRows.lowerBound,
                                       bestD, bestI, filled, worst, m, level)
                }
                g += 4
            }
        }

        Parallel.forEach(count: blocks, context: context) { pair($0, $0) }
        let slots = blocks + blocks % 2   // an odd count gets a bye slot
        guard slots > 1 else { return }
        for round in 0..<(slots - 1) {
            var pairs: [(Int, Int)] = [(slots - 1, round)]
            for i in 1..<(slots / 2) {
                pairs.append(((round + i) % (slots - 1), (round - i + slots - 1) % (slots - 1)))
            }
            pairs = pairs.filter { $0.0 < blocks && $0.1 < blocks }
            Parallel.forEach(count: pairs.count, context: context) { pair(pairs[$0].0, pairs[$0].1) }
        }
    }

    /// Scans every reference tile for the queries `ids[chunk]`, leaving in `bestD`/`bestI`
    /// (row `local`, `listSize` entries) each query's nearest references by the kernel's
    /// distance, ties to the smaller index. With norms given, the kernel is the expanded form
    /// on centred data; without, the exact sum of squared differences.
    static func scanChunk(_ chunk: Range<Int>, ids: UnsafeBufferPointer<Int>, queries: UnsafePointer<Float>,
                          queryNorms: UnsafePointer<Float>?, packed: UnsafePointer<Float>,
                          packedNorms: UnsafePointer<Float>?, referenceCount: Int, dimension d: Int,
                          listSize k: Int, excludeSelf: Bool,
                          bestD: UnsafeMutablePointer<Float>, bestI: UnsafeMutablePointer<Int32>, level: Int32) {
        let tile = tileReferences
        let chunkCount = chunk.count
        let filled = UnsafeMutablePointer<Int>.allocate(capacity: chunkCount)
        filled.initialize(repeating: 0, count: chunkCount)
        bestD.initialize(repeating: .nan, count: chunkCount * k)
        bestI.initialize(repeating: 0, count: chunkCount * k)
        // Distances of four queries to the current tile.
        let tileD = UnsafeMutablePointer<Float>.allocate(capacity: 4 * tile)
        defer { filled.deallocate(); tileD.deallocate() }

        var tileStart = 0
        while tileStart < referenceCount {
            let tileEnd = min(referenceCount, tileStart + tile)
            let blockStart = tileStart / 8, blockEnd = (tileEnd + 7) / 8
            var g = 0
            while g < chunkCount {
                let groupSize = min(4, chunkCount - g)
                // Slots beyond the chunk repeat its last query; their results are ignored.
                let id0 = ids[chunk.lowerBound + g]
                let id1 = ids[chunk.lowerBound + g + min(1, groupSize - 1)]
                let id2 = ids[chunk.lowerBound + g + min(2, groupSize - 1)]
                let id3 = ids[chunk.lowerBound + g + min(3, groupSize - 1)]
                let q0 = queries + id0 * d, q1 = queries + id1 * d
                let q2 = queries + id2 * d, q3 = queries + id3 * d
                if let queryNorms, let packedNorms {
                    gais_expanded_tile(q0, q1, q2, q3, queryNorms[id0], queryNorms[id1], queryNorms[id2],
                                       queryNorms[id3], packed, packedNorms, blockStart, blockEnd, d, tileD, tile, level)
                } else {
                    for b in blockStart..<blockEnd {
                        let (a0, a1, a2, a3) = distancesFourByEight(q0, q1, q2, q3, block: packed + b * d * 8, dimension: d)
                        store(a0, a1, a2, a3, to: tileD + (b - blockStart) * 8, stride: tile)
                    }
                }
                for qi in 0..<groupSize {
                    let local = g + qi
                    let query = ids[chunk.lowerBound + local]
                    let row = tileD + qi * tile
                    let lb = bestD + local * k, li = bestI + local * k
                    var count = filled[local]
                    var worst = count == k ? lb[k - 1] : Float.infinity
                    for r in tileStart..<tileEnd {
                        let dist = row[r - tileStart]
                        // Strictly nearer only: an equal distance keeps the earlier, smaller index.
                        if dist < worst {
                            if excludeSelf && r == query { continue }
                            var pos = count < k ? count : k - 1
                            while pos > 0 && lb[pos - 1] > dist {
                                lb[pos] = lb[pos - 1]
                                li[pos] = li[pos - 1]
                                pos -= 1
                            }
                            lb[pos] = dist
                            li[pos] = Int32(truncatingIfNeeded: r)
                            if count < k { count += 1 }
                            if count == k { worst = lb[k - 1] }
                        }
                    }
                    filled[local] = count
                }
                g += 4
            }
            tileStart = tileEnd
        }
    }

    /// Squared distances from four queries to the eight references of one packed block.
    /// Each SIMD lane is one reference summing its squared differences in dimension order, the
    /// same arithmetic as `squaredDistance`, hence bit-identical results.
    @inline(__always)
    static func distancesFourByEight(_ q0: UnsafePointer<Float>, _ q1: UnsafePointer<Float>,
                                     _ q2: UnsafePointer<Float>, _ q3: UnsafePointer<Float>,
                                     block: UnsafePointer<Float>, dimension d: Int)
        -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        var a0 = SIMD8<Float>(repeating: 0), a1 = a0, a2 = a0, a3 = a0
        let raw = UnsafeRawPointer(block)
        for j in 0..<d {
            let r = raw.loadUnaligned(fromByteOffset: j * 32, as: SIMD8<Float>.self)
            let t0 = SIMD8<Float>(repeating: q0[j]) - r
            let t1 = SIMD8<Float>(repeating: q1[j]) - r
            let t2 = SIMD8<Float>(repeating: q2[j]) - r
            let t3 = SIMD8<Float>(repeating: q3[j]) - r
            a0 += t0 * t0
            a1 += t1 * t1
            a2 += t2 * t2
            a3 += t3 * t3
        }
        return (a0, a1, a2, a3)
    }

    /// Writes four rows of eight values, `stride` floats apart.
    @inline(__always)
    static func store(_ a0: SIMD8<Float>, _ a1: SIMD8<Float>, _ a2: SIMD8<Float>, _ a3: SIMD8<Float>,
                      to out: UnsafeMutablePointer<Float>, stride: Int) {
        let o = UnsafeMutableRawPointer(out)
        o.storeBytes(of: a0, toByteOffset: 0, as: SIMD8<Float>.self)
        o.storeBytes(of: a1, toByteOffset: stride * 4, as: SIMD8<Float>.self)
        o.storeBytes(of: a2, toByteOffset: 2 * stride * 4, as: SIMD8<Float>.self)
        o.storeBytes(of: a3, toByteOffset: 3 * stride * 4, as: SIMD8<Float>.self)
    }

    /// Reference rows rearranged as `⌈count/8⌉` blocks of `dimension × 8` floats: value j of
    /// the 8 rows of a block lie next to each other, ready for one SIMD load. Padding lanes are 0
    /// and never reported.
    /// With `width` 16 (the layout of `gais_expanded_tile`), blocks of sixteen rows instead:
    /// eight-wide block b then starts at float (b/2)·16·dimension + (b mod 2)·8, stride 16.
    static func packInBlocksOfEight(_ reference: [Float], count: Int, dimension d: Int, width: Int = 8) -> [Float] {
        let blocks = (count + width - 1) / width
        var packed = [Float](repeating: 0, count: blocks * d * width)
        reference.withUnsafeBufferPointer { src in
            packed.withUnsafeMutableBufferPointer { dst in
                for r in 0..<count {
                    let base = (r / width) * d * width + (r % width)
                    for j in 0..<d { dst[base + j * width] = src[r * d + j] }
                }
            }
        }
        return packed
    }

    /// Column means (accumulated in `Double`).
    static func columnMeans(_ matrix: [Float], count: Int, dimension d: Int) -> [Float] {
        var sums = [Double](repeating: 0, count: d)
        matrix.withUnsafeBufferPointer { m in
            for r in 0..<count { for j in 0..<d { sums[j] += Double(m[r * d + j]) } }
        }
        return sums.map { Float($0 / Double(max(1, count))) }
    }

    /// `matrix` with `mean` subtracted from every row.
    static func centred(_ matrix: [Float], on mean: [Float], dimension d: Int) -> [Float] {
        var out = matrix
        out.withUnsafeMutableBufferPointer { o in
            for i in 0..<o.count { o[i] -= mean[i % d] }
        }
        return out
    }

    /// Squared Euclidean norm of every row.
    static func squaredNorms(_ matrix: [Float], dimension d: Int) -> [Float] {
        let count = matrix.count / d
        var norms = [Float](repeating: 0, count: count)
        matrix.withUnsafeBufferPointer { m in
            for r in 0..<count {
                var s: Float = 0
                for j in 0..<d { s += m[r * d + j] * m[r * d + j] }
                norms[r] = s
            }
        }
        return norms
    }
}

/// Runs `body` with sendable read-only pointers to the arrays' storage.
@inline(__always)
func withPointers<A, B, C, R>(_ a: [A], _ b: [B], _ c: [C],
                              _ body: (UncheckedSendable<UnsafePointer<A>>, UncheckedSendable<UnsafePointer<B>>,
                                       UncheckedSendable<UnsafeBufferPointer<C>>) -> R) -> R {
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeBufferPointer { c in
                body(UncheckedSendable(a.baseAddress!), UncheckedSendable(b.baseAddress!), UncheckedSendable(c))
            }
        }
    }
}

/// Runs `body` with sendable read-only pointers to the arrays' storage (seven arrays).
@inline(__always)
func withPointers<A, B, C, D, E, F, G, R>(
    _ a: [A], _ b: [B], _ c: [C], _ d: [D], _ e: [E], _ f: [F], _ g: [G],
    _ body: (UncheckedSendable<UnsafePointer<A>>, UncheckedSendable<UnsafePointer<B>>,
             UncheckedSendable<UnsafePointer<C>>, UncheckedSendable<UnsafePointer<D>>,
             UncheckedSendable<UnsafePointer<E>>, UncheckedSendable<UnsafePointer<F>>,
             UncheckedSendable<UnsafeBufferPointer<G>>) -> R) -> R {
    withPointers(a, b, c) { a, b, c in
        withPointers(d, e, f) { d, e, f in
            g.withUnsafeBufferPointer { g in
                body(a, b, UncheckedSendable(c.value.baseAddress!), d, e, UncheckedSendable(f.value.baseAddress!),
                     UncheckedSendable(g))
            }
        }
    }
}
