import GAISCore
import GAISNeighbors

/// LSBo, the local-set border selector: after LSSm, keeps a few rows near the class borders.
///
/// E. Leyva, A. González and R. Pérez, "Three new instance selection methods based on local
/// sets: A comparative study with several approaches from a bi-objective perspective",
/// Pattern Recognition 48(4), 2015.
///
/// Variant (as in the paper): T ← LSSm(T) (see `LocalSetSmootherSelector`); local sets are
/// recomputed on T; rows are visited by increasing local-set size (ties → smaller row) and a
/// row is added to the selection S unless LS(x) ∩ S ≠ ∅, i.e. unless an already selected row
/// of its class is strictly nearer to it than its nearest enemy. Small local sets are near the
/// border, so border rows are chosen first and each stands for its neighbourhood. A class left
/// with no row keeps its row nearest its mean.
///
/// - Complexity: O(n² · d) for LSSm and the local sets, plus O(n · |S| · d) for the scan.
public struct LocalSetBorderSelector: InstanceSelector {
    public static let methodName = "lsbo"

    public init() {}

    public static var parameterTable: ParameterTable<Self> { ParameterTable([]) }

    public func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput {
        let rows = LocalSetSmootherSelector.smooth(Array(0..<data.rowCount), in: data, context: run.context)
        run.endStage("smooth")
        var mask = [Bool](repeating: false, count: data.rowCount)
        if !rows.isEmpty {
            let stats = NeighborhoodTools.localSets(of: rows, in: data, context: run.context)
            let order = rows.indices.sorted {
                stats.localSetSize[$0] != stats.localSetSize[$1] ? stats.localSetSize[$0] < stats.localSetSize[$1] : $0 < $1
            }
            var selectedByClass = [[Int]](repeating: [], count: data.classCount)
            let d = data.featureCount
            data.features.withUnsafeBufferPointer { f in
                let base = f.baseAddress!
                for p in order {
                    let x = rows[p]
                    let c = Int(data.labels[x])
                    let covered = selectedByClass[c].contains { s in
                        SquaredDistance.inOrder(base + x * d, base + s * d, dimension: d) < stats.radius[p]
                    }
                    if !covered {
                        selectedByClass[c].append(x)
                        mask[x] = true
                    }
                }
            }
        }
        run.endStage("border")
        return SelectorOutput(indices: (0..<data.rowCount).filter { mask[$0] })
    }
}
