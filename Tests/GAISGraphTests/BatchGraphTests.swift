import GAISCore
@testable import GAISGraph
import Testing

/// The default graph kept as its batches must be the graph `build` makes, batch by batch.
@Suite struct BatchGraphTests {
    @Test(arguments: [(300, 64, 10), (1000, 1024, 10), (517, 100, 3), (50, 7, 20), (2, 2, 10)])
    func sameGraphAsBuild(rows: Int, batchSize: Int, k: Int) throws {
        let (features, labels) = blobs(rows: rows, dimension: 6, classes: 3, seed: UInt64(rows + batchSize))
        var batches = MiniBatchGraph()
        batches.batchSize = batchSize
        batches.edges.neighbors = k
        let configuration = GraphConfiguration.minibatch(batches)
        let (whole, wholeReport) = try GraphBuilder.build(features: features, featureCount: 6, labels: labels,
                                                          configuration: configuration, seed: Seed(5))
        let (grouped, groupedReport) = try GraphBuilder.buildGrouped(features: features, featureCount: 6, labels: labels,
                                                                     configuration: configuration, seed: Seed(5))
        let batchGraph = try #require(grouped as? BatchGraph)
        #expect(batchGraph.sparseGraph() == whole)
        for b in whole.groups.indices {
            #expect(batchGraph.groupSubgraph(b) == whole.inducedSubgraph(whole.groups[b]), "batch \(b)")
        }
        var same = groupedReport
        same.seconds = wholeReport.seconds
        #expect(same == wholeReport)
    }

    /// Configurations it does not cover come back as `build`'s graph.
    @Test func otherConfigurationsFallBack() throws {
        let (features, labels) = blobs(rows: 200, dimension: 4, classes: 2, seed: 1)
        var repeated = MiniBatchGraph()
        repeated.repeats = 2
        for configuration in [GraphConfiguration.minibatch(repeated), GraphConfiguration(.lsh), GraphConfiguration(.chunk)] {
            let (grouped, _) = try GraphBuilder.buildGrouped(features: features, featureCount: 4, labels: labels,
                                                             configuration: configuration, seed: Seed(2))
            let (whole, _) = try GraphBuilder.build(features: features, featureCount: 4, labels: labels,
                                                    configuration: configuration, seed: Seed(2))
            #expect(grouped as? SparseGraph == whole)
        }
    }
}
