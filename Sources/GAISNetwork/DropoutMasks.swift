import GAISCore

/// Dropout multipliers for one training step: each entry is 0 (dropped, probability p) or
/// 1/(1−p) (kept, rescaled so expectations match inference). Empty arrays mean "no dropout".
struct DropoutMasks<Scalar: NetworkScalar>: Sendable {
    /// `nodes × inputDimension`, on the input features of layer 1.
    var input1: [Scalar] = []
    /// `edges × heads`, on layer 1's attention coefficients.
    var attention1: [Scalar] = []
    /// `nodes × (heads · hidden)`, on layer 1's output (layer 2's input).
    var input2: [Scalar] = []
    /// `edges`, on layer 2's attention coefficients.
    var attention2: [Scalar] = []

    /// No dropout at all.
    static var none: DropoutMasks { DropoutMasks() }

    /// Fresh masks for a graph with `nodes` nodes and `edges` edges.
    ///
    /// Each mask is cut into fixed blocks of 4096 entries with their own generator stream, so
    /// masks are drawn in parallel yet depend only on `seed`.
    static func random(probability: Float, nodes: Int, edges: Int, shape: GATShape, seed: UInt64,
                       context: ExecutionContext) -> DropoutMasks {
        guard probability > 0 else { return .none }
        func mask(_ count: Int, _ tensor: UInt64) -> [Scalar] {
            var values = [Scalar](repeating: 0, count: count)
            let keep = Scalar(1 / (1 - Double(probability)))
            let block = 4096
            values.withUnsafeMutableBufferPointer { v in
                forEachRowChunk((count + block - 1) / block, grain: 1, context: context) { blocks in
                    for b in blocks {
                        var generator = SeededGenerator(seed: seed, stream: tensor << 40 | UInt64(b))
                        for k in b * block ..< min(count, (b + 1) * block) {
                            v[k] = generator.nextFloat() < probability ? 0 : keep
                        }
                    }
                }
            }
            return values
        }
        return DropoutMasks(input1: mask(nodes * shape.inputDimension, 1),
                            attention1: mask(edges * shape.heads, 2),
                            input2: mask(nodes * shape.width, 3),
                            attention2: mask(edges, 4))
    }
}
