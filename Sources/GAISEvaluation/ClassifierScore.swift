import GAISCore
/// How one classifier did on one test set.
public struct ClassifierScore: Sendable, Equatable {
    /// Fraction of test rows predicted right, in [0, 1].
    public var accuracy: Double
    /// Macro-averaged F1 (see `Metrics.macroF1`), in [0, 1].
    public var macroF1: Double
    /// Seconds spent fitting (prediction not included).
    public var trainingSeconds: Double

    public init(accuracy: Double, macroF1: Double, trainingSeconds: Double = 0) {
        self.accuracy = accuracy
        self.macroF1 = macroF1
        self.trainingSeconds = trainingSeconds
    }
}
