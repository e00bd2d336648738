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

    /// A batch's symmetrised rows from hand-written lists: 0 lists 1 and 2, 1 lists 0 and 2, 2
    /// lists 0 and 0 (a repeat), 3 lists itself and 0.
    @Test func symmetrisedRowsByHand() {
        let graph = BatchGraph(nodeCount: 4, groups: [[0, 1, 2, 3]], neighbors: [[1, 2, 0, 2, 0, 0, 3, 0]])
        let rows = graph.groupSubgraph(0)
        #expect(rows.rowStart == [0, 4, 7, 10, 12])
        #expect(rows.neighbors == [0, 1, 2, 3, 0, 1, 2, 0, 1, 2, 0, 3])
    }

    /// Any lists (repeats, a row listing itself, hubs listed by many): the same rows as
    /// SparseGraph makes of the same edges.
    @Test func symmetrisedRowsMatchSparseGraphOnAnyLists() {
        var generator = Seed(11).generator
        for trial in 0 ..< 300 {
            let n = Int.random(in: 1 ... 70, using: &generator), k = Int.random(in: 0 ... 6, using: &generator)
            let hub = Int.random(in: 0 ..< n, using: &generator)
            let lists = (0 ..< n * k).map { _ in
                UInt16(Bool.random(using: &generator) ? hub : Int.random(in: 0 ..< n, using: &generator))
            }
            let graph = BatchGraph(nodeCount: n, groups: [(0 ..< Int32(n)).map { $0 }], neighbors: [lists])
            let expected = SparseGraph(nodeCount: n, edges: graph.localEdges(0), groups: graph.groups)
            #expect(graph.groupSubgraph(0) == expected, "trial \(trial): n \(n), k \(k)")
        }
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
