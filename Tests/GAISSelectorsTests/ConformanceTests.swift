import Testing
import GAISCore
import GAISNeighbors
@testable import GAISSelectors

/// Checks every classic selector against the contract of `InstanceSelector`.
@Suite struct ConformanceTests {
    static let names = ClassicSelectors.allNames

    @Test func registryKnowsEveryName() {
        #expect(Set(Self.names) == ["random", "cnn", "enn", "renn", "allknn", "icf", "drop3", "lssm", "lsbo"])
        for name in Self.names {
            #expect(ClassicSelectors.named(name).map { type(of: $0).methodName } == name)
            #expect(ClassicSelectors.named(name.uppercased()) != nil)
        }
        #expect(ClassicSelectors.named("gais-unknown") == nil)
    }

    @Test(arguments: ClassicSelectors.allNames)
    func badParametersAreRejected(name: String) throws {
        let data = TestData.blobs(count: 40, dimension: 2, classCount: 2, seed: 1)
        if ClassicSelectors.namesTakingNeighbors.contains(name) {
            for k in [0, -3] {
                let selector = try #require(ClassicSelectors.named(name, neighbors: k))
                #expect(throws: GAISError.self) { try selector.validate() }
                #expect(throws: GAISError.self) { try selector.select(from: data, seed: 1) }
            }
            let good = try #require(ClassicSelectors.named(name, neighbors: 5))
            #expect(good.parameters.contains { $0.name == "neighbors" && $0.value == "5" })
        }
        if name == "random" {
            for size in [SubsetSize.keepRatio(0), .keepRatio(1.5), .reduction(1), .count(0)] {
                let selector = try #require(ClassicSelectors.named(name, size: size))
                #expect(throws: GAISError.self) { try selector.validate() }
            }
        }
        try #require(ClassicSelectors.named(name)).validate()
    }

    @Test(arguments: ClassicSelectors.allNames)
    func emptyAndSingleClassInputThrow(name: String) throws {
        let selector = try #require(ClassicSelectors.named(name))
        let empty = Dataset(features: [], featureCount: 2, labels: [Int32](), classNames: ["a", "b"])
        #expect(throws: GAISError.invalidInput("the data set has no rows")) { try selector.select(from: empty, seed: 1) }
        let oneClass = Dataset(features: [0, 1, 2, 3], featureCount: 2, labels: [Int32](arrayLiteral: 1, 1),
                               classNames: ["a", "b"])
        #expect(throws: GAISError.self) { try selector.select(from: oneClass, seed: 1) }
        // No features at all (every column was constant): neighbour-based selectors refuse,
        // the random selector still works.
        let noFeatures = Dataset(features: [], featureCount: 0, labels: [0, 1, 0, 1])
        if name == "random" {
            #expect(try selector.select(from: noFeatures, seed: 1).indices.count == 2)
        } else {
            #expect(throws: GAISError.self) { try selector.select(from: noFeatures, seed: 1) }
        }
    }

    @Test(arguments: ClassicSelectors.allNames)
    func resultsAreValidDeterministicAndKeepEveryClass(name: String) throws {
        let selector = try #require(ClassicSelectors.named(name))
        for seed: UInt64 in [3, 4] {
            // Heavily overlapping blobs: the editing selectors remove a lot, and the third
            // class (tiny) risks disappearing.
            var data = TestData.blobs(count: 240, dimension: 3, classCount: 3, seed: seed)
            data = data.subset((0..<240).filter { data.labels[$0] != 2 || $0 < 12 })
            let a = try selector.select(from: data, seed: seed)
            let b = try selector.select(from: data, seed: seed)
            #expect(a.indices == b.indices, "\(name) seed \(seed)")
            #expect(!a.indices.isEmpty)
            #expect(zip(a.indices, a.indices.dropFirst()).allSatisfy { $0 < $1 }, "\(name): sorted, unique")
            #expect(a.indices.allSatisfy { (0..<data.rowCount).contains($0) })
            let kept = Set(a.indices.map { data.labels[$0] })
            #expect(kept == Set(data.labels), "\(name) seed \(seed) kept classes \(kept)")
        }
    }

    @Test(arguments: ClassicSelectors.allNames)
    func resultsDoNotDependOnThreadCount(name: String) throws {
        let selector = try #require(ClassicSelectors.named(name))
        let data = TestData.blobs(count: 600, dimension: 4, classCount: 3, seed: 21)
        let saved = Parallel.maxThreads
        Parallel.maxThreads = 1
        let one = try selector.select(from: data, seed: 5)
        Parallel.maxThreads = saved
        let many = try selector.select(from: data, seed: 5)
        #expect(one.indices == many.indices)
    }
}

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
            let again = EditedNearestNeighborsSelector.edit(renn, in: data, k: 3)
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
