import Testing
import GAISCore
@testable import GAISSelectors

/// Results on bundled datasets (features min-max scaled by `TestData.bundled`).
@Suite struct GoldenTests {
    /// Rows ENN (k = 3) removes. Cross-checked against imbalanced-learn 0.14.2 and against an
    /// independent numpy implementation of the same rule (float32 distances summed in feature
    /// order, ties to the smaller row, vote ties to the nearest tied neighbour):
    ///
    ///     X, y = load(path)            # float32, (x - min) / (max - min) per column
    ///     enn = EditedNearestNeighbours(sampling_strategy='all', n_neighbors=3, kind_sel='mode')
    ///     enn.fit_resample(X.astype(np.float64), y)
    ///     removed = sorted(set(range(len(y))) - set(enn.sample_indices_))
    ///
    /// Both gave iris [63, 65, 74, 96, 118, 119, 147] and wine [65, 66, 88, 106, 109, 167].
    /// (At scale, on the 100,000 × 20 set of `scripts/compare_imblearn.py`, the kept rows were
    /// identical too: 94,121 rows, none differing.)
    @Test(arguments: [("Datasets/keel/iris.csv", [63, 65, 74, 96, 118, 119, 147]),
                      ("Datasets/keel/wine.csv", [65, 66, 88, 106, 109, 167])])
    func ennMatchesImbalancedLearn(path: String, removed: [Int]) throws {
        let data = try #require(TestData.bundled(path))
        let kept = try EditedNearestNeighborsSelector().select(from: data, seed: 0).indices
        #expect(kept == (0..<data.rowCount).filter { !removed.contains($0) })
    }

    /// Kept rows per class at seed 1. No external reference implements these exact variants,
    /// so these are regression values recorded from this implementation once the hand-checked
    /// cases and properties passed (CNN's re-recorded when its streams moved to the seed tree:
    /// its random start rows and pass order come from `seed.child("start")` and `child("order")`); they agree with the sizes reported in the literature for
    /// iris and wine (DROP3, ICF, LSBo keep roughly 10–30 %, ENN-type editors remove a few %).
    @Test func keptCountsPerClass() throws {
        let expected: [String: [String: [Int]]] = [
            "Datasets/keel/iris.csv": [
                "random": [2, 2, 2], "cnn": [2, 7, 8], "enn": [50, 47, 46], "renn": [50, 47, 46],
                "allknn": [50, 47, 46], "icf": [25, 9, 7], "drop3": [3, 6, 5], "lssm": [50, 47, 47],
                "lsbo": [2, 6, 5],
            ],
            "Datasets/keel/wine.csv": [
                "random": [2, 3, 2], "cnn": [5, 15, 7], "enn": [59, 65, 48], "renn": [59, 65, 48],
                "allknn": [59, 62, 48], "icf": [5, 9, 7], "drop3": [5, 16, 5], "lssm": [59, 66, 48],
                "lsbo": [5, 15, 5],
            ],
        ]
        for (path, byName) in expected {
            let data = try #require(TestData.bundled(path))
            for (name, counts) in byName {
                let s = try #require(Self.classic[name]).select(from: data, seed: 1)
                var perClass = [Int](repeating: 0, count: data.classCount)
                for i in s.indices { perClass[Int(data.labels[i])] += 1 }
                #expect(perClass == counts, "\(path) \(name)")
            }
        }
    }

    static let classic: [String: any InstanceSelector] = [
        "random": RandomSelector(), "cnn": CondensedNearestNeighborSelector(), "enn": EditedNearestNeighborsSelector(),
        "renn": RepeatedEditedNearestNeighborsSelector(), "allknn": AllKNearestNeighborsSelector(),
        "icf": IterativeCaseFilteringSelector(), "drop3": DecrementalReductionOptimizationSelector(),
        "lssm": LocalSetSmootherSelector(), "lsbo": LocalSetBorderSelector(),
    ]

    @Test func drop3AndLsboOnIris() throws {
        let data = try #require(TestData.bundled("Datasets/keel/iris.csv"))
        let drop3 = try DecrementalReductionOptimizationSelector().select(from: data, seed: 1).indices
        #expect(drop3 == [20, 38, 40, 47, 54, 76, 77, 81, 82, 97, 109, 111, 112, 145])
        let lsbo = try LocalSetBorderSelector().select(from: data, seed: 1).indices
        #expect(lsbo == [4, 38, 47, 50, 59, 61, 74, 103, 109, 114, 119, 123, 140])
    }
}
