import GAISCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Gaussian naive Bayes, as scikit-learn's `GaussianNB` (Duda & Hart, "Pattern Classification
/// and Scene Analysis", 1973, §2): one normal density per class and feature, class priors from
/// the training frequencies.
///
/// Variances are the biased (maximum-likelihood) per-class variances plus
/// `varianceSmoothing × (largest variance of any feature over the whole training set)`, so a
/// feature constant within a class does not give a zero variance.
public struct GaussianNaiveBayes: Classifier {
    /// Fraction of the largest feature variance added to every variance, ≥ 0 (sklearn: 1e-9).
    public var varianceSmoothing: Double

    public init(varianceSmoothing: Double = 1e-9) {
        self.varianceSmoothing = varianceSmoothing
    }

    /// - Complexity: O(n · d).
    public func fit(features: [Float], featureCount d: Int, labels: [Int32], classCount: Int,
                    seed: UInt64) -> Model {
        let n = labels.count
        var counts = [Double](repeating: 0, count: classCount)
        var means = [Double](repeating: 0, count: classCount * d)
        var variances = [Double](repeating: 0, count: classCount * d)
        var overallMean = [Double](repeating: 0, count: d)
        var overallVariance = [Double](repeating: 0, count: d)
        features.withUnsafeBufferPointer { x in
            for i in 0..<n {
                let c = Int(labels[i])
                counts[c] += 1
                for j in 0..<d {
                    means[c * d + j] += Double(x[i * d + j])
                    overallMean[j] += Double(x[i * d + j])
                }
            }
            for c in 0..<classCount where counts[c] > 0 {
                for j in 0..<d { means[c * d + j] /= counts[c] }
            }
            if n > 0 { for j in 0..<d { overallMean[j] /= Double(n) } }
            // Two passes (mean, then squared deviations) for accuracy.
            for i in 0..<n {
                let c = Int(labels[i])
                for j in 0..<d {
                    let v = Double(x[i * d + j])
                    let dc = v - means[c * d + j]
                    variances[c * d + j] += dc * dc
                    let da = v - overallMean[j]
                    overallVariance[j] += da * da
                }
            }
        }
        for c in 0..<classCount where counts[c] > 0 {
            for j in 0..<d { variances[c * d + j] /= counts[c] }
        }
        let largest = n > 0 ? (overallVariance.max() ?? 0) / Double(n) : 0
        // A training set where every feature is constant has no scale: fall back to a tiny one
        // so the densities stay finite.
        let epsilon = largest > 0 ? varianceSmoothing * largest : max(varianceSmoothing, 1e-300)
        var logPriors = [Double](repeating: -.infinity, count: classCount)
        var logNormalisers = [Double](repeating: 0, count: classCount)
        for c in 0..<classCount where counts[c] > 0 {
            logPriors[c] = log(counts[c] / Double(n))
            var sum = 0.0
            for j in 0..<d {
                variances[c * d + j] += epsilon
                sum += log(2 * Double.pi * variances[c * d + j])
            }
            logNormalisers[c] = -0.5 * sum
        }
        return Model(featureCount: d, classCount: classCount, means: means, variances: variances,
                     logPriors: logPriors, logNormalisers: logNormalisers,
                     fallback: majorityClass(labels, classCount: classCount))
    }

    /// Per-class means and variances.
    public struct Model: TrainedClassifier {
        public let featureCount: Int
        public let classCount: Int
        /// `means[c * featureCount + j]`.
        public let means: [Double]
        /// Smoothed variances, `variances[c * featureCount + j]`.
        public let variances: [Double]
        /// log P(c); −∞ for classes without training rows.
        public let logPriors: [Double]
        let logNormalisers: [Double]
        let fallback: Int32

        /// Joint log-likelihood log P(c) + Σ_j log N(x_j; μ_cj, σ²_cj) of each row and class,
        /// row-major `rows × classCount`.
        public func jointLogLikelihood(features: [Float]) -> [Double] {
            let d = featureCount
            let rows = d > 0 ? features.count / d : 0
            var out = [Double](repeating: -.infinity, count: rows * classCount)
            features.withUnsafeBufferPointer { x in
                for i in 0..<rows {
                    for c in 0..<classCount where logPriors[c] > -.infinity {
                        var quadratic = 0.0
                        for j in 0..<d {
                            let diff = Double(x[i * d + j]) - means[c * d + j]
                            quadratic += diff * diff / variances[c * d + j]
                        }
                        out[i * classCount + c] = logPriors[c] + logNormalisers[c] - 0.5 * quadratic
                    }
                }
            }
            return out
        }

        /// Posterior probabilities P(c | x), row-major `rows × classCount`.
        public func probabilities(features: [Float]) -> [Double] {
            var joint = jointLogLikelihood(features: features)
            let rows = classCount > 0 ? joint.count / classCount : 0
            for i in 0..<rows {
                let base = i * classCount
                var top = -Double.infinity
                for c in 0..<classCount { top = max(top, joint[base + c]) }
                var sum = 0.0
                for c in 0..<classCount {
                    let e = top > -.infinity ? exp(joint[base + c] - top) : 0
                    joint[base + c] = e
                    sum += e
                }
                if sum > 0 { for c in 0..<classCount { joint[base + c] /= sum } }
            }
            return joint
        }

        /// - Complexity: O(q · classCount · d).
        public func predict(features: [Float]) -> [Int32] {
            let joint = jointLogLikelihood(features: features)
            let rows = classCount > 0 ? joint.count / classCount : 0
            guard logPriors.contains(where: { $0 > -.infinity }) else {
                return [Int32](repeating: fallback, count: rows)
            }
            return joint.withUnsafeBufferPointer { scores in
                (0..<rows).map { i in
                    Int32(argmax(UnsafeBufferPointer(rebasing: scores[i * classCount ..< (i + 1) * classCount])))
                }
            }
        }
    }
}
