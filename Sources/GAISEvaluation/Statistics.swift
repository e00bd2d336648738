import GAISCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Small statistics for the bench summary: means, ranks and the Wilcoxon signed-rank test.
public enum Statistics {
    /// Arithmetic mean; 0 for no values.
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// Sample standard deviation (n − 1 in the denominator); 0 for fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let m = mean(values)
        var sum = 0.0
        for v in values { sum += (v - m) * (v - m) }
        return (sum / Double(values.count - 1)).squareRoot()
    }

    /// Ranks from 1 for the smallest value; tied values share the average of their ranks.
    /// - Complexity: O(n log n).
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] != values[$1] ? values[$0] < values[$1] : $0 < $1 }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            let shared = Double(i + j + 2) / 2
            for t in i...j { ranks[order[t]] = shared }
            i = j + 1
        }
        return ranks
    }

    /// Ranks where the largest value gets rank 1 (the Friedman convention for accuracies); ties
    /// share the average rank.
    public static func descendingRanks(_ values: [Double]) -> [Double] {
        averageRanks(values.map { -$0 })
    }

    /// The result of a Wilcoxon signed-rank test.
    public struct WilcoxonResult: Sendable, Equatable {
        /// min(R⁺, R⁻), scipy's two-sided statistic.
        public var statistic: Double
        /// Two-sided p-value (1 when no non-zero difference is left).
        public var pValue: Double
        /// Non-zero differences used.
        public var count: Int
        /// Whether the exact null distribution was used (otherwise the normal approximation).
        public var exact: Bool
    }

    /// Two-sided Wilcoxon signed-rank test of the paired differences `x − y` (Wilcoxon,
    /// "Individual comparisons by ranking methods", Biometrics Bulletin 1, 1945), as scipy's
    /// `wilcoxon(x, y, zero_method="wilcox")` (no continuity correction, `method="auto"`):
    /// zero differences are dropped and tied absolute differences share average ranks. With `N`
    /// differences given (zeros included): when `N ≤ 50` and there is no tie and no zero, the
    /// exact null distribution; else when `N ≤ 13`, the exact distribution over all sign flips
    /// of the ranks actually seen (scipy's deterministic permutation test); otherwise the normal
    /// approximation with the tie correction of the variance.
    /// - Complexity: O(N log N), plus O(N³) for the exact distribution or O(2^N · N) for the
    ///   sign-flip enumeration.
    public static func wilcoxon(_ differences: [Double]) -> WilcoxonResult {
        let nonzero = differences.filter { $0 != 0 }
        let n = nonzero.count
        guard n > 0 else { return WilcoxonResult(statistic: 0, pValue: 1, count: 0, exact: false) }
        let ranks = averageRanks(nonzero.map { abs($0) })
        var plus = 0.0, minus = 0.0
        for i in 0..<n {
            if nonzero[i] > 0 { plus += ranks[i] } else { minus += ranks[i] }
        }
        let statistic = min(plus, minus)
        let hasTies = Set(nonzero.map { abs($0) }).count < n
        let hasZeros = n < differences.count
        if differences.count <= 50 && !hasTies && !hasZeros {
            // Number of subsets of {1…n} with each rank sum: the null distribution of R⁺.
            let maxSum = n * (n + 1) / 2
            var ways = [Double](repeating: 0, count: maxSum + 1)
            ways[0] = 1
            for r in 1...n {
                for s in stride(from: maxSum, through: r, by: -1) { ways[s] += ways[s - r] }
            }
            let t = Int(statistic.rounded())
            var lower = 0.0
            for s in 0...t { lower += ways[s] }
            let p = min(1, 2 * lower / pow(2.0, Double(n)))
            return WilcoxonResult(statistic: statistic, pValue: p, count: n, exact: true)
        }
        if differences.count <= 13 {
            // Every sign pattern of the non-zero differences is equally likely under the null.
            let patterns = 1 << n
            var atMost = 0, atLeast = 0
            let tolerance = 1e-9 * max(1, plus)
            for mask in 0..<patterns {
                var sum = 0.0
                for i in 0..<n where mask & (1 << i) != 0 { sum += ranks[i] }
                if sum <= plus + tolerance { atMost += 1 }
                if sum >= plus - tolerance { atLeast += 1 }
            }
            let p = min(1, 2 * Double(min(atMost, atLeast)) / Double(patterns))
            return WilcoxonResult(statistic: statistic, pValue: p, count: n, exact: true)
        }
        let nn = Double(n)
        let meanRank = nn * (nn + 1) / 4
        var variance = nn * (nn + 1) * (2 * nn + 1) / 24
        // Tie correction: Σ (t³ − t) / 48 over groups of equal absolute differences.
        let sortedAbs = nonzero.map { abs($0) }.sorted()
        var i = 0
        while i < n {
            var j = i
            while j + 1 < n && sortedAbs[j + 1] == sortedAbs[i] { j += 1 }
            let t = Double(j - i + 1)
            variance -= (t * t * t - t) / 48
            i = j + 1
        }
        guard variance > 0 else { return WilcoxonResult(statistic: statistic, pValue: 1, count: n, exact: false) }
        let z = (statistic - meanRank) / variance.squareRoot()
        // Two-sided: 2·Φ(−|z|) = erfc(|z|/√2).
        let p = min(1, erfc(abs(z) / 2.0.squareRoot()))
        return WilcoxonResult(statistic: statistic, pValue: p, count: n, exact: false)
    }
}
