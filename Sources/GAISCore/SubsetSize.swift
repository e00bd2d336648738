/// How many rows a selector that takes a size (random, GAIS) keeps.
public enum SubsetSize: Sendable, Equatable, CustomStringConvertible {
    /// Keep `max(1, round(ratio · n_c))` rows of each class `c`; `ratio` in (0, 1].
    case keepRatio(Double)
    /// Remove this fraction of the rows: the same as `keepRatio(1 − reduction)`; in [0, 1).
    case reduction(Double)
    /// Keep exactly this many rows in total (at least one per class), shared between classes in
    /// proportion to their sizes by largest remainders.
    case count(Int)

    /// The method's default: keep 4 % of each class (≈ 96 % reduction).
    public static let `default` = SubsetSize.keepRatio(0.04)

    public var description: String {
        switch self {
        case .keepRatio(let r): return "keep-ratio \(r)"
        case .reduction(let r): return "reduction \(r)"
        case .count(let n): return "keep \(n)"
        }
    }

    /// The parameter names of the three spellings (see `Parameter.sizes`), of which a method
    /// takes at most one.
    public static let parameterNames = ["keep-ratio", "reduction", "keep"]

    /// Rows to keep per class, given the class sizes. Classes with no rows get 0; every other
    /// class gets at least 1 and at most its size.
    public func quotas(classCounts: [Int]) -> [Int] {
        switch self {
        case .keepRatio(let r):
            return classCounts.map { $0 == 0 ? 0 : min($0, max(1, Int((r * Double($0)).rounded()))) }
        case .reduction(let r):
            return SubsetSize.keepRatio(1 - r).quotas(classCounts: classCounts)
        case .count(let total):
            let n = classCounts.reduce(0, +)
            guard n > 0 else { return classCounts.map { _ in 0 } }
            let present = classCounts.filter { $0 > 0 }.count
            let target = min(n, max(total, present))
            // Start from one row per present class, share the rest by largest remainders.
            var quotas = classCounts.map { $0 > 0 ? 1 : 0 }
            let rest = target - present
            var remainders: [(Double, Int)] = []
            var given = 0
            for (c, count) in classCounts.enumerated() where count > 0 {
                let exact = Double(rest) * Double(count) / Double(n)
                let whole = min(count - 1, Int(exact))
                quotas[c] += whole
                given += whole
                remainders.append((exact - Double(whole), c))
            }
            remainders.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
            var left = rest - given
            while left > 0 {
                var progressed = false
                for (_, c) in remainders where left > 0 && quotas[c] < classCounts[c] {
                    quotas[c] += 1
                    left -= 1
                    progressed = true
                }
                if !progressed { break }
            }
            return quotas
        }
    }
}
