import GAISCore

/// Random-hyperplane hash codes of the centred rows (SimHash, Charikar, STOC 2002), and the
/// buckets they induce, as used by the `lsh` builders of method.md §2.
///
/// Bit q of a row's code is 1 when the centred row lies on the positive side of hyperplane q.
/// Hyperplane 0 is the most significant bit, so a prefix of p bits is `code >> (bits − p)` and
/// sorting by code keeps rows with long common prefixes together ("code order").
struct SimHashTable {
    /// Code of each row, `bits` significant bits.
    let codes: [UInt64]
    /// Projection of each centred row on one more random direction: the order in which a bucket
    /// that no bit can split further is cut into chunks.
    let chunkKeys: [Float]
    /// Hyperplanes per code.
    let bits: Int

    /// Hashes every row.
    /// - Parameters:
    ///   - features: row-major `rowCount × dimension` values.
    ///   - means: column means (the centre).
    ///   - featureSubset: the features the hyperplanes span (the others get weight 0).
    ///   - bits: hyperplanes, 1...64.
    /// - Complexity: O(n·bits·d).
    init(features: UnsafeBufferPointer<Float>, rowCount n: Int, dimension d: Int, means: [Float],
         featureSubset: [Int], bits: Int, generator: inout SeededGenerator, context: ExecutionContext) {
        precondition((1...64).contains(bits))
        let planeCount = bits + 1
        var planes = [Float](repeating: 0, count: planeCount * d)
        var offsets = [Float](repeating: 0, count: planeCount)
        for p in 0..<planeCount {
            for j in featureSubset { planes[p * d + j] = Float(generator.nextGaussian()) }
            var offset: Float = 0
            for j in featureSubset { offset += planes[p * d + j] * means[j] }
            offsets[p] = offset
        }
        var codes = [UInt64](repeating: 0, count: n)
        var keys = [Float](repeating: 0, count: n)
        codes.withUnsafeMutableBufferPointer { codeBuffer in
            keys.withUnsafeMutableBufferPointer { keyBuffer in
                planes.withUnsafeBufferPointer { planeBuffer in
                    let codeOut = UnsafeMutableSendableBuffer(codeBuffer)
                    let keyOut = UnsafeMutableSendableBuffer(keyBuffer)
                    guard let planeBase = planeBuffer.baseAddress, let rowBase = features.baseAddress else { return }
                    Parallel.forEachChunk(count: n, grain: 2048, context: context) { range in
                        for i in range {
                            let row = rowBase + i * d
                            var code: UInt64 = 0
                            for p in 0..<bits {
                                let projection = Self.dot(row, planeBase + p * d, count: d) - offsets[p]
                                code = (code << 1) | (projection >= 0 ? 1 : 0)
                            }
                            codeOut.base[i] = code
                            keyOut.base[i] = Self.dot(row, planeBase + bits * d, count: d) - offsets[bits]
                        }
                    }
                }
            }
        }
        self.codes = codes
        self.chunkKeys = keys
        self.bits = bits
    }

    /// `Σ a[j]·b[j]`, vectorised.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var accumulator = SIMD8<Float>()
        var j = 0
        while j + 8 <= count {
            accumulator += UnsafeRawPointer(a + j).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + j).loadUnaligned(as: SIMD8<Float>.self)
            j += 8
        }
        var sum = accumulator.sum()
        while j < count { sum += a[j] * b[j]; j += 1 }
        return sum
    }

    /// The buckets of the code prefix of `prefixBits` bits.
    ///
    /// 1. Rows sharing the prefix form a bucket; buckets are taken in code order.
    /// 2. A bucket of fewer than `minimumSize` rows is merged into the bucket before or after it
    ///    in code order, whichever code range is nearer (ties: the one before), until none is
    ///    small or only one bucket is left.
    /// 3. A bucket of more than `cap` rows is split by the next bits of the code (a bit is
    ///    skipped when one side would have fewer than `minimumSize` rows); when the bits run out
    ///    it is cut into ⌈size/cap⌉ chunks of nearly equal size along `chunkKeys`.
    /// So with `cap ≥ 2·minimumSize` and n ≥ `minimumSize`, every bucket has between
    /// `minimumSize` and `cap` rows. Rows inside a bucket are ascending.
    /// - Complexity: O(n log n).
    func buckets(prefixBits: Int, minimumSize: Int, cap: Int) -> [[Int32]] {
        let n = codes.count
        guard n > 0 else { return [] }
        let shift = UInt64(bits - prefixBits)
        let order = (0..<n).sorted { a, b in
            let ka = codes[a] >> shift, kb = codes[b] >> shift
            return ka != kb ? ka < kb : a < b
        }
        // Runs of equal prefix, as a doubly linked list so merging is O(1).
        var members: [[Int32]] = []
        var low: [UInt64] = [], high: [UInt64] = []
        var start = 0
        while start < n {
            let key = codes[order[start]] >> shift
            var end = start + 1
            while end < n && codes[order[end]] >> shift == key { end += 1 }
            members.append(order[start..<end].map { Int32($0) })
            low.append(key)
            high.append(key)
            start = end
        }
        let count = members.count
        var previous = (0..<count).map { $0 - 1 }
        var next = (0..<count).map { $0 + 1 < count ? $0 + 1 : -1 }
        var head = 0
        var current = 0
        while current != -1 {
            guard members[current].count < minimumSize else { current = next[current]; continue }
            let before = previous[current], after = next[current]
            if before == -1 && after == -1 { break }
            let target: Int
            if before == -1 {
                target = after
            } else if after == -1 {
                target = before
            } else {
                target = low[after] - high[current] < low[current] - high[before] ? after : before
            }
            members[target].append(contentsOf: members[current])
            members[current] = []
            low[target] = min(low[target], low[current])
            high[target] = max(high[target], high[current])
            if before != -1 { next[before] = after } else { head = after }
            if after != -1 { previous[after] = before }
            current = after
        }
        var result: [[Int32]] = []
        var b = head
        while b != -1 {
            split(members[b], bit: prefixBits, minimumSize: minimumSize, cap: cap, into: &result)
            b = next[b]
        }
        return result
    }

    /// Splits `rows` recursively by code bit `bit` onwards, then by chunks (see `buckets`).
    private func split(_ rows: [Int32], bit: Int, minimumSize: Int, cap: Int, into result: inout [[Int32]]) {
        if rows.count <= cap {
            result.append(rows.sorted())
            return
        }
        var bit = bit
        while bit < bits {
            let shift = UInt64(bits - 1 - bit)
            let zeros = rows.filter { (codes[Int($0)] >> shift) & 1 == 0 }
            if zeros.count >= minimumSize && rows.count - zeros.count >= minimumSize {
                let ones = rows.filter { (codes[Int($0)] >> shift) & 1 == 1 }
                split(zeros, bit: bit + 1, minimumSize: minimumSize, cap: cap, into: &result)
                split(ones, bit: bit + 1, minimumSize: minimumSize, cap: cap, into: &result)
                return
            }
            bit += 1
        }
        let ordered = rows.sorted { a, b in
            let ka = chunkKeys[Int(a)], kb = chunkKeys[Int(b)]
            return ka != kb ? ka < kb : a < b
        }
        let pieces = (rows.count + cap - 1) / cap
        for p in 0..<pieces {
            let lo = p * rows.count / pieces, hi = (p + 1) * rows.count / pieces
            result.append(ordered[lo..<hi].sorted())
        }
    }
}
