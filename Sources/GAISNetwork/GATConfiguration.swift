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

    /// Every parameter, described once (the GAIS selector lifts them into its own table).
    public static let parameterTable = ParameterTable<GATConfiguration>([
        .integer("hidden", \.hidden, min: 1, max: 256, valueName: "F", help: "Hidden features per head (default 8)."),
        .integer("heads", \.heads, min: 1, max: 64, valueName: "H", help: "Attention heads of layer 1 (default 4)."),
        .integer("epochs", \.epochs, min: 1, max: 100_000, valueName: "n", help: "Most training epochs (default 200)."),
        .integer("patience", \.patience, min: 1, max: 100_000, valueName: "n",
                 help: "Early-stopping patience in epochs (default 20)."),
        .real("learning-rate", \.learningRate, .real(lower: 0, lowerOpen: true, upper: 10, upperOpen: false),
              valueName: "lr", help: "Adam learning rate (default 0.01)."),
        .real("weight-decay", \.weightDecay, .real(lower: 0, lowerOpen: false, upper: nil, upperOpen: false),
              valueName: "λ", help: "L2 penalty added to the gradient, as PyTorch's Adam does (default 5e-4)."),
        .real("dropout", \.dropout, .real(lower: 0, lowerOpen: false, upper: 1, upperOpen: true), valueName: "p",
              help: "Dropout on inputs and attention during training (default 0: the bench found it hurts; method.md's 0.2 is available)."),
        .real("validation-fraction", \.validationFraction, .real(lower: 0, lowerOpen: false, upper: 0.5, upperOpen: false),
              valueName: "f", help: "Fraction of each class held out for early stopping (default 0.1)."),
        .optionalInteger("steps-per-epoch", \.stepsPerEpoch, min: 1, max: 100_000, none: "auto", valueName: "n",
                         help: "Optimiser steps per epoch on a graph of several groups (default auto: min(groups, 8))."),
        .integer("validation-groups", \.validationGroups, min: 1, max: 100_000, valueName: "n",
                 help: "Groups on which the monitored loss is measured each epoch (default 8)."),
    ])

    /// Throws `GAISError.invalidParameter` for the first value out of range.
    public func validate() throws {
        try Self.parameterTable.validate(self, variant: "GAT")
    }
}
