import GAISCore

/// All weights of the network in one flat vector laid out by `GATShape`, so the optimiser and
/// the gradient checks treat them uniformly.
struct GATParameters<Scalar: NetworkScalar>: Sendable {
    let shape: GATShape
    var values: [Scalar]

    init(shape: GATShape, values: [Scalar]) {
        precondition(values.count == shape.count)
        self.shape = shape
        self.values = values
    }

    /// Glorot-uniform weights and attention vectors, zero biases (as PyTorch Geometric's
    /// `GATConv.reset_parameters`; Glorot & Bengio, AISTATS 2010).
    static func glorot(shape: GATShape, generator: inout SeededGenerator) -> GATParameters {
        var values = [Scalar](repeating: 0, count: shape.count)
        func fill(_ range: Range<Int>, fanIn: Int, fanOut: Int) {
            let bound = (6.0 / Double(fanIn + fanOut)).squareRoot()
            for p in range { values[p] = Scalar((2 * generator.nextDouble() - 1) * bound) }
        }
        let width = shape.width
        fill(shape.w1, fanIn: shape.inputDimension, fanOut: width)
        // PyG initialises att of shape (1, H, F) with fan = H + F.
        fill(shape.attentionSource1, fanIn: shape.heads, fanOut: shape.hidden)
        fill(shape.attentionTarget1, fanIn: shape.heads, fanOut: shape.hidden)
        fill(shape.w2, fanIn: width, fanOut: shape.classCount)
        fill(shape.attentionSource2, fanIn: 1, fanOut: shape.classCount)
        fill(shape.attentionTarget2, fanIn: 1, fanOut: shape.classCount)
        return GATParameters(shape: shape, values: values)
    }

    /// The same parameters in another precision.
    func converted<Other: NetworkScalar>(to _: Other.Type) -> GATParameters<Other> {
        GATParameters<Other>(shape: shape, values: values.map { Other($0) })
    }

    /// Borrowed views of one layer's tensors.
    func withLayers<R>(_ body: (AttentionLayerWeights<Scalar>, AttentionLayerWeights<Scalar>) -> R) -> R {
        values.withUnsafeBufferPointer { all in
            func view(_ range: Range<Int>) -> UnsafeBufferPointer<Scalar> {
                UnsafeBufferPointer(rebasing: all[range])
            }
            let first = AttentionLayerWeights(weight: view(shape.w1), attentionSource: view(shape.attentionSource1),
                                              attentionTarget: view(shape.attentionTarget1), bias: view(shape.bias1))
            let second = AttentionLayerWeights(weight: view(shape.w2), attentionSource: view(shape.attentionSource2),
                                               attentionTarget: view(shape.attentionTarget2), bias: view(shape.bias2))
            return body(first, second)
        }
    }
}

/// One attention layer's tensors, borrowed from the flat parameter vector.
struct AttentionLayerWeights<Scalar: NetworkScalar> {
    /// `inputWidth × (heads · headWidth)`, row-major.
    let weight: UnsafeBufferPointer<Scalar>
    /// `heads × headWidth`: the source (neighbour) half of the attention vector.
    let attentionSource: UnsafeBufferPointer<Scalar>
    /// `heads × headWidth`: the target (receiving node) half of the attention vector.
    let attentionTarget: UnsafeBufferPointer<Scalar>
    /// `heads · headWidth`.
    let bias: UnsafeBufferPointer<Scalar>
}

/// One attention layer's gradient tensors, windows into the flat gradient vector (accumulated).
struct AttentionLayerGradients<Scalar: NetworkScalar> {
    let weight: UnsafeMutableBufferPointer<Scalar>
    let attentionSource: UnsafeMutableBufferPointer<Scalar>
    let attentionTarget: UnsafeMutableBufferPointer<Scalar>
    let bias: UnsafeMutableBufferPointer<Scalar>

    init(_ all: UnsafeMutableBufferPointer<Scalar>, weight: Range<Int>, attentionSource: Range<Int>,
         attentionTarget: Range<Int>, bias: Range<Int>) {
        self.weight = UnsafeMutableBufferPointer(rebasing: all[weight])
        self.attentionSource = UnsafeMutableBufferPointer(rebasing: all[attentionSource])
        self.attentionTarget = UnsafeMutableBufferPointer(rebasing: all[attentionTarget])
        self.bias = UnsafeMutableBufferPointer(rebasing: all[bias])
    }
}
