import GAISCore
import GAISKernels

/// Greedy k-center per class (Gonzalez 1985, "farthest-first traversal"): the first centre is
/// the row nearest the class mean, each next one the row farthest from every centre chosen so
/// far (ties to the smaller row). A 2-approximation of the smallest radius that covers the class
/// with q_c balls; it keeps outliers and the class's extent, where k-means keeps its mass.
/// Classes above `pieces.threshold` rows are done piecewise (`PerClassPieces`).
///
/// - Complexity: O(n_c · q_c · d) per class (pieces of `pieces.pieceRows` rows above the threshold).
public struct KCenterSelector: SizedSelector {
    public static let methodName = "kcenter"
    /// Rows kept per class.
    public var size: SubsetSize = .default
    public var pieces = PerClassPieces()

    public init() {}

    public static let parameterTable = ParameterTable<KCenterSelector>(
        Parameter.sizes(\.size) + PerClassPieces.parameters(\.pieces), exclusive: [SubsetSize.parameterNames])

    public func promisedQuotas(classCounts: [Int]) -> [Int]? { size.quotas(classCounts: classCounts) }

    public func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        let quotas = size.quotas(classCounts: data.classCounts)
        let kept = pieces.choose(rowsByClass: data.rowsByClass, quotas: quotas, seed: seed, context: run.context) {
            rows, quota, _, _ in
            Self.farthestFirst(rows: rows.sorted(), quota: quota, points: data.features, dimension: data.featureCount)
        }
        return SelectorOutput(indices: kept)
    }

    /// `quota` rows of `rows` (ascending) by farthest-first traversal, in the order chosen.
    ///
    /// The rows are copied feature-major (one SIMD lane per row in `gais_farthest_first_step`),
    /// so each step is one pass over them with the sums of `SquaredDistance.inOrder`, bit for bit.
    static func farthestFirst(rows: [Int], quota: Int, points: [Float], dimension d: Int) -> [Int] {
        guard quota > 0 else { return [] }
        guard quota < rows.count else { return rows }
        let n = rows.count, stride = (n + 15) / 16 * 16
        // The class mean (sums in row order, in Double) and the feature-major copy, in one pass.
        var mean = [Double](repeating: 0, count: d)
        var transposed = [Float](repeating: 0, count: d * stride)
        points.withUnsafeBufferPointer { p in
            mean.withUnsafeMutableBufferPointer { sum in
                transposed.withUnsafeMutableBufferPointer { out in
                    for (t, r) in rows.enumerated() {
                        // The class's rows are scattered over the table: fetch ahead.
                        if t + 8 < n { gais_prefetch(p.baseAddress! + rows[t + 8] * d, MemoryLayout<Float>.stride * d) }
                        let row = UnsafeBufferPointer(rebasing: p[r * d ..< r * d + d])
                        for j in 0..<d {
                            sum[j] += Double(row[j])
                            out[j * stride + t] = row[j]
                        }
                    }
                }
            }
        }
        let centre = mean.map { Float($0 / Double(n)) }
        // Padding rows are never the farthest.
        var nearest = [Float](repeating: .infinity, count: stride)
        for t in n..<stride { nearest[t] = -.infinity }
        var chosen: [Int] = []
        chosen.reserveCapacity(quota)
        var isChosen = [Bool](repeating: false, count: n)
        points.withUnsafeBufferPointer { p in
            centre.withUnsafeBufferPointer { c in
                guard let base = p.baseAddress, let centreBase = c.baseAddress else { return }
                var pick = 0, pickDistance = Float.infinity
                for (t, r) in rows.enumerated() {
                    let dist = SquaredDistance.inOrder(base + r * d, centreBase, dimension: d)
                    if dist < pickDistance { pickDistance = dist; pick = t }
                }
                while chosen.count < quota {
                    chosen.append(rows[pick])
                    isChosen[pick] = true
                    var farthest: Float = 0
                    let next = transposed.withUnsafeBufferPointer { t in
                        nearest.withUnsafeMutableBufferPointer { out in
                            gais_farthest_first_step(t.baseAddress, stride, d, base + rows[pick] * d, out.baseAddress,
                                                     &farthest)
                        }
                    }
                    // Every row is already a centre (duplicates): take the first not chosen.
                    if farthest <= 0 {
                        guard let free = isChosen.firstIndex(of: false) else { break }
                        pick = free
                    } else {
                        pick = next
                    }
                }
            }
        }
        return chosen
    }
}
