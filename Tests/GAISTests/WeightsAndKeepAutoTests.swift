import Testing
import GAIS

/// `--weights` (the rows each kept row stands for), the `centroid` rule's convergence, and the
/// size search of `--keep auto`.
@Suite struct WeightsAndKeepAutoTests {
    @Test func nearestKeptRowOfTheClassWithTiesToTheSmallerRow() {
        // Class 0 at 0, 1, 2, 10, 11 (rows 0–4) and 5.5 (row 7); class 1 at 5, 6 (rows 5, 6).
        let data = Dataset(features: [0, 1, 2, 10, 11, 5, 6, 5.5], featureCount: 1, labels: [0, 0, 0, 0, 0, 1, 1, 0])
        // Kept 1, 3, 5: rows 0, 2 → 1; 4 → 3; 6 → 5; 7 is 4.5 from both 1 and 10 → row 1.
        #expect(RowWeights.counts(kept: [1, 3, 5], representatives: nil, data: data, context: .serial) == [4, 2, 2])
        // Representatives win over distances: the group sizes.
        let groups = [3, 3, 3, 3, 3, 5, 5, 1]
        #expect(RowWeights.counts(kept: [1, 3, 5], representatives: groups, data: data, context: .serial) == [1, 5, 2])
    }

    static let sized = ["gais", "gais-lsh", "prototypes", "facility", "kcenter", "random"]

    @Test(arguments: sized)
    func weightsSumToTheInputRows(method: String) throws {
        let data = blobs(count: 700, dimension: 4, classCount: 3, seed: 5, tinyLastClass: 9)
        let gaisSettings: [[(String, String)]] = [[("rule", "cover")], [("rule", "centroid")],
                                                  [("rule", "cover"), ("refine", "none")],
                                                  [("rule", "centroid"), ("refine", "none")]]
        for settings in method.hasPrefix("gais") ? gaisSettings : [[]] {
            let refined = method.hasPrefix("gais") && !settings.contains { $0 == ("refine", "none") }
            let selection = try Methods.selector(method, settings: settings + [("keep-ratio", "0.05")])
                .select(from: data, seed: 2, context: .serial)
            let weights = selection.weights(of: data, context: .serial)
            #expect(weights.count == selection.indices.count)
            #expect(weights.reduce(0, +) == data.rowCount)
            #expect(weights.allSatisfy { $0 >= 1 })
            // The groups: prototypes and the cover and centroid rules unless the swap search
            // (GAIS's default on inputs this small) moved their rows; nearest rows for the rest.
            #expect((selection.representatives != nil)
                    == ((method.hasPrefix("gais") && !refined) || method == "prototypes"))
            // Per class, the weights sum to the class size.
            for c in 0..<data.classCount {
                let sum = zip(selection.indices, weights).filter { data.labels[$0.0] == c }.map(\.1).reduce(0, +)
                #expect(sum == data.classCounts[c])
            }
            // The same on four threads.
            #expect(selection.weights(of: data, context: ExecutionContext(threads: 4)) == weights)
        }
    }

    @Test func theCentroidRuleIsThePrototypesRule() throws {
        // GAIS seeds its per-class rules with the child "clusters"; prototypes with the root.
        let data = blobs(count: 900, dimension: 3, classCount: 3, seed: 11)
        var centroid = GAISSelector()
        centroid.rule = .centroid
        centroid.refine = .none
        let fromGAIS = try centroid.select(from: data, seed: 4, context: .serial)
        let prototypes = try PrototypeSelector().run(on: data, seed: Seed(4).child("clusters"),
                                                     in: SelectionRun(context: .serial))
        #expect(fromGAIS.indices == prototypes.indices.sorted())
        #expect(fromGAIS.representatives == prototypes.representatives)
        // Its iterations and starts are parameters of the centroid rule only.
        #expect(throws: GAISError.self) {
            try Methods.selector("gais", settings: [("rule", "cover"), ("centroid-starts", "2")])
        }
        #expect(throws: GAISError.self) { try Methods.selector("gais-lsh", settings: [("centroid-starts", "2")]) }
        #expect(throws: GAISError.self) {
            try Methods.selector("gais", settings: [("rule", "centroid"), ("cluster-iterations", "5")])
        }
        let one = try Methods.selector("gais", settings: [("rule", "centroid"), ("centroid-starts", "1"),
                                                          ("centroid-iterations", "0"), ("refine", "none")])
        #expect(try one.select(from: data, seed: 4).indices.count == fromGAIS.indices.count)
    }

    /// Two classes on a checkerboard of 4 × 2 tight blobs (25 rows each, 10 apart): 1-NN is
    /// perfect once each class keeps one row per blob (4 of the 80 rows of an inner training
    /// part) and loses a blob's test rows with 3. The search: 1 %, 2 %, 4 % (3 rows) fail, 8 %
    /// (6) passes; bisection tries 5.66 % (5 rows, passes), 4.76 % (4, passes), 4.36 % (3,
    /// fails): the answer is 4.76 %, four rows per class.
    @Test func keepAutoFindsOneRowPerBlob() throws {
        var generator = Seed(3).generator
        var features: [Float] = []
        var labels: [Int] = []
        for i in 0..<4 {
            for j in 0..<2 {
                for _ in 0..<25 {
                    features += [Float(10 * i) + 0.5 * Float(generator.nextGaussian()),
                                 Float(10 * j) + 0.5 * Float(generator.nextGaussian())]
                    labels.append((i + j) % 2)
                }
            }
        }
        let data = Dataset(features: features, featureCount: 2, labels: labels)
        let search = KeepRatioSearch(tolerance: 0.01, classifier: .kNearestNeighbors(k: 1), folds: 5, context: .serial)
        let choice = try search.search(PrototypeSelector(), data: data, seed: 9)
        #expect(choice.fullAccuracy == 1)
        #expect(choice.ratio == 0.0476)
        #expect(choice.curve.map(\.ratio) == [0.01, 0.02, 0.04, 0.0436, 0.0476, 0.0566, 0.08, 1])
        #expect(choice.curve.map(\.passes) == [false, false, false, false, true, true, true, true])
        #expect(choice.curve.map(\.keptRows) == [2, 4, 6, 6, 8, 10, 12, 160])
        // Deterministic for a seed, whatever the threads.
        let again = try KeepRatioSearch(context: ExecutionContext(threads: 4)).search(PrototypeSelector(), data: data, seed: 9)
        #expect(again.curve == choice.curve && again.ratio == choice.ratio)
        // A tolerance of 100 points takes the first grid ratio.
        #expect(try KeepRatioSearch(tolerance: 1, context: .serial).search(PrototypeSelector(), data: data, seed: 9).ratio == 0.01)
        #expect(throws: GAISError.self) { try KeepRatioSearch(tolerance: 2).search(PrototypeSelector(), data: data, seed: 9) }
    }
}
