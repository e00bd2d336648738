import Testing
import GAISCore
@testable import GAISSelectors

/// Tiny cases on a line, worked out on paper (distances written linearly; the code compares
/// squared distances, which orders the same way). Class A = 0, B = 1.
@Suite struct HandCheckedTests {
    /// A at 0, 1, 2; B at 8…13; two A rows (11.5, 12.5) inside the B run.
    /// rows: 0:0A 1:1A 2:2A 3:8B 4:9B 5:10B 6:11B 7:12B 8:13B 9:11.5A 10:12.5A
    static let noisyLine = TestData.line([(0, 0), (1, 0), (2, 0), (8, 1), (9, 1), (10, 1), (11, 1),
                                          (12, 1), (13, 1), (11.5, 0), (12.5, 0)])

    @Test func ennRemovesRowsOutvotedByThreeNeighbours() throws {
        // 3-NN votes: row 7 (12): 11.5A, 12.5A, then 11 and 13 tie at 1 → smaller index 6 (11B)
        //   → A,A,B → removed.  row 8 (13): 12.5A, 12B, 11.5A → removed.
        // row 9 (11.5): 11B, 12B, 12.5A → removed.  row 10 (12.5): 12B, 13B, 11.5A → removed.
        // row 6 (11): 11.5A, 10B, 12B → kept.  row 5 (10): 9B, 11B, 11.5A → kept.
        // rows 0–4 have only their own class among their 3 nearest → kept.
        let s = try EditedNearestNeighborsSelector().select(from: Self.noisyLine, seed: 1)
        #expect(s.indices == [0, 1, 2, 3, 4, 5, 6])
    }

    @Test func rennReachesTheFixedPointOfEnn() throws {
        // Round 1 is the ENN above. Round 2 on {0,1,2,8,9,10,11}: row 6 (11): 10, 9, 8 (all B)
        // and row 5 (10): 9, 11, 8 → nothing more is removed.
        let s = try RepeatedEditedNearestNeighborsSelector().select(from: Self.noisyLine, seed: 1)
        #expect(s.indices == [0, 1, 2, 3, 4, 5, 6])
    }

    @Test func allKnnAlsoAppliesTheOneNeighbourRule() throws {
        // 1-NN misclassifies row 6 (11 → 11.5A), row 7 (12 → 11.5A, tie with 12.5 → smaller
        // index), row 8 (13 → 12.5A), rows 9, 10 (their nearest is B). Rows 0–5 are right
        // for k = 1, 2, 3 (row 5 (10): 1-NN is 9 (tie with 11, smaller index), 2-NN 9, 11).
        let s = try AllKNearestNeighborsSelector().select(from: Self.noisyLine, seed: 1)
        #expect(s.indices == [0, 1, 2, 3, 4, 5])
    }

    @Test func cnnKeepsOneRowPerClassOfSeparatedClusters() throws {
        // A at 0, 1, 2 and B at 10, 11, 12: whatever the seed rows, every other row is nearer to
        // its class's seed than to the other class's seed, so nothing is added.
        let data = TestData.line([(0, 0), (1, 0), (2, 0), (10, 1), (11, 1), (12, 1)])
        for seed: UInt64 in 0..<10 {
            let s = try CondensedNearestNeighborSelector().select(from: data, seed: seed)
            #expect(s.indices.count == 2, "seed \(seed)")
            #expect(Set(s.indices.map { data.labels[$0] }) == [0, 1], "seed \(seed)")
        }
        // An A row at 13 beyond the B run is always misclassified by the seeds → stored.
        let withOutlier = TestData.line([(0, 0), (1, 0), (2, 0), (10, 1), (11, 1), (12, 1), (13, 0)])
        for seed: UInt64 in 0..<10 {
            let s = try CondensedNearestNeighborSelector().select(from: withOutlier, seed: seed)
            #expect(s.indices.contains(6), "seed \(seed)")
        }
    }

    @Test func icfDropsInteriorRowsCoveredByOthers() throws {
        // A at 0, 1, 2, 6 (rows 0–3), B at 10, 11, 12, 13 (rows 4–7). ENN keeps everything
        // (row 3 (6): 2A, then 10B/… ties → 2, 1, 0 are A).
        // Radii (nearest enemy): A0 10, A1 9, A2 8, A6 4; B10 4, B11 5, B12 6, B13 7.
        // |LS| (others, strictly inside): A0 3, A1 3, A2 3 (6 is at 4 < 8), A6 0 (2 is at
        // exactly 4); coverage: A0 2, A1 2, A2 2, A6 3. Every B: |LS| 3, coverage 3.
        // Round 1 removes A0, A1, A2 (3 > 2). Round 2 on {6, 10…13} removes nothing.
        let data = TestData.line([(0, 0), (1, 0), (2, 0), (6, 0), (10, 1), (11, 1), (12, 1), (13, 1)])
        let s = try IterativeCaseFilteringSelector().select(from: data, seed: 1)
        #expect(s.indices == [3, 4, 5, 6, 7])
    }

    @Test func drop3KeepsTheBorderPair() throws {
        // A at 0, 1, 2, 3 (rows 0–3), B at 10, 11, 12, 13 (rows 4–7), k = 1 (lists of 2).
        // ENN(k=1) keeps all. Order by nearest-enemy distance, decreasing, ties → smaller row:
        // 0, 7, 1, 6, 2, 5, 3, 4. Lists: A0 [1,2] A1 [0,2] A2 [1,3] A3 [2,1];
        // B10 [5,6] B11 [4,6] B12 [5,7] B13 [6,5].
        // P=0: associate A1: with [0] ✓, without [2] ✓ → removed; A1 → [2,3].
        // P=7: associate B12 ✓/✓ → removed; B12 → [5,4].
        // P=1: associates A0 [1,2], A2 [1,3], A3 [2,1]: all ✓/✓ → removed;
        //      A0 → [2,3], A2 → [3,4(B)], A3 → [2,4(B)].
        // P=6: associates B10 [5,6], B11 [4,6], B13 [6,5]: ✓/✓ → removed;
        //      B10 → [5,3(A)], B11 → [4,3(A)], B13 → [5,4].
        // P=2: associates A0 ✓/✓, A1 ✓/✓, A3 [2,4]: with ✓, without [4] = B ✗ → 3 > 2, kept.
        // P=5: associates B10 [5,3]: ✓/✗, B12 ✓/✓, B13 ✓/✓ → kept.
        // P=3: associates A2 [3,4] ✓/✗, A1, A0, B10, B11 ✓/✓ → with 5, without 4 → kept.
        // P=4: associates B11 [4,3] ✓/✗, B12, A2, A3, B13 ✓/✓ → kept.
        let data = TestData.line([(0, 0), (1, 0), (2, 0), (3, 0), (10, 1), (11, 1), (12, 1), (13, 1)])
        let s = try DecrementalReductionOptimizationSelector(neighbors: 1).select(from: data, seed: 1)
        #expect(s.indices == [2, 3, 4, 5])
    }

    /// A at 0, 1, 2 (rows 0–2); B at 2.5, 6, 7 (rows 3–5).
    static let localSetLine = TestData.line([(0, 0), (1, 0), (2, 0), (2.5, 1), (6, 1), (7, 1)])

    @Test func lssmRemovesRowsMoreHarmfulThanUseful() throws {
        // Nearest enemies: A0, A1, A2 → B2.5; B2.5, B6, B7 → A2. So h(A2) = h(B2.5) = 3.
        // Local sets (others): A0 {A1, A2}, A1 {A0, A2}, A2 {}, B2.5 {}, B6 {B7, B2.5},
        // B7 {B6, B2.5}. Usefulness: A0 1, A1 1, A2 2, B2.5 2, B6 1, B7 1.
        // u < h for A2 and B2.5 → removed.
        let s = try LocalSetSmootherSelector().select(from: Self.localSetLine, seed: 1)
        #expect(s.indices == [0, 1, 4, 5])
    }

    @Test func lsboKeepsOneBorderRowPerLocalSet() throws {
        // After LSSm: A0, A1, B6, B7. Radii: A0 6, A1 5, B6 5, B7 6; every local set has one
        // other row. Visit order (sizes tie → row order): A0 → selected; A1: A0 at 1 < 5 is in
        // LS(A1) → skipped; B6 → selected; B7: B6 at 1 < 6 → skipped.
        let s = try LocalSetBorderSelector().select(from: Self.localSetLine, seed: 1)
        #expect(s.indices == [0, 4])
    }

    @Test func randomKeepsTheQuotaOfEachClass() throws {
        let data = TestData.blobs(count: 300, dimension: 2, classCount: 3, seed: 4)
        let s = try RandomSelector(size: .keepRatio(0.1)).select(from: data, seed: 9)
        var counts = [0, 0, 0]
        for i in s.indices { counts[Int(data.labels[i])] += 1 }
        #expect(counts == [10, 10, 10])
        let other = try RandomSelector(size: .keepRatio(0.1)).select(from: data, seed: 10)
        #expect(other.indices != s.indices)
    }

    @Test func aClassTheEditWouldEmptyKeepsItsRowNearestItsMean() throws {
        // rows 0:9A 1:9.5A 2:9.8A 3:11A 4:10B 5:10.5B 6:10.8A. ENN (k = 3):
        // row 4 (10): 9.8A (.2), then 9.5A and 10.5B tie at .5 → smaller row 1 → A wins.
        // row 5 (10.5): 10.8A (.3), then 10B and 11A tie at .5 → row 3 (A) → A wins.
        // Both B rows go; the B mean is 10.25, both are 0.25 away → the smaller row, 4.
        let data = TestData.line([(9, 0), (9.5, 0), (9.8, 0), (11, 0), (10, 1), (10.5, 1), (10.8, 0)])
        let s = try EditedNearestNeighborsSelector().select(from: data, seed: 1)
        #expect(s.indices.filter { data.labels[$0] == 1 } == [4])
    }
}
