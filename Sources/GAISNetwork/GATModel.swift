/// A trained two-layer graph attention network (Veličković, Cucurull, Casanova, Romero, Liò &
/// Bengio, "Graph Attention Networks", ICLR 2018), shaped as method.md §3: layer 1 has
/// `configuration.heads × configuration.hidden` concatenated ELU outputs, layer 2 one head of
/// `classCount` softmax outputs. Immutable and `Sendable`, so one model can score many graphs
/// concurrently. Made by `GATTrainer.train`; used through `infer(features:graph:)`.
public struct GATModel: Sendable {
    /// Number of input features per node.
    public let inputDimension: Int
    /// Number of classes (outputs of layer 2).
    public let classCount: Int
    /// The configuration the model was trained with (its `heads` and `hidden` fix the shape).
    public let configuration: GATConfiguration
    /// Applied to the input features as they are gathered (nil: used as given). Set by
    /// `GATTrainer.train(…, inputScaling:)`; `infer` applies it too.
    public let inputScaling: InputScaling?
    /// Every weight, laid out by `shape`.
    let parameters: GATParameters<Float>

    var shape: GATShape { parameters.shape }

    /// Number of trainable parameters.
    public var parameterCount: Int { parameters.values.count }

    init(configuration: GATConfiguration, parameters: GATParameters<Float>, inputScaling: InputScaling? = nil) {
        self.inputDimension = parameters.shape.inputDimension
        self.classCount = parameters.shape.classCount
        self.configuration = configuration
        self.inputScaling = inputScaling
        self.parameters = parameters
    }
}
