import Foundation
import GAISCore
import GAISGraph
import Testing
@testable import GAISNetwork

/// Training on bundled KEEL datasets (min-max scaled, kNN graphs built here), as the GAIS
/// pipeline will: the network must fit real data well, full-batch and in mini-batches.
struct BundledDatasetTests {
    /// Reads a headerless numeric CSV with the label last; scales features to [0, 1].
    static func load(_ name: String) throws -> (features: [Float], labels: [Int32], featureCount: Int, classCount: Int) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Datasets/keel/\(name).csv"), encoding: .utf8)
        var rows: [[Float]] = [], names: [String] = []
        for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            rows.append(fields.dropLast().map { Float($0) ?? 0 })
            names.append(fields.last ?? "")
        }
        let classes = Array(Set(names)).sorted()
        let d = rows[0].count
        var features: [Float] = []
        let lows = (0 ..< d).map { c in rows.map { $0[c] }.min() ?? 0 }
        let highs = (0 ..< d).map { c in rows.map { $0[c] }.max() ?? 1 }
        for row in rows {
            for c in 0 ..< d { features.append(highs[c] > lows[c] ? (row[c] - lows[c]) / (highs[c] - lows[c]) : 0) }
        }
        return (features, names.map { Int32(classes.firstIndex(of: $0) ?? 0) }, d, classes.count)
    }

    /// Symmetrised kNN (k = 10) inside each of `groupCount` stratified, seeded groups.
    static func graph(features: [Float], labels: [Int32], dimension: Int, groupCount: Int, seed: UInt64) -> SparseGraph {
        let n = labels.count
        var order = Array(0 ..< n)
        var generator = SeededGenerator(seed: seed)
        generator.shuffle(&order)
        order.sort { labels[$0] < labels[$1] }   // stable: shuffled inside each class
        var groups = [[Int32]](repeating: [], count: groupCount)
        for (r, v) in order.enumerated() { groups[r % groupCount].append(Int32(v)) }
        var edges: [(Int32, Int32)] = []
        for group in groups {
            for a in group {
                var distances: [(Float, Int32)] = []
                for b in group where b != a {
                    var s: Float = 0
                    for c in 0 ..< dimension {
                        let diff = features[Int(a) * dimension + c] - features[Int(b) * dimension + c]
                        s += diff * diff
                    }
                    distances.append((s, b))
                }
                distances.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                for (_, b) in distances.prefix(10) { edges.append((a, b)) }
            }
        }
        return SparseGraph(nodeCount: n, edges: edges, groups: groupCount == 1 ? nil : groups)
    }

    @Test func wineFullBatch() throws {
        let data = try Self.load("wine")
        #expect(data.labels.count == 178 && data.featureCount == 13 && data.classCount == 3)
        let graph = Self.graph(features: data.features, labels: data.labels, dimension: 13, groupCount: 1, seed: 1)
        let (model, report) = try GATTrainer.train(features: data.features, featureCount: 13, labels: data.labels,
                                                   classCount: 3, graph: graph, configuration: GATConfiguration(),
                                                   seed: Seed(1))
        #expect(report.trainingAccuracy >= 0.95, "\(report)")
        #expect(report.validationAccuracy >= 0.85, "\(report)")
        let inference = model.infer(features: data.features, graph: graph)
        let accuracy = zip(argmaxRows(inference.probabilities, columns: 3), data.labels)
            .filter { $0 == Int($1) }.count
        #expect(Double(accuracy) / 178 >= 0.95)
    }

    @Test func segmentInMiniBatches() throws {
        let data = try Self.load("segment")
        #expect(data.labels.count == 2310 && data.classCount == 7)
        let graph = Self.graph(features: data.features, labels: data.labels, dimension: data.featureCount,
                               groupCount: 4, seed: 2)
        let (model, report) = try GATTrainer.train(features: data.features, featureCount: data.featureCount,
                                                   labels: data.labels, classCount: 7, graph: graph,
                                                   configuration: GATConfiguration(), seed: Seed(2))
        #expect(report.trainingAccuracy >= 0.88, "\(report)")
        #expect(report.validationAccuracy >= 0.85, "\(report)")
        let inference = model.infer(features: data.features, graph: graph)
        let accuracy = zip(argmaxRows(inference.probabilities, columns: 7), data.labels)
            .filter { $0 == Int($1) }.count
        #expect(Double(accuracy) / 2310 >= 0.88)
    }
}
