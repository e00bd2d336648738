import Testing
@testable import GAISEvaluation

@Suite struct StatisticsTests {
    @Test func averageRanksShareTies() {
        #expect(Statistics.averageRanks([3, 1, 4, 1, 5]) == [3, 1.5, 4, 1.5, 5])
        #expect(Statistics.averageRanks([2, 2, 2]) == [2, 2, 2])
        // Friedman convention: the best accuracy gets rank 1.
        #expect(Statistics.descendingRanks([0.9, 0.8, 0.9, 0.7]) == [1.5, 3, 1.5, 4])
    }

    @Test func meanAndSampleStandardDeviation() {
        #expect(Statistics.mean([1, 2, 3, 4]) == 2.5)
        #expect(abs(Statistics.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) - 2.138089935299395) < 1e-12)
        #expect(Statistics.standardDeviation([3]) == 0)
    }

    // Expected values from scipy 1.17.1:
    //   from scipy.stats import wilcoxon
    //   cases = {
    //    "exact": [0.5, -1.2, 2.3, 0.8, 1.9, -0.3, 1.1, 2.8, 0.4, 1.6],
    //    "tiesSmall": [1.0, -1.0, 2.0, 2.0, 3.0, -0.5, 1.0, 4.0],
    //    "zerosMid": [0.0, 1.5, -0.7, 2.2, 0.9, 1.1, -1.4, 0.3, 2.6, 1.8, -0.2, 0.6, 1.3, 0.0, 2.0,
    //                 -0.9, 1.7, 0.8, 1.2, 2.4],
    //    "large": [((i * 37) % 23 - 8) / 10.0 + 0.05 * i for i in range(60)],
    //   }
    //   for k, d in cases.items():
    //       r = wilcoxon(d, zero_method="wilcox"); print(k, r.statistic, r.pvalue)
    // exact 7.0 0.037109375 / tiesSmall 4.0 0.0625 / zerosMid 22.5 0.0060695963841469955 /
    // large 24.0 5.410146110352098e-11
    @Test func wilcoxonMatchesScipy() {
        let exact = Statistics.wilcoxon([0.5, -1.2, 2.3, 0.8, 1.9, -0.3, 1.1, 2.8, 0.4, 1.6])
        #expect(exact.statistic == 7 && exact.exact)
        #expect(abs(exact.pValue - 0.037109375) < 1e-12)

        let ties = Statistics.wilcoxon([1.0, -1.0, 2.0, 2.0, 3.0, -0.5, 1.0, 4.0])
        #expect(ties.statistic == 4)
        #expect(abs(ties.pValue - 0.0625) < 1e-12)

        let zeroCase: [Double] = [0.0, 1.5, -0.7, 2.2, 0.9, 1.1, -1.4, 0.3, 2.6, 1.8, -0.2, 0.6, 1.3, 0.0,
                                  2.0, -0.9, 1.7, 0.8, 1.2, 2.4]
        let zeros = Statistics.wilcoxon(zeroCase)
        #expect(zeros.statistic == 22.5 && zeros.count == 18 && !zeros.exact)
        #expect(abs(zeros.pValue - 0.0060695963841469955) < 1e-12)

        let largeCase: [Double] = (0..<60).map { (i: Int) -> Double in
            let base = Double((i * 37) % 23 - 8) / 10.0
            return base + 0.05 * Double(i)
        }
        let large = Statistics.wilcoxon(largeCase)
        #expect(large.statistic == 24)
        #expect(abs(large.pValue - 5.410146110352098e-11) / 5.410146110352098e-11 < 1e-6)
    }

    @Test func wilcoxonWithoutDifferencesIsNotSignificant() {
        #expect(Statistics.wilcoxon([0, 0, 0]).pValue == 1)
        #expect(Statistics.wilcoxon([]).pValue == 1)
    }
}
