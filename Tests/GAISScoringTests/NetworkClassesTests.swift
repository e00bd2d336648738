import GAISCore
import Testing
@testable import GAISScoring

@Suite struct NetworkClassesTests {
    @Test func fewClassesKeepTheirOwnOutputs() {
        let classes = NetworkClasses(classCounts: [5, 1, 9], limit: 3)
        #expect(classes.isIdentity)
        #expect(classes.count == 3)
        #expect(classes.labels([2, 0, 1]) == [2, 0, 1])
    }

    @Test func beyondTheLimitTheSmallestShareTheLastOutput() {
        // Sizes 4, 9, 1, 9, 2 with limit 3: the two largest (classes 1 and 3, tie in class order)
        // get outputs 0 and 1; classes 0, 2 and 4 share output 2.
        let classes = NetworkClasses(classCounts: [4, 9, 1, 9, 2], limit: 3)
        #expect(!classes.isIdentity)
        #expect(classes.count == 3)
        #expect(classes.outputOfClass == [2, 0, 2, 1, 2])
        #expect(classes.labels([0, 1, 2, 3, 4, 1]) == [2, 0, 2, 1, 2, 0])
    }

    /// Thousands of two-row classes: the network trains on `output-classes` outputs (training
    /// had been quadratic: 10,000 classes in 20,000 rows took minutes), and every class still
    /// keeps its quota of one row.
    @Test func manyTinyClassesKeepOneRowEach() throws {
        let classCount = 600, rows = 2 * classCount
        var generator = Seed(11).generator
        var features = [Float](), labels = [Int32]()
        for i in 0..<rows {
            for _ in 0..<3 { features.append(Float.random(in: 0...1, using: &generator)) }
            labels.append(Int32(i % classCount))
        }
        let data = Dataset(features: features, featureCount: 3, labels: labels,
                           classNames: (0..<classCount).map { "c\($0)" })
        var selector = GAISSelector()
        selector.rule = .cover
        selector.network.epochs = 3
        selector.outputClasses = 16
        let selection = try selector.select(from: data, seed: 1, context: .allCores)
        #expect(selection.indices.count == classCount)
        #expect(Set(selection.indices.map { data.labels[$0] }).count == classCount)
    }
}
