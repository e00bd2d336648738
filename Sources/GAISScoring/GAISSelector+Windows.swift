import GAISCore
import GAISGraph
import GAISNetwork

extension GAISSelector {
    /// Scores for graphs whose groups overlap by design (`chunk` windows): each window is run on
    /// its own and a row in several windows keeps its highest score, as in the 2024 paper
    /// ("rows in overlaps get several scores; the maximum counts", method.md §2).
    /// - Complexity: one inference pass per window, O(Σ windows' nodes and edges).
    func windowMaximumScores(model: GATModel, data: Dataset, graph: SparseGraph) -> [Float] {
        var best = [Float](repeating: -.infinity, count: data.rowCount)
        let d = data.featureCount
        for window in graph.groups where !window.isEmpty {
            var features = [Float](repeating: 0, count: window.count * d)
            for (t, row) in window.enumerated() {
                for j in 0..<d { features[t * d + j] = data.features[Int(row) * d + j] }
            }
            let local = graph.inducedSubgraph(window)
            let inference = model.infer(features: features, graph: local, keepHidden: false)
            let values = score.values(probabilities: inference.probabilities, classCount: data.classCount,
                                      labels: window.map { data.labels[Int($0)] },
                                      attention: inference.attentionReceived)
            for (t, row) in window.enumerated() { best[Int(row)] = max(best[Int(row)], values[t]) }
        }
        return best
    }
}
