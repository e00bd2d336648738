/// Early stopping on a monitored loss (method.md §3): remembers the best epoch's weights and
/// says when `patience` epochs in a row brought no improvement.
struct EarlyStopping {
    let patience: Int
    private(set) var trainingLoss: [Float] = []
    private(set) var monitoredLoss: [Float] = []
    private(set) var best = Float.infinity
    /// 1-based epoch of the lowest monitored loss so far (0: none yet).
    private(set) var bestEpoch = 0
    private(set) var bestValues: [Float] = []
    private var epochsWithoutImprovement = 0

    init(patience: Int) { self.patience = patience }

    /// Epochs recorded.
    var epochs: Int { trainingLoss.count }

    /// Records one finished epoch; returns `true` when training should stop.
    mutating func record(trainingLoss: Float, monitored: Float, weights: [Float]) -> Bool {
        self.trainingLoss.append(trainingLoss)
        monitoredLoss.append(monitored)
        if monitored < best {
            best = monitored
            bestEpoch = epochs
            bestValues = weights
            epochsWithoutImprovement = 0
            return false
        }
        epochsWithoutImprovement += 1
        return epochsWithoutImprovement >= patience
    }
}
