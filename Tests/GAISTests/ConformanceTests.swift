import Testing
import GAIS

/// Overlapping Gaussian blobs, one per class, with a tiny last class (seeded).
func blobs(count: Int, dimension: Int, classCount: Int, seed: UInt64, tinyLastClass: Int? = nil) -> Dataset {
    var generator = Seed(seed).child("blobs").generator
    var features: [Float] = []
    var labels: [Int] = []
    for i in 0..<count {
        let c = i % classCount
        if let tiny = tinyLastClass, c == classCount - 1, labels.filter({ $0 == c }).count >= tiny { continue }
        for j in 0..<dimension {
            let centre: Float = j == c % dimension ? 1.2 : 0
            features.append(centre + Float(generator.nextGaussian()))
        }
        labels.append(c)
    }
    // Min-max scaled, as the encoder would.
    let n = labels.count
    for j in 0..<dimension {
        let column = (0..<n).map { features[$0 * dimension + j] }
        let lo = column.min()!, hi = column.max()!
        for i in 0..<n { features[i * dimension + j] = (features[i * dimension + j] - lo) / (hi - lo) }
    }
    return Dataset(features: features, featureCount: dimension, labels: labels)
}

/// The selection contract, checked over every method of the registry: bad parameters refused,
/// empty and one-class input refused clearly, same seed ⇒ same rows, indices valid and sorted,
/// every class kept, exactly the quota where the method promises one, and the same rows on 1
/// and 4 threads.
@Suite struct ConformanceTests {
    static let names = Methods.names

    @Test func registryNamesEveryMethodOnce() throws {
        #expect(Self.names.count == 17)
        #expect(Set(Self.names).count == Self.names.count)
        for name in Self.names {
            let selector = try Methods.selector(name)
            #expect(selector.variantName == name)
        }
        #expect(throws: GAISError.unknownMethod(name: "nope", known: Self.names)) { try Methods.selector("nope") }
    }

    @Test(arguments: Methods.names)
    func badParametersAreRejectedWithTheDomainsRule(name: String) throws {
        let method = try Methods.named(name)
        for parameter in method.parameters {
            let bad: String?
            switch parameter.domain {
            case .integer(let min, _): bad = String(min - 1)
            case .optionalInteger(let min, _, _): bad = String(min - 1)
            case .real(let lower, let lowerOpen, let upper, _):
                bad = lower.map { String(lowerOpen ? $0 : $0 - 1) } ?? upper.map { String($0 + 1) } ?? "nan"
            case .choice: bad = "no-such-value"
            case .flag: bad = "maybe"
            }
            guard let bad else { continue }
            #expect(throws: GAISError.invalidParameter(name: parameter.name, owner: name, rule: parameter.domain.rule,
                                                       value: bad)) {
                try method.selector(settings: [(parameter.name, bad)])
            }
        }
        #expect(throws: GAISError.self) { try method.selector(settings: [("no-such-parameter", "1")]) }
    }

    @Test(arguments: Methods.names)
    func emptyAndSingleClassInputThrow(name: String) throws {
        let selector = try Methods.selector(name)
        let empty = Dataset(features: [], featureCount: 2, labels: [Int32](), classNames: ["a", "b"])
        #expect(throws: GAISError.invalidInput("the data set has no rows")) { try selector.select(from: empty, seed: 1) }
        let oneClass = Dataset(features: [0, 1, 2, 3], featureCount: 2, labels: [Int32](arrayLiteral: 1, 1),
                               classNames: ["a", "b"])
        #expect(throws: GAISError.invalidInput("only one class ('b'); instance selection needs at least two")) {
            try selector.select(from: oneClass, seed: 1)
        }
        // No features at all (every column was constant): only the random selector works.
        let noFeatures = Dataset(features: [], featureCount: 0, labels: [0, 1, 0, 1])
        if name == "random" {
            #expect(try selector.select(from: noFeatures, seed: 1).indices.count == 2)
        } else {
            #expect(throws: GAISError.invalidInput("every feature column is constant; nothing to select on")) {
                try selector.select(from: noFeatures, seed: 1)
            }
        }
    }

    @Test(arguments: Methods.names)
    func resultsAreValidDeterministicAndKeepEveryClass(name: String) throws {
        let selector = try Methods.selector(name)
        for seed: UInt64 in [3, 4] {
            // Heavily overlapping blobs: the editing selectors remove a lot, and the third
            // class (12 rows) risks disappearing.
            let data = blobs(count: 240, dimension: 3, classCount: 3, seed: seed, tinyLastClass: 12)
            let a = try selector.select(from: data, seed: seed)
            let b = try selector.select(from: data, seed: seed)
            #expect(a.indices == b.indices, "\(name) seed \(seed)")
            #expect(zip(a.indices, a.indices.dropFirst()).allSatisfy { $0 < $1 }, "\(name): sorted, unique")
            #expect(a.indices.allSatisfy { (0..<data.rowCount).contains($0) })
            var kept = [Int](repeating: 0, count: data.classCount)
            for i in a.indices { kept[Int(data.labels[i])] += 1 }
            #expect(kept.allSatisfy { $0 > 0 }, "\(name) seed \(seed) kept \(kept)")
            if let quotas = selector.promisedQuotas(classCounts: data.classCounts) {
                #expect(kept == quotas, "\(name) seed \(seed)")
            }
            if let scores = a.scores { #expect(scores.count == data.rowCount) }
            #expect(!a.stageSeconds.isEmpty)
        }
    }

    /// Runs with 1 and 4 threads really differ in threads (the context is passed in, nothing
    /// global changes), so equal indices show the result does not depend on them, while the
    /// other tests run in parallel in the same process.
    @Test(arguments: Methods.names)
    func oneAndFourThreadsGiveTheSameRows(name: String) throws {
        let selector = try Methods.selector(name)
        let data = blobs(count: 1_500, dimension: 4, classCount: 3, seed: 21)
        let one = try selector.select(from: data, seed: 5, context: ExecutionContext(threads: 1))
        let four = try selector.select(from: data, seed: 5, context: ExecutionContext(threads: 4))
        #expect(one.indices == four.indices, "\(name)")
        #expect(one.scores == four.scores, "\(name)")
        // The portable kernels give the same rows too.
        let portable = try selector.select(from: data, seed: 5, context: ExecutionContext(threads: 2, kernelCap: 0))
        #expect(portable.indices == one.indices, "\(name)")
    }

    @Test func seedsOfTheTreeAreDistinct() {
        let root = Seed(7)
        let children = [root.child("graph"), root.child("network"), root.child("clusters"), root.child(0),
                        root.child(1), root.child("0"), root.child("graph").child(0), root.child(0).child("graph")]
        #expect(Set(children.map(\.value)).count == children.count)
        #expect(root.child("graph") == Seed(7).child("graph"))
        #expect(Seed(8).child("graph") != root.child("graph"))
    }
}
