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
        for i in 0..<n {
            for j in 0..<d { mean[j] += Double(features[i * d + j]) }
        }
        for j in 0..<d { mean[j] /= Double(n) }
        for i in 0..<n {
            for j in 0..<d {
                let t = Double(features[i * d + j]) - mean[j]
                square[j] += t * t
            }
        }
        let scale = square.map { s -> Double in
            let deviation = (s / Double(n)).squareRoot()
            return deviation < 1e-6 ? 1 : 1 / deviation
        }
        var result = [Float](repeating: 0, count: features.count)
        for i in 0..<n {
            for j in 0..<d { result[i * d + j] = Float((Double(features[i * d + j]) - mean[j]) * scale[j]) }
        }
        return result
    }
}
