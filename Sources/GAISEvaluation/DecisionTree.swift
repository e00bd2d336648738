import GAISCore

/// A CART classification tree with the Gini impurity (Breiman, Friedman, Olshen & Stone,
/// "Classification and Regression Trees", 1984), fully grown as scikit-learn's
/// `DecisionTreeClassifier()` defaults: nodes split until pure, or fewer than 2 rows, or no
/// feature varies.
///
/// At each node the best threshold of each feature is found by sorting the node's values and
/// sweeping them; thresholds are midpoints between consecutive distinct values (values closer
/// than 1e-7 count as equal, as in sklearn) and a row goes left when its value is ≤ the
/// threshold. Features are visited in a seeded random order; among equally good splits the first
/// visited wins, so the seed only matters for ties (and for `maxFeatures < d`).
public struct DecisionTree: Classifier {
    /// Features examined per split, in `1...d`; `nil` means all of them. Features constant within
    /// a node do not count (as in sklearn).
    public var maxFeatures: Int?

    public init(maxFeatures: Int? = nil) {
        self.maxFeatures = maxFeatures
    }

    /// - Complexity: O(d · n log n) per tree level, O(d · n log² n) for a balanced tree.
    public func fit(features: [Float], featureCount: Int, labels: [Int32], classCount: Int,
                    seed: UInt64) -> Model {
        var generator = SeededGenerator(seed: seed, stream: 0x7EE)
        return features.withUnsafeBufferPointer { x in
            Model.grow(features: x, featureCount: featureCount, labels: labels, classCount: classCount,
                       rows: Array(labels.indices), maxFeatures: maxFeatures ?? featureCount,
                       generator: &generator)
        }
    }

    /// The grown tree, stored as flat arrays.
    public struct Model: TrainedClassifier {
        public let featureCount: Int
        public let classCount: Int
        /// Split feature of each node, −1 for a leaf.
        let splitFeature: [Int32]
        /// Split threshold of each node (go left when value ≤ threshold).
        let threshold: [Float]
        /// For an inner node, the index of its left child (the right child follows it); for a
        /// leaf, the offset of its class distribution in `leafProbabilities`.
        let payload: [Int32]
        /// Class proportions of the training rows in each leaf, `classCount` values a leaf.
        let leafProbabilities: [Float]

        /// Number of nodes (inner nodes and leaves).
        public var nodeCount: Int { splitFeature.count }
        /// Number of leaves.
        public var leafCount: Int { classCount > 0 ? leafProbabilities.count / classCount : 0 }

        /// Offset in `leafProbabilities` of the leaf reached by the row at `x`.
        @inline(__always)
        func leafOffset(_ x: UnsafeBufferPointer<Float>, row: Int) -> Int {
            var node = 0
            while true {
                let f = Int(splitFeature[node])
                if f < 0 { return Int(payload[node]) }
                node = Int(payload[node]) + (x[row * featureCount + f] <= threshold[node] ? 0 : 1)
            }
        }

        /// Class probabilities of every row (the class proportions of its leaf), row-major.
        public func probabilities(features: [Float]) -> [Float] {
            let rows = featureCount > 0 ? features.count / featureCount : 0
            var out = [Float](repeating: 0, count: rows * classCount)
            features.withUnsafeBufferPointer { x in
                for i in 0..<rows {
                    let offset = leafOffset(x, row: i)
                    for c in 0..<classCount { out[i * classCount + c] = leafProbabilities[offset + c] }
                }
            }
            return out
        }

        /// - Complexity: O(q · depth).
        public func predict(features: [Float]) -> [Int32] {
            let rows = featureCount > 0 ? features.count / featureCount : 0
            var out = [Int32](repeating: 0, count: rows)
            features.withUnsafeBufferPointer { x in
                for i in 0..<rows {
                    let offset = leafOffset(x, row: i)
                    var best = 0
                    for c in 1..<max(1, classCount) where leafProbabilities[offset + c] > leafProbabilities[offset + best] {
                        best = c
                    }
                    out[i] = Int32(best)
                }
            }
            return out
        }

        /// Grows a tree on `rows` (indices into `features`; repeats act as weights, which is how
        /// a bootstrap sample is passed).
        static func grow(features x: UnsafeBufferPointer<Float>, featureCount d: Int, labels: [Int32],
                         classCount k: Int, rows initialRows: [Int], maxFeatures: Int,
                         generator: inout SeededGenerator) -> Model {
            var splitFeature: [Int32] = [-1]
            var threshold: [Float] = [0]
            var payload: [Int32] = [0]
            var leafProbabilities: [Float] = []
            var rows = initialRows
            let featuresPerSplit = max(1, min(d, maxFeatures))
            var featureOrder = Array(0..<d)
            // Sort keys: the value's order-preserving bit pattern above the label.
            var keys = [UInt64](repeating: 0, count: rows.count)
            var counts = [Int](repeating: 0, count: k)
            var leftCounts = [Int](repeating: 0, count: k)
            var stack: [(node: Int, start: Int, end: Int)] = [(0, 0, rows.count)]

            func makeLeaf(_ node: Int, total: Int) {
                splitFeature[node] = -1
                payload[node] = Int32(leafProbabilities.count)
                for c in 0..<k {
                    leafProbabilities.append(total > 0 ? Float(counts[c]) / Float(total) : (c == 0 ? 1 : 0))
                }
            }

            while let (node, start, end) = stack.popLast() {
                let m = end - start
                for c in 0..<k { counts[c] = 0 }
                for r in start..<end { counts[Int(labels[rows[r]])] += 1 }
                let present = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
                if m < 2 || present <= 1 || d == 0 {
                    makeLeaf(node, total: m)
                    continue
                }
                var totalSquares = 0.0
                for c in 0..<k { totalSquares += Double(counts[c] * counts[c]) }
                var bestScore = -Double.infinity
                var bestFeature = -1
                var bestThreshold: Float = 0
                var visited = 0
                var drawn = 0
                while visited < featuresPerSplit && drawn < d {
                    // Draw the next feature without replacement (partial Fisher–Yates).
                    let pick = drawn + generator.nextInt(below: d - drawn)
                    featureOrder.swapAt(drawn, pick)
                    let f = featureOrder[drawn]
                    drawn += 1
                    for r in start..<end {
                        let row = rows[r]
                        keys[r - start] = UInt64(Self.sortableBits(x[row * d + f])) << 32 | UInt64(UInt32(labels[row]))
                    }
                    keys.withUnsafeMutableBufferPointer { buffer in
                        var part = UnsafeMutableBufferPointer(rebasing: buffer[0..<m])
                        part.sort()
                        let low = Self.value(ofKey: part[0])
                        let high = Self.value(ofKey: part[m - 1])
                        guard high > low + 1e-7 else { return }
                        visited += 1
                        for c in 0..<k { leftCounts[c] = 0 }
                        var leftSquares = 0.0
                        var rightSquares = totalSquares
                        var current = low
                        for i in 0..<(m - 1) {
                            let c = Int(UInt32(truncatingIfNeeded: part[i]))
                            let l = leftCounts[c]
                            let r = counts[c] - l
                            leftSquares += Double(2 * l + 1)
                            rightSquares -= Double(2 * r - 1)
                            leftCounts[c] = l + 1
                            let next = Self.value(ofKey: part[i + 1])
                            if next <= current + 1e-7 { current = max(current, next); continue }
                            let nLeft = Double(i + 1)
                            let score = leftSquares / nLeft + rightSquares / Double(m - i - 1)
                            if score > bestScore {
                                bestScore = score
                                bestFeature = f
                                var t = current / 2 + next / 2
                                if t >= next || t < current { t = current }
                                bestThreshold = t
                            }
                            current = next
                        }
                    }
                }
                guard bestFeature >= 0 else {
                    makeLeaf(node, total: m)
                    continue
                }
                // Partition rows[start..<end]: values ≤ threshold first.
                var i = start
                var j = end - 1
                while i <= j {
                    if x[rows[i] * d + bestFeature] <= bestThreshold {
                        i += 1
                    } else {
                        rows.swapAt(i, j)
                        j -= 1
                    }
                }
                let left = splitFeature.count
                splitFeature[node] = Int32(bestFeature)
                threshold[node] = bestThreshold
                payload[node] = Int32(left)
                splitFeature.append(contentsOf: [-1, -1])
                threshold.append(contentsOf: [0, 0])
                payload.append(contentsOf: [0, 0])
                stack.append((left + 1, i, end))
                stack.append((left, start, i))
            }
            return Model(featureCount: d, classCount: k, splitFeature: splitFeature, threshold: threshold,
                         payload: payload, leafProbabilities: leafProbabilities)
        }

        /// Maps a float to a `UInt32` whose unsigned order is the float's order.
        @inline(__always)
        static func sortableBits(_ v: Float) -> UInt32 {
            let bits = v.bitPattern
            return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
        }

        @inline(__always)
        static func value(ofKey key: UInt64) -> Float {
            let bits = UInt32(truncatingIfNeeded: key >> 32)
            return Float(bitPattern: bits & 0x8000_0000 != 0 ? bits & 0x7FFF_FFFF : ~bits)
        }
    }
}
