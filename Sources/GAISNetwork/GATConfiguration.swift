import GAISCore

/// Hyper-parameters of the two-layer graph attention network and its training (method.md §3).
///
/// Defaults follow Veličković et al., "Graph Attention Networks", ICLR 2018, with this
/// project's choices (4 heads × 8 features, dropout 0.2, patience 20).
public struct GATConfiguration: Sendable, Equatable {
    /// Features per head in layer 1, ≥ 1 (default 8).
    public var hidden: Int
    /// Attention heads in layer 1, ≥ 1 (default 4). Layer 2 always has one head.
    public var heads: Int
    /// Maximum number of epochs, ≥ 1 (default 200).
    public var epochs: Int
    /// Epochs without a better validation loss before stopping, ≥ 1 (default 20).
    public var patience: Int
    /// Adam step size, > 0 (default 0.01).
    public var learningRate: Float
    /// L2 penalty added to the gradient as PyTorch's `Adam(weight_decay:)` does, ≥ 0
    /// (default 5e-4).
    public var weightDecay: Float
    /// Dropout probability on the inputs of both layers and on attention coefficients during
    /// training, in [0, 1) (default 0.2).
    public var dropout: Float
    /// Fraction of each class held out for early stopping, in [0, 0.5] (default 0.1). With 0,
    /// the training loss on the evaluation groups (no dropout) is monitored instead.
    public var validationFraction: Double
    /// Optimiser steps per epoch when the graph has several groups, ≥ 1; `nil` (default) means
    /// `min(number of groups, 8)`. Ignored (one full-batch step per epoch) for one group.
    public var stepsPerEpoch: Int?
    /// Number of groups (a fixed seeded sample) on which the validation loss is measured each
    /// epoch, ≥ 1 (default 8). Ignored for one group.
    public var validationGroups: Int

    public init(hidden: Int = 8, heads: Int = 4, epochs: Int = 200, patience: Int = 20,
                learningRate: Float = 0.01, weightDecay: Float = 5e-4, dropout: Float = 0.2,
                validationFraction: Double = 0.1, stepsPerEpoch: Int? = nil,
                validationGroups: Int = 8) {
        self.hidden = hidden
        self.heads = heads
        self.epochs = epochs
        self.patience = patience
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.dropout = dropout
        self.validationFraction = validationFraction
        self.stepsPerEpoch = stepsPerEpoch
        self.validationGroups = validationGroups
    }

    /// Throws `GAISError.invalidParameter` for the first value out of range.
    public func validate() throws {
        let owner = "GAT"
        try GAISError.require(hidden >= 1, "hidden", of: owner, "≥ 1", got: hidden)
        try GAISError.require(heads >= 1, "heads", of: owner, "≥ 1", got: heads)
        try GAISError.require(epochs >= 1, "epochs", of: owner, "≥ 1", got: epochs)
        try GAISError.require(patience >= 1, "patience", of: owner, "≥ 1", got: patience)
        try GAISError.require(learningRate > 0 && learningRate.isFinite, "learningRate", of: owner,
                              "a finite number > 0", got: learningRate)
        try GAISError.require(weightDecay >= 0 && weightDecay.isFinite, "weightDecay", of: owner,
                              "a finite number ≥ 0", got: weightDecay)
        try GAISError.require(dropout >= 0 && dropout < 1, "dropout", of: owner, "in [0, 1)", got: dropout)
        try GAISError.require(validationFraction >= 0 && validationFraction <= 0.5, "validationFraction",
                              of: owner, "in [0, 0.5]", got: validationFraction)
        if let steps = stepsPerEpoch {
            try GAISError.require(steps >= 1, "stepsPerEpoch", of: owner, "≥ 1", got: steps)
        }
        try GAISError.require(validationGroups >= 1, "validationGroups", of: owner, "≥ 1", got: validationGroups)
    }
}
