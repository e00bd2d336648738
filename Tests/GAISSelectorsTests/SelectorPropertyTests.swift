import Testing
import GAISCore
import GAISNeighbors
@testable import GAISSelectors

/// Properties that define some of the selectors, on seeded random data.
@Suite struct SelectorPropertyTests {
    @Test func cnnStoreClassifiesEveryRowCorrectly() throws {
        for seed: UInt64 in [1, 2, 3] {
            let data = TestData.blobs(count: 500, dimension: 3, classCount: 3, seed: seed)
            let kept = try CondensedNearestNeighborSelector().select(from: data, seed: seed).indices
            let store = data.subset(kept)
            let lists = NearestNeighbors.search(queries: data.features, reference: store.features,
                                                dimension: data.featureCount, k: 1)
            let wrong = (0..<data.rowCount).filter { store.labels[Int(lists.indices[$0])] != data.labels[$0] }
            #expect(wrong.isEmpty, "seed \(seed): \(wrong.count) rows misclassified by the CNN store")
        }
    }

    @Test func rennOutputIsAFixedPointOfEnn() throws {
        for seed: UInt64 in [1, 2] {
            let data = TestData.blobs(count: 400, dimension: 2, classCount: 2, seed: seed)
            let renn = try RepeatedEditedNearestNeighborsSelector().select(from: data, seed: seed).indices
            let again = EditedNearestNeighborsSelector.edit(renn, in: data, k: 3, context: .allCores)
            #expect(again.allSatisfy { $0 }, "seed \(seed)")
            let enn = try EditedNearestNeighborsSelector().select(from: data, seed: seed).indices
            #expect(Set(renn).isSubset(of: Set(enn)))
            let allknn = try AllKNearestNeighborsSelector().select(from: data, seed: seed).indices
            #expect(Set(allknn).isSubset(of: Set(enn)), "All-kNN flags everything ENN (k = 3) flags")
        }
    }

    @Test func ennAgreesWithADirectImplementation() throws {
        let data = TestData.blobs(count: 300, dimension: 5, classCount: 3, seed: 8)
        let lists = NearestNeighbors.bruteForce(queries: data.features, reference: data.features,
                                                dimension: 5, k: 3, excludeSelf: true)
        var expected: [Int] = []
        for i in 0..<data.rowCount {
            let labels = lists.neighbors(of: i).map { data.labels[Int($0)] }
            var counts = [Int32: Int]()
            for l in labels { counts[l, default: 0] += 1 }
            let top = counts.values.max()!
            // Ties: the nearest of the tied classes.
            let winner = labels.first { counts[$0] == top }!
            if winner == data.labels[i] { expected.append(i) }
        }
        let s = try EditedNearestNeighborsSelector().select(from: data, seed: 1)
        #expect(s.indices == expected)
    }
}
