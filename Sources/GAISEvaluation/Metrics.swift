import GAISCore
/// Classification scores of predictions against true labels.
public enum Metrics {
    /// Fraction of rows predicted right, in [0, 1]; 0 for no rows.
    /// - Complexity: O(n).
    public static func accuracy(predicted: [Int32], truth: [Int32]) -> Double {
        precondition(predicted.count == truth.count, "predictions and labels differ in length")
        guard !truth.isEmpty else { return 0 }
        var right = 0
        for i in truth.indices where predicted[i] == truth[i] { right += 1 }
        return Double(right) / Double(truth.count)
    }

    /// Unweighted mean of the per-class F1 scores, `2·TP / (2·TP + FP + FN)`, over the classes
    /// that occur in `truth` or in `predicted` (as scikit-learn's `f1_score(average="macro")`,
    /// where a class never predicted has F1 = 0). In [0, 1]; 0 for no rows.
    /// - Complexity: O(n + classCount).
    public static func macroF1(predicted: [Int32], truth: [Int32], classCount: Int) -> Double {
        precondition(predicted.count == truth.count, "predictions and labels differ in length")
        var truePositives = [Int](repeating: 0, count: classCount)
        var predictedCounts = [Int](repeating: 0, count: classCount)
        var actualCounts = [Int](repeating: 0, count: classCount)
        for i in truth.indices {
            let t = Int(truth[i]), p = Int(predicted[i])
            actualCounts[t] += 1
            predictedCounts[p] += 1
            if t == p { truePositives[t] += 1 }
        }
        var sum = 0.0
        var classes = 0
        for c in 0..<classCount where actualCounts[c] + predictedCounts[c] > 0 {
            sum += 2 * Double(truePositives[c]) / Double(actualCounts[c] + predictedCounts[c])
            classes += 1
        }
        return classes > 0 ? sum / Double(classes) : 0
    }
}
