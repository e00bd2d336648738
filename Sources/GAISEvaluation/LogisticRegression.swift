import GAISCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Multinomial (softmax) logistic regression with an L2 penalty, fitted by L-BFGS, as
/// scikit-learn's `LogisticRegression(C=1, solver="lbfgs")` for more than two classes.
///
/// Minimises `(1/n) Σ_i −log softmax(W x_i + b)_{y_i} + (1 / (2 C n)) ‖W‖²` (the intercepts
/// `b` are not penalised), which is sklearn's `C Σ_i loss_i + ½‖W‖²` divided by `C n`. When the
/// training rows hold exactly two classes, sklearn fits a single logistic vector `w = w₁ − w₀`
/// with penalty `½‖w‖²`; the symmetric softmax optimum has `w₁ = −w₀ = w/2`, so the softmax form
/// with `C/2` gives the same classifier, and that is what is fitted.
public struct LogisticRegression: Classifier {
    /// Inverse regularisation strength, > 0 (sklearn's default 1).
    public var inverseRegularization: Double
    /// Stop when the largest gradient component of the scaled objective is at most this, > 0.
    public var gradientTolerance: Double
    /// L-BFGS iteration cap, ≥ 1.
    public var maxIterations: Int

    /// Threads for the loss and gradient sums (the fit does not depend on them).
    public var context: ExecutionContext = .allCores

    public init(inverseRegularization: Double = 1, gradientTolerance: Double = 1e-5, maxIterations: Int = 200) {
        self.inverseRegularization = inverseRegularization
        self.gradientTolerance = gradientTolerance
        self.maxIterations = maxIterations
    }

    /// Checks the parameters.
    public func validate() throws {
        try GAISError.require(inverseRegularization > 0, "C", of: "lr classifier", "positive", got: inverseRegularization)
        try GAISError.require(gradientTolerance > 0, "tolerance", of: "lr classifier", "positive", got: gradientTolerance)
        try GAISError.require(maxIterations >= 1, "max-iterations", of: "lr classifier", "at least 1", got: maxIterations)
    }

    /// Value and gradient of the scaled objective at `weights` (layout: class `c` owns
    /// `weights[c * (d + 1) ..< (c + 1) * (d + 1)]`, the intercept last). Rows are processed in
    /// fixed chunks whose partial gradients are added in chunk order, so the result does not
    /// depend on the thread count.
    /// - Complexity: O(n · d · classCount).
    public func objective(weights: [Double], gradient: inout [Double], features: [Float],
                          featureCount d: Int, labels: [Int32], classCount k: Int) -> Double {
        objective(weights: weights, gradient: &gradient, features: features.map(Double.init), featureCount: d,
                  labels: labels, classCount: k)
    }

    /// As above, with the features already widened to `Double` (done once per fit, not per call).
    func objective(weights: [Double], gradient: inout [Double], features: [Double],
                   featureCount d: Int, labels: [Int32], classCount k: Int) -> Double {
        let n = labels.count
        let width = d + 1
        let parameterCount = k * width
        let grain = 256
        let chunks = max(1, (n + grain - 1) / grain)
        var partialGradients = [Double](repeating: 0, count: chunks * parameterCount)
        var partialLosses = [Double](repeating: 0, count: chunks)
        features.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                labels.withUnsafeBufferPointer { labels in
                partialGradients.withUnsafeMutableBufferPointer { pg in
                    partialLosses.withUnsafeMutableBufferPointer { pl in
                        let pg = UnsafeMutableSendableBuffer(pg)
                        let pl = UnsafeMutableSendableBuffer(pl)
                        Parallel.forEachChunk(count: n, grain: grain, context: context) { range in
                            let chunk = range.lowerBound / grain
                            let g = UnsafeMutableBufferPointer(rebasing: pg.base[chunk * parameterCount ..< (chunk + 1) * parameterCount])
                            withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { z in
                                var loss = 0.0
                                for i in range {
                                    let row = i * d
                                    var top = -Double.infinity
                                    for c in 0..<k {
                                        let wc = c * width
                                        var s = w[wc + d]
                                        for j in 0..<d { s += w[wc + j] * x[row + j] }
                                        z[c] = s
                                        top = max(top, s)
                                    }
                                    var sum = 0.0
                                    for c in 0..<k {
                                        z[c] = exp(z[c] - top)
                                        sum += z[c]
                                    }
                                    let y = Int(labels[i])
                                    loss += log(sum) - log(z[y])
                                    let inverse = 1 / sum
                                    for c in 0..<k {
                                        let residual = z[c] * inverse - (c == y ? 1 : 0)
                                        let wc = c * width
                                        for j in 0..<d { g[wc + j] += residual * x[row + j] }
                                        g[wc + d] += residual
                                    }
                                }
                                pl.base[chunk] = loss
                            }
                        }
                    }
                }
                }
            }
        }
        var loss = 0.0
        for i in 0..<parameterCount { gradient[i] = 0 }
        for chunk in 0..<chunks {
            loss += partialLosses[chunk]
            for i in 0..<parameterCount { gradient[i] += partialGradients[chunk * parameterCount + i] }
        }
        let scale = n > 0 ? 1 / Double(n) : 1
        let penalty = scale / inverseRegularization
        loss *= scale
        for c in 0..<k {
            for j in 0..<width {
                let p = c * width + j
                gradient[p] *= scale
                if j < d {
                    gradient[p] += penalty * weights[p]
                    loss += 0.5 * penalty * weights[p] * weights[p]
                }
            }
        }
        return loss
    }

    /// Fits the weights from zero by L-BFGS.
    /// - Complexity: O(iterations · n · d · classCount).
    public func fit(features: [Float], featureCount d: Int, labels: [Int32], classCount k: Int,
                    seed: UInt64) -> Model {
        let solver = LBFGS(historySize: 10, gradientTolerance: gradientTolerance, maxIterations: maxIterations)
        guard !labels.isEmpty else {
            return Model(featureCount: d, classCount: k, weights: [Double](repeating: 0, count: k * (d + 1)),
                         iterations: 0, converged: true)
        }
        var present = Set<Int32>()
        for label in labels where present.count < 3 { present.insert(label) }
        var problem = self
        if present.count == 2 { problem.inverseRegularization /= 2 }
        let wide = features.map(Double.init)
        let result = solver.minimize(from: [Double](repeating: 0, count: k * (d + 1))) { w, g in
            problem.objective(weights: w, gradient: &g, features: wide, featureCount: d, labels: labels, classCount: k)
        }
        return Model(featureCount: d, classCount: k, weights: result.x, iterations: result.iterations,
                     converged: result.converged)
    }

    /// The fitted weights.
    public struct Model: TrainedClassifier {
        public let featureCount: Int
        public let classCount: Int
        /// `weights[c * (featureCount + 1) + j]`, intercept at `j == featureCount`.
        public let weights: [Double]
        /// L-BFGS iterations used.
        public let iterations: Int
        /// Whether the gradient tolerance was reached.
        public let converged: Bool

        /// - Complexity: O(q · d · classCount).
        public func predict(features: [Float]) -> [Int32] {
            let d = featureCount
            let width = d + 1
            let rows = d > 0 ? features.count / d : 0
            var out = [Int32](repeating: 0, count: rows)
            features.withUnsafeBufferPointer { x in
                for i in 0..<rows {
                    var best = 0
                    var bestScore = -Double.infinity
                    for c in 0..<classCount {
                        var s = weights[c * width + d]
                        for j in 0..<d { s += weights[c * width + j] * Double(x[i * d + j]) }
                        if s > bestScore { bestScore = s; best = c }
                    }
                    out[i] = Int32(best)
                }
            }
            return out
        }
    }
}
