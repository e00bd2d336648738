import GAISCore
/// Limited-memory BFGS minimiser (Liu & Nocedal, "On the limited memory BFGS method for large
/// scale optimization", Math. Programming 45, 1989) with a backtracking Armijo line search.
///
/// Meant for smooth convex objectives such as the regularised logistic loss: the curvature
/// pair of a step is kept only when `sᵀy > 0`, which keeps the inverse-Hessian estimate
/// positive definite without a Wolfe line search.
public struct LBFGS: Sendable {
    /// Curvature pairs remembered, ≥ 1.
    public var historySize: Int
    /// Stop when the largest absolute gradient component is at most this, > 0.
    public var gradientTolerance: Double
    /// Stop after this many iterations, ≥ 1.
    public var maxIterations: Int

    public init(historySize: Int = 10, gradientTolerance: Double = 1e-5, maxIterations: Int = 200) {
        self.historySize = historySize
        self.gradientTolerance = gradientTolerance
        self.maxIterations = maxIterations
    }

    /// What the minimiser reached.
    public struct Result: Sendable {
        public var x: [Double]
        public var value: Double
        /// Largest absolute gradient component at `x`.
        public var gradientNorm: Double
        public var iterations: Int
        /// Whether the gradient tolerance was met.
        public var converged: Bool
    }

    /// Minimises `objective`, which returns f(x) and writes ∇f(x) into its second argument.
    /// - Complexity: per iteration, one or more objective calls plus O(historySize · x.count).
    public func minimize(from start: [Double],
                         _ objective: (_ x: [Double], _ gradient: inout [Double]) -> Double) -> Result {
        let m = max(1, historySize)
        var x = start
        var g = [Double](repeating: 0, count: x.count)
        var f = objective(x, &g)
        var sHistory: [[Double]] = []
        var yHistory: [[Double]] = []
        var rhoHistory: [Double] = []
        var iterations = 0
        var gNorm = Self.maxAbs(g)
        while gNorm > gradientTolerance && iterations < maxIterations {
            iterations += 1
            // Two-loop recursion: direction = −H·g.
            var q = g
            var alphas = [Double](repeating: 0, count: sHistory.count)
            for i in stride(from: sHistory.count - 1, through: 0, by: -1) {
                alphas[i] = rhoHistory[i] * Self.dot(sHistory[i], q)
                Self.axpy(-alphas[i], yHistory[i], &q)
            }
            if let s = sHistory.last, let y = yHistory.last {
                let gamma = Self.dot(s, y) / Self.dot(y, y)
                for i in q.indices { q[i] *= gamma }
            }
            for i in 0..<sHistory.count {
                let beta = rhoHistory[i] * Self.dot(yHistory[i], q)
                Self.axpy(alphas[i] - beta, sHistory[i], &q)
            }
            var direction = q.map { -$0 }
            var slope = Self.dot(direction, g)
            if !(slope < 0) {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                direction = g.map { -$0 }
                slope = -Self.dot(g, g)
                sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
            }
            var step = sHistory.isEmpty ? min(1, 1 / Self.dot(g, g).squareRoot()) : 1.0
            var newX = x
            var newG = g
            var newF = f
            var accepted = false
            for _ in 0..<60 {
                for i in x.indices { newX[i] = x[i] + step * direction[i] }
                newF = objective(newX, &newG)
                if newF.isFinite && newF <= f + 1e-4 * step * slope {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            if !accepted { break }
            var s = newX
            var y = newG
            for i in x.indices {
                s[i] -= x[i]
                y[i] -= g[i]
            }
            let sy = Self.dot(s, y)
            if sy > 1e-12 * Self.dot(y, y) {
                if sHistory.count == m {
                    sHistory.removeFirst(); yHistory.removeFirst(); rhoHistory.removeFirst()
                }
                sHistory.append(s)
                yHistory.append(y)
                rhoHistory.append(1 / sy)
            }
            let decrease = f - newF
            x = newX
            g = newG
            f = newF
            gNorm = Self.maxAbs(g)
            // A step that no longer changes the value in double precision cannot make progress.
            if decrease <= 1e-16 * max(1, abs(f)) && gNorm > gradientTolerance && sHistory.isEmpty { break }
        }
        return Result(x: x, value: f, gradientNorm: gNorm, iterations: iterations,
                      converged: gNorm <= gradientTolerance)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        for i in y.indices { y[i] += alpha * x[i] }
    }

    static func maxAbs(_ a: [Double]) -> Double {
        var m = 0.0
        for v in a { m = max(m, abs(v)) }
        return m
    }
}
