import GAISCore
import GAISNetwork

/// Column standardisation (z-scores) of a feature matrix: the network's input (choice).
///
/// Min-max encoded features all lie in [0, 1], so every input of the network is positive and the
/// first layer starts almost linear and badly conditioned; centring and scaling each column to
/// unit variance lets the same network fit far better (validation accuracies in BENCHMARKS.md,
/// "default-choice evidence"). Graphs and `cover` groups keep the
/// encoded features.
public enum Standardization {
    /// The z-score map of each column: minus its mean, divided by its standard deviation
    /// (population; columns with a deviation below 1e-6 are only centred).
    /// - Parameters:
    ///   - features: row-major `n × featureCount` values.
    ///   - featureCount: ≥ 1.
    /// - Complexity: O(n·featureCount); sums in Double, in row order.
    public static func scaling(_ features: [Float], featureCount d: Int) -> InputScaling {
        precondition(d >= 1 && features.count % d == 0)
        let n = features.count / d
        var mean = [Double](repeating: 0, count: d)
        var square = [Double](repeating: 0, count: d)
        guard n > 0 else { return InputScaling(center: mean, scale: [Double](repeating: 1, count: d)) }
        features.withUnsafeBufferPointer { x in
            mean.withUnsafeMutableBufferPointer { mean in
                square.withUnsafeMutableBufferPointer { square in
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
        }
        let scale = square.map { s -> Double in
            let deviation = (s / Double(n)).squareRoot()
            return deviation < 1e-6 ? 1 : 1 / deviation
        }
        return InputScaling(center: mean, scale: scale)
    }

    /// The z-scores themselves (`scaling(…)` applied to every value).
    public static func zScores(_ features: [Float], featureCount d: Int) -> [Float] {
        precondition(d >= 1 && features.count % d == 0)
        guard features.count > 0 else { return features }
        return scaling(features, featureCount: d).applied(to: features)
    }
}
