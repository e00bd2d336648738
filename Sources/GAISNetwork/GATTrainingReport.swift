/// What happened while training a `GATModel`.
public struct GATTrainingReport: Sendable {
    /// Number of epochs run (≤ `configuration.epochs`; fewer when early stopping fired).
    public let epochs: Int
    /// The 1-based epoch whose weights were kept (lowest monitored loss).
    public let bestEpoch: Int
    /// Mean training loss (with dropout) of each epoch's steps.
    public let trainingLoss: [Float]
    /// Monitored loss after each epoch (no dropout): the weighted cross-entropy on the held-out
    /// nodes of the evaluation groups, or on their training nodes when nothing is held out.
    public let validationLoss: [Float]
    /// Accuracy of the kept weights on the training nodes of the evaluation groups (every
    /// node for a single-group graph).
    public let trainingAccuracy: Double
    /// Accuracy of the kept weights on the held-out nodes of the evaluation groups (0 when
    /// nothing is held out).
    public let validationAccuracy: Double
    /// Number of optimiser steps taken.
    public let steps: Int
}
