import GAISCore
import GAISKernels

/// The Float path of `AttentionLayer`: the same passes as the generic reference, with every
/// loop in the C kernels of GAISKernels (`gais_gat_*`), which repeat the reference's arithmetic
/// operation for operation. Training and inference run here; the generic code stays the
/// reference (and the Double path of the gradient checks), and the tests check the two agree
/// bit for bit.
extension AttentionLayer {
    /// The Float tensors of one layer, borrowed as plain pointers (`KernelWeights(weights)` is
    /// only formed when the scalar is `Float`).
    struct KernelWeights {
        let weight, attentionSource, attentionTarget, bias: UnsafePointer<Float>?
        init<Scalar: NetworkScalar>(_ weights: AttentionLayerWeights<Scalar>) {
            precondition(Scalar.self == Float.self)
            func view(_ tensor: UnsafeBufferPointer<Scalar>) -> UnsafePointer<Float>? {
                tensor.start.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) }
            }
            (weight, attentionSource, attentionTarget, bias) =
                (view(weights.weight), view(weights.attentionSource), view(weights.attentionTarget), view(weights.bias))
        }
    }

    /// The forward pass's tensors, in `AttentionLayerCache`'s order (without the input).
    typealias KernelForward = (projected: [Float], logits: [Float], attention: [Float], dropped: [Float],
                               output: [Float])

    static func forwardKernel(
        graph: AttentionGraph, input: [Float], inputWidth: Int, heads: Int, headWidth: Int,
        weights: KernelWeights, weightCount: Int, attentionMask: [Float], context: ExecutionContext
    ) -> KernelForward {
        let n = graph.nodeCount, width = heads * headWidth, edges = graph.edgeCount
        precondition(input.count == n * inputWidth && weightCount == inputWidth * width)
        precondition(attentionMask.isEmpty || attentionMask.count == edges * heads)
        var projected = [Float](repeating: 0, count: n * width)
        var sourceScore = [Float](repeating: 0, count: n * heads)
        var targetScore = [Float](repeating: 0, count: n * heads)
        var logits = [Float](repeating: 0, count: edges * heads)
        var attention = [Float](repeating: 0, count: edges * heads)
        var dropped = attentionMask.isEmpty ? [] : [Float](repeating: 0, count: edges * heads)
        var output = [Float](repeating: 0, count: n * width)
        guard n > 0 else { return (projected, logits, attention, dropped, output) }
        let slope = Float(negativeSlope)
        input.withUnsafeBufferPointer { x in
        projected.withUnsafeMutableBufferPointer { z in
        sourceScore.withUnsafeMutableBufferPointer { s in
        targetScore.withUnsafeMutableBufferPointer { t in
        graph.rowStart.withUnsafeBufferPointer { rowStart in
        graph.source.withUnsafeBufferPointer { source in
        attentionMask.withUnsafeBufferPointer { mask in
        logits.withUnsafeMutableBufferPointer { e in
        attention.withUnsafeMutableBufferPointer { alpha in
        dropped.withUnsafeMutableBufferPointer { alphaDropped in
        output.withUnsafeMutableBufferPointer { out in
            let x = x.start, z = z.start, s = s.start, t = t.start
            let rowStart = rowStart.start, source = source.start, mask = mask.start
            let e = e.start, alpha = alpha.start, alphaDropped = alphaDropped.start
            let out = out.start
            if inputWidth > 0 && width > 0 {
                forEachRowChunk(n, grain: rowGrain, context: context) { range in
                    gais_gat_project(range.lowerBound, range.upperBound, inputWidth, width, x,
                                     weights.weight, z)
                }
            }
            forEachRowChunk(n, grain: rowGrain * 4, context: context) { range in
                gais_gat_attention_halves(range.lowerBound, range.upperBound, heads, headWidth, z,
                                          weights.attentionSource, weights.attentionTarget, s, t)
            }
            forEachRowChunk(n, grain: rowGrain, context: context) { range in
                gais_gat_attention_forward(range.lowerBound, range.upperBound, rowStart, source, z, s, t,
                                           heads, headWidth, mask, slope, weights.bias,
                                           e, alpha, alphaDropped, out)
            }
        }}}}}}}}}}}
        return (projected, logits, attention, dropped, output)
    }

    /// The gradient tensors of one layer as plain Float pointers (see `KernelWeights`).
    struct KernelGradients {
        let weight, attentionSource, attentionTarget, bias: UnsafeMutablePointer<Float>?
        init<Scalar: NetworkScalar>(_ gradients: AttentionLayerGradients<Scalar>) {
            precondition(Scalar.self == Float.self)
            func view(_ tensor: UnsafeMutableBufferPointer<Scalar>) -> UnsafeMutablePointer<Float>? {
                tensor.start.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: Float.self) }
            }
            (weight, attentionSource, attentionTarget, bias) = (view(gradients.weight), view(gradients.attentionSource),
                                                                view(gradients.attentionTarget), view(gradients.bias))
        }
    }

    /// - Parameter cache: the forward pass's input and tensors.
    static func backwardKernel(
        graph: AttentionGraph, cache: (input: [Float], forward: KernelForward), outputGradient: [Float],
        inputWidth: Int, heads: Int, headWidth: Int, weights: KernelWeights,
        attentionMask: [Float], gradients: KernelGradients,
        needsInputGradient: Bool, context: ExecutionContext
    ) -> [Float] {
        let n = graph.nodeCount, width = heads * headWidth, edges = graph.edgeCount
        precondition(outputGradient.count == n * width)
        let slope = Float(negativeSlope)
        var logitGradient = [Float](repeating: 0, count: edges * heads)
        var targetGradient = [Float](repeating: 0, count: n * heads)
        var sourceGradient = [Float](repeating: 0, count: n * heads)
        var projectedGradient = [Float](repeating: 0, count: n * width)
        var inputGradient = needsInputGradient ? [Float](repeating: 0, count: n * inputWidth) : []
        guard n > 0 else { return inputGradient }
        let alphaUsed = attentionMask.isEmpty ? cache.forward.attention : cache.forward.dropped
        // The default first layer's logit gradients read z feature-major (one lane per head).
        var zByFeature = [Float]()
        if heads == 4 && headWidth == 8 {
            zByFeature = [Float](unsafeUninitializedCapacity: n * width) { buffer, initialized in
                cache.forward.projected.withUnsafeBufferPointer { z in
                    gais_gat_transpose_heads(n, heads, headWidth, z.baseAddress, buffer.baseAddress)
                }
                initialized = n * width
            }
        }
        zByFeature.withUnsafeBufferPointer { zByFeature in
        graph.rowStart.withUnsafeBufferPointer { rowStart in
        graph.source.withUnsafeBufferPointer { source in
        graph.outgoingStart.withUnsafeBufferPointer { outStart in
        graph.outgoingEdge.withUnsafeBufferPointer { outEdge in
        graph.target.withUnsafeBufferPointer { target in
        cache.input.withUnsafeBufferPointer { x in
        cache.forward.projected.withUnsafeBufferPointer { z in
        cache.forward.logits.withUnsafeBufferPointer { e in
        cache.forward.attention.withUnsafeBufferPointer { alpha in
        alphaUsed.withUnsafeBufferPointer { alphaUsed in
        attentionMask.withUnsafeBufferPointer { mask in
        outputGradient.withUnsafeBufferPointer { g in
        logitGradient.withUnsafeMutableBufferPointer { de in
        targetGradient.withUnsafeMutableBufferPointer { dt in
        sourceGradient.withUnsafeMutableBufferPointer { ds in
        projectedGradient.withUnsafeMutableBufferPointer { dz in
        inputGradient.withUnsafeMutableBufferPointer { dx in
            let rowStart = rowStart.start, source = source.start
            let outStart = outStart.start, outEdge = outEdge.start, target = target.start
            let x = x.start, z = z.start, zByFeature = zByFeature.start, e = e.start, alpha = alpha.start
            let alphaUsed = alphaUsed.start, mask = mask.start, g = g.start
            let de = de.start, dt = dt.start, ds = ds.start, dz = dz.start
            let dx = dx.start
            gais_gat_column_sums(n, width, g, gradients.bias)
            forEachRowChunk(n, grain: rowGrain, context: context) { range in
                gais_gat_backward_logits(range.lowerBound, range.upperBound, rowStart, source, z, zByFeature, g,
                                         alpha, e, mask, heads, headWidth, slope, de, dt)
            }
            forEachRowChunk(n, grain: rowGrain, context: context) { range in
                gais_gat_backward_gather(range.lowerBound, range.upperBound, outStart, outEdge, target, alphaUsed,
                                         g, de, dt, weights.attentionSource, weights.attentionTarget,
                                         heads, headWidth, ds, dz)
            }
            gais_gat_attention_vector_gradients(n, heads, headWidth, z, ds, dt, gradients.attentionSource,
                                                gradients.attentionTarget)
            guard inputWidth > 0 && width > 0 else { return }
            forEachRowChunk(inputWidth, grain: 8, context: context) { range in
                gais_gat_weight_gradient(range.lowerBound, range.upperBound, n, inputWidth, width, x, dz,
                                         gradients.weight)
            }
            guard needsInputGradient else { return }
            forEachRowChunk(n, grain: rowGrain, context: context) { range in
                gais_gat_input_gradient(range.lowerBound, range.upperBound, inputWidth, width, dz, weights.weight, dx)
            }
        }}}}}}}}}}}}}}}}}}
        return inputGradient
    }
}

extension UnsafeBufferPointer {
    /// The first element's address, or nil when empty. An empty array's buffer may still
    /// point at the shared empty-array storage, which the C kernels must never read or write,
    /// and nil is what tells them an optional tensor (a dropout mask) is absent.
    var start: UnsafePointer<Element>? { isEmpty ? nil : baseAddress }
}

extension UnsafeMutableBufferPointer {
    /// The first element's address, or nil when empty (see `UnsafeBufferPointer.start`).
    var start: UnsafeMutablePointer<Element>? { isEmpty ? nil : baseAddress }
}
