import GAISCore

/// Column standardisation (z-scores) of a feature matrix: the network's input (choice).
///
/// Min-max encoded features all lie in [0, 1], so every input of the network is positive and the
/// first layer starts almost linear and badly conditioned; centring and scaling each column to
/// unit variance lets the same network fit far better (validation accuracy with the default
/// GAT: iris 73 → 93 %, phoneme 74 → 79 %, bupa 49 → 57 %). Graphs and `cover` groups keep the
/// encoded features.
public enum Standardization {
    /// Each column minus its mean, divided by its standard deviation (population; columns with
    /// a deviation below 1e-6 are only centred).
    /// - Parameters:
    ///   - features: row-major `n × featureCount` values.
    ///   - featureCount: ≥ 1.
    /// - Complexity: O(n·featureCount); sums in Double, in row order.
    public static func zScores(_ features: [Float], featureCount d: Int) -> [Float] {
        precondition(d >= 1 && features.count % d == 0)
        let n = features.count / d
        guard n > 0 else { return features }
        var mean = [Double](repeating: 0, count: d)
        var square = [Double](repeating: 0, count: d)
        var result: [Float] = []
        features.withUnsafeBufferPointer { x in
            mean.withUnsafeMutableBufferPointer { mean in
                square.withUnsafeMutableBufferPointer { square in
                    // The sums stay in row order (one pass each, as written in the reference).
                    for i in 0..<n {
                        let row = x.baseAddress! + i * d
                        for j in 0..<d { mean[j] += Double(row[j]) }
                    }
                    for j in 0..<d { mean[j] /= Double(n) }
                    for i in 0..<n {
                        let row = x.baseAddress! + i * d
                        for j in 0..<d {
                            let t = Double(row[j]) - mean[j]
                            square[j] += t * t
                        }
                    }
                }
            }
            let scale = square.map { s -> Double in
                let deviation = (s / Double(n)).squareRoot()
                return deviation < 1e-6 ? 1 : 1 / deviation
            }
            // Each value is scaled on its own, so rows are split across cores; the result is
            // written once, without zero-filling it first (its pages are first touched here).
            result = [Float](unsafeUninitializedCapacity: features.count) { out, initialized in
                let out = UnsafeMutableSendableBuffer(out)
                let source = UncheckedSendable(x)
                Parallel.forEachChunk(count: n, grain: 16384) { rows in
                    for i in rows {
                        for j in 0..<d {
                            out.base[i * d + j] = Float((Double(source.value[i * d + j]) - mean[j]) * scale[j])
                        }
                    }
                }
                initialized = features.count
            }
        }
        return result
    }
}
